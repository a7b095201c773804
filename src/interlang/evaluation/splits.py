"""Seeded train/dev/test splits and grouped k-fold, returning index arrays.

Learner corpora are small and skewed (MERLIN has 4 C2 texts) and often hold several texts per
writer or per prompt. A text by the same writer in train and test inflates NLI accuracy, so the
grouped variants never put one group into two parts (writer-disjoint, prompt-disjoint).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interlang.errors import InputError
from interlang.settings import DEFAULT_SEED

__all__ = ["SmallClassWarning", "Split", "grouped_kfold", "train_dev_test_split"]

IntArray = NDArray[np.int64]


class SmallClassWarning(UserWarning):
    """A class is too small to appear in every part of a stratified split."""


@dataclass(frozen=True)
class Split:
    """Row indices of the train, dev and test parts (sorted, disjoint, covering every row)."""

    train: IntArray
    dev: IntArray
    test: IntArray

    def __iter__(self) -> Iterator[IntArray]:
        return iter((self.train, self.dev, self.test))

    def sizes(self) -> tuple[int, int, int]:
        return len(self.train), len(self.dev), len(self.test)


def _check_sizes(sizes: Sequence[float]) -> NDArray[np.float64]:
    frac = np.asarray(sizes, dtype=np.float64)
    if frac.shape != (3,) or np.any(frac < 0) or not np.isclose(frac.sum(), 1.0):
        raise InputError(f"sizes must be three non-negative fractions summing to 1, not {sizes}")
    return frac


def _allocate(n: int, frac: NDArray[np.float64]) -> NDArray[np.int64]:
    """Split ``n`` items by ``frac`` with largest-remainder rounding (ties → earlier part)."""
    ideal = n * frac
    counts = np.floor(ideal).astype(np.int64)
    rest = n - int(counts.sum())
    order = sorted(range(len(frac)), key=lambda i: (-(ideal[i] - counts[i]), i))
    for i in order[:rest]:
        counts[i] += 1
    # A class that can fill every part with a positive share gets at least one row in each, so
    # rare levels (C2) still appear in dev and test; the extra rows come from the largest part.
    if n >= int(np.count_nonzero(frac)):
        for empty in np.flatnonzero((counts == 0) & (frac > 0)):
            donor = int(np.argmax(counts))
            counts[donor] -= 1
            counts[empty] += 1
    return counts


def train_dev_test_split(
    n_or_labels: int | Sequence[Hashable],
    *,
    sizes: Sequence[float] = (0.7, 0.15, 0.15),
    groups: Sequence[Hashable] | None = None,
    stratify: bool = True,
    seed: int = DEFAULT_SEED,
) -> Split:
    """Split rows into train/dev/test (70/15/15 by default), seeded.

    Pass the labels to stratify by them (or ``stratify=False`` for a plain shuffle), or an
    integer row count. Each class is split by largest-remainder rounding; a class with at least
    three rows gets one in each part; smaller classes cannot, and a :class:`SmallClassWarning`
    names them (their rows go to the parts with the largest shares).

    With ``groups`` (writer or prompt ids) whole groups are assigned, greedily and largest group
    first, to the part furthest below its target (per label when stratifying), so no group ever
    appears in two parts; the proportions are then approximate.
    """
    frac = _check_sizes(sizes)
    if isinstance(n_or_labels, (int, np.integer)):
        n = int(n_or_labels)
        labels: NDArray[np.object_] | None = None
    else:
        labels = np.asarray([str(x) for x in n_or_labels], dtype=object)
        n = len(labels)
    if n == 0:
        raise InputError("cannot split an empty data set")
    rng = np.random.default_rng(seed)
    strat = labels if (stratify and labels is not None) else np.full(n, "", dtype=object)
    if groups is not None:
        if len(groups) != n:
            raise InputError(f"groups has {len(groups)} entries but there are {n} rows")
        return _grouped_split(strat, np.asarray([str(g) for g in groups], dtype=object), frac, rng)

    parts: list[list[int]] = [[], [], []]
    small: list[str] = []
    for cls in sorted(set(strat)):
        members = np.flatnonzero(strat == cls)
        rng.shuffle(members)
        counts = _allocate(len(members), frac)
        if len(members) < np.count_nonzero(frac) and cls != "":
            small.append(f"{cls} ({len(members)})")
        start = 0
        for part, count in enumerate(counts):
            parts[part].extend(members[start : start + count].tolist())
            start += int(count)
    if small:
        warnings.warn(
            "classes too small to appear in train, dev and test: " + ", ".join(small),
            SmallClassWarning,
            stacklevel=2,
        )
    return Split(*(np.sort(np.asarray(p, dtype=np.int64)) for p in parts))


def _grouped_split(
    strat: NDArray[np.object_],
    groups: NDArray[np.object_],
    frac: NDArray[np.float64],
    rng: np.random.Generator,
) -> Split:
    classes = sorted(set(strat))
    c_index = {c: i for i, c in enumerate(classes)}
    unique_groups = sorted(set(groups))
    rng.shuffle(unique_groups)  # random order among equal-sized groups
    group_rows = {g: np.flatnonzero(groups == g) for g in unique_groups}
    group_counts = {
        g: np.bincount([c_index[c] for c in strat[rows]], minlength=len(classes))
        for g, rows in group_rows.items()
    }
    unique_groups.sort(key=lambda g: -int(group_counts[g].sum()))  # stable: keeps the shuffle
    total = np.bincount([c_index[c] for c in strat], minlength=len(classes)).astype(np.float64)
    target = frac[:, None] * total[None, :]
    filled = np.zeros_like(target)
    assignment = np.empty(len(strat), dtype=np.int64)
    for g in unique_groups:
        counts = group_counts[g]
        best, best_cost = 0, np.inf
        for part in np.flatnonzero(frac > 0):
            trial = filled.copy()
            trial[part] += counts
            cost = float(np.sum((trial - target) ** 2))
            if cost < best_cost:
                best, best_cost = int(part), cost
        filled[best] += counts
        assignment[group_rows[g]] = best
    return Split(*(np.flatnonzero(assignment == p).astype(np.int64) for p in range(3)))


def grouped_kfold(
    groups: Sequence[Hashable],
    n_splits: int = 5,
    *,
    labels: Sequence[Hashable] | None = None,
    seed: int = DEFAULT_SEED,
) -> list[tuple[IntArray, IntArray]]:
    """``n_splits`` (train, test) index pairs with every group in exactly one test fold.

    With ``labels`` this is scikit-learn's ``StratifiedGroupKFold`` (shuffled, seeded); without,
    ``GroupKFold`` over a seeded relabelling of the groups, so equal-sized groups are dealt out in
    a random but reproducible order.
    """
    from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

    group_array = np.asarray([str(g) for g in groups], dtype=object)
    n = len(group_array)
    if n == 0:
        raise InputError("cannot split an empty data set")
    n_groups = len(set(group_array))
    if n_splits < 2:
        raise InputError(f"n_splits must be at least 2, not {n_splits}")
    if n_groups < n_splits:
        raise InputError(f"{n_groups} group(s) cannot fill {n_splits} folds")
    X = np.zeros((n, 1))
    if labels is not None:
        y = np.asarray([str(x) for x in labels], dtype=object)
        if len(y) != n:
            raise InputError(f"labels has {len(y)} entries but groups has {n}")
        with warnings.catch_warnings():
            # "The least populated class has only k members": expected for rare levels.
            warnings.simplefilter("ignore", UserWarning)
            folds = list(
                StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed).split(X, y, group_array)
            )
    else:
        unique = np.asarray(sorted(set(group_array)), dtype=object)
        perm = np.random.default_rng(seed).permutation(len(unique))
        code = {g: int(perm[i]) for i, g in enumerate(unique)}
        coded = np.fromiter((code[g] for g in group_array), dtype=np.int64, count=n)
        folds = list(GroupKFold(n_splits).split(X, groups=coded))
    return [(np.sort(tr).astype(np.int64), np.sort(te).astype(np.int64)) for tr, te in folds]
