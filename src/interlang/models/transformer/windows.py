"""Token windows: long texts cut into overlapping windows, padded batches, per-text pooling.

Shared by fine-tuning, inference and the frozen-encoder embeddings, so that every transformer
path cuts, pads and pools texts the same way. Imports torch only inside :func:`pad_batch`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from interlang.errors import InputError, ModelError
from interlang.numeric import softmax

__all__ = ["Windows", "encode_windows", "pad_batch", "pool_windows"]


@dataclass
class Windows:
    """Token windows of a list of texts: ids, owning text and character offsets per token."""

    input_ids: list[list[int]]
    text_index: np.ndarray
    offsets: list[list[tuple[int, int]]]

    def __len__(self) -> int:
        return len(self.input_ids)


def encode_windows(tokenizer: Any, texts: Sequence[str], max_length: int, stride: int) -> Windows:
    """Split every text into ``max_length``-token windows overlapping by ``stride`` tokens."""
    enc = tokenizer(
        list(texts), truncation=True, max_length=max_length, stride=stride,
        return_overflowing_tokens=True, return_offsets_mapping=True, padding=False,
    )
    mapping = enc.get("overflow_to_sample_mapping")
    if mapping is None:  # one window per text
        mapping = list(range(len(texts)))
    offsets = [[(int(a), int(b)) for a, b in row] for row in enc["offset_mapping"]]
    return Windows([list(ids) for ids in enc["input_ids"]], np.asarray(mapping, dtype=np.int64), offsets)


def pad_batch(rows: Sequence[Sequence[int]], pad_id: int, device: str = "cpu") -> tuple[Any, Any]:
    """Right-pad token id rows to the longest row: (ids, attention mask) as long tensors.

    Padding only to the batch's own longest row (dynamic padding) is what keeps CPU steps cheap
    when batches are sorted by length.
    """
    import torch

    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.as_tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids.to(device), mask.to(device)


def pool_windows(logits: np.ndarray, text_index: np.ndarray, n_texts: int, how: str,
                 temperature: float = 1.0) -> np.ndarray:
    """Per-text probabilities from per-window logits (``mean-logits``, ``mean-proba``, ``max-proba``)."""
    k = logits.shape[1]
    out = np.zeros((n_texts, k))
    counts = np.bincount(text_index, minlength=n_texts).astype(np.float64)
    if np.any(counts == 0):
        raise ModelError("a text produced no token window")
    z = logits / temperature
    if how == "mean-logits":
        np.add.at(out, text_index, z)
        return softmax(out / counts[:, None], axis=1)
    p = softmax(z, axis=1)
    if how == "mean-proba":
        np.add.at(out, text_index, p)
        out /= counts[:, None]
    elif how == "max-proba":
        out[:] = 0.0
        np.maximum.at(out, text_index, p)
    else:
        raise InputError(f"unknown chunk pooling {how!r}")
    return out / out.sum(axis=1, keepdims=True)
