"""Seeded stratified/grouped splits: sizes, determinism, no group leaks, small-class fallback."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation.splits import SmallClassWarning, grouped_kfold, train_dev_test_split

LABELS = ["A1"] * 100 + ["B1"] * 60 + ["C1"] * 40


def _assert_partition(parts: list[np.ndarray], n: int) -> None:
    joined = np.concatenate(parts)
    assert len(joined) == n
    np.testing.assert_array_equal(np.sort(joined), np.arange(n))


def test_stratified_70_15_15() -> None:
    split = train_dev_test_split(LABELS, seed=1)
    _assert_partition(list(split), len(LABELS))
    assert split.sizes() == (140, 30, 30)
    for part, share in zip(split, (0.7, 0.15, 0.15), strict=True):
        counts = Counter(LABELS[i] for i in part)
        assert counts["A1"] == round(100 * share)
        assert counts["C1"] == round(40 * share)


def test_seeded_and_seed_sensitive() -> None:
    a = train_dev_test_split(LABELS, seed=1)
    b = train_dev_test_split(LABELS, seed=1)
    c = train_dev_test_split(LABELS, seed=2)
    np.testing.assert_array_equal(a.test, b.test)
    assert not np.array_equal(a.test, c.test)


def test_unstratified_row_count() -> None:
    split = train_dev_test_split(20, seed=0)
    _assert_partition(list(split), 20)
    assert split.sizes() == (14, 3, 3)


def test_tiny_class_reaches_every_part_and_tinier_class_warns() -> None:
    labels = LABELS + ["C2"] * 4  # MERLIN has 4 C2 texts
    split = train_dev_test_split(labels, seed=0)
    for part in split:
        assert sum(labels[i] == "C2" for i in part) >= 1
    with pytest.warns(SmallClassWarning, match=r"C2 \(2\)"):
        split = train_dev_test_split([*LABELS, "C2", "C2"], seed=0)
    _assert_partition(list(split), len(LABELS) + 2)


def test_grouped_split_never_leaks_a_group() -> None:
    rng = np.random.default_rng(0)
    writers = rng.integers(0, 60, len(LABELS))
    split = train_dev_test_split(LABELS, groups=writers.tolist(), seed=3)
    _assert_partition(list(split), len(LABELS))
    seen = [set(writers[part].tolist()) for part in split]
    assert not (seen[0] & seen[1]) and not (seen[0] & seen[2]) and not (seen[1] & seen[2])
    train, dev, test = split.sizes()
    assert abs(train / len(LABELS) - 0.7) < 0.08 and dev > 0 and test > 0


def test_bad_sizes_and_empty_input() -> None:
    with pytest.raises(InputError, match="sizes"):
        train_dev_test_split(LABELS, sizes=(0.5, 0.5, 0.5))
    with pytest.raises(InputError, match="empty"):
        train_dev_test_split([])


@pytest.mark.parametrize("with_labels", [False, True])
def test_grouped_kfold_groups_in_exactly_one_test_fold(with_labels: bool) -> None:
    rng = np.random.default_rng(1)
    prompts = rng.integers(0, 25, len(LABELS))
    folds = grouped_kfold(prompts.tolist(), 5, labels=LABELS if with_labels else None, seed=4)
    assert len(folds) == 5
    _assert_partition([test for _, test in folds], len(LABELS))
    for train, test in folds:
        _assert_partition([train, test], len(LABELS))
        assert not set(prompts[train].tolist()) & set(prompts[test].tolist())
    again = grouped_kfold(prompts.tolist(), 5, labels=LABELS if with_labels else None, seed=4)
    for (_, t1), (_, t2) in zip(folds, again, strict=True):
        np.testing.assert_array_equal(t1, t2)


def test_grouped_kfold_needs_enough_groups() -> None:
    with pytest.raises(InputError, match="3 group"):
        grouped_kfold(["a", "b", "c", "a"], 5)
