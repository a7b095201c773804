"""Length-sorted batches: every sentence once, neighbours of similar length, seeded order."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")

from interlang.models.transformer.sentence_train import length_batches


def test_length_batches_cover_every_row_once_and_group_similar_lengths() -> None:
    rng = np.random.default_rng(0)
    lengths = rng.integers(3, 64, size=103)
    batches = length_batches(lengths.tolist(), 8, np.random.default_rng(1))
    flat = np.concatenate(batches)
    assert sorted(flat.tolist()) == list(range(103))
    spread = np.mean([np.ptp(lengths[b]) for b in batches])
    assert spread < 0.25 * np.ptp(lengths)  # sorting is what makes dynamic padding cheap
    again = length_batches(lengths.tolist(), 8, np.random.default_rng(1))
    assert all(np.array_equal(a, b) for a, b in zip(batches, again, strict=True))
