"""Learning cut points: objective scores, boundary search, percentiles and the level kernel.

The shared arithmetic of the three rule components (:mod:`.vocabulary`, :mod:`.readability`,
:mod:`.linguistic`) and of the combination in :mod:`.classifier`. The objective is computed by
the evaluation module's metric code, never re-implemented here.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from interlang.evaluation.metrics import accuracy_from_codes, macro_f1_from_codes
from interlang.numeric import softmax

__all__ = [
    "column_values",
    "cut_candidates",
    "fit_bounds",
    "kernel_logits",
    "kernel_proba",
    "level_from_bounds",
    "median_boundaries",
    "objective_score",
    "percentile_score",
    "simplex_grid",
    "spearman",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def objective_score(t: IntArray, p: IntArray, k: int, objective: str) -> float:
    """The fit objective, computed by the evaluation module's metric code (never re-implemented)."""
    if objective == "accuracy":
        return accuracy_from_codes(t, p)
    return macro_f1_from_codes(t, p, k)


def column_values(X: pd.DataFrame, names: Sequence[str]) -> tuple[str | None, FloatArray]:
    """The first of ``names`` present in ``X`` and its values (all NaN when none is)."""
    for name in names:
        if name in X.columns:
            return name, pd.to_numeric(X[name], errors="coerce").to_numpy(dtype=np.float64)
    return None, np.full(len(X), np.nan)


def cut_candidates(values: FloatArray, n_max: int = 200) -> FloatArray:
    """Cut candidates: midpoints between neighbouring distinct values (percentiles when many)."""
    u = np.unique(values[~np.isnan(values)])
    if u.size > n_max:
        u = np.unique(np.percentile(u, np.linspace(0, 100, n_max + 1)))
    if u.size < 2:
        return u
    return np.concatenate([[u[0]], (u[:-1] + u[1:]) / 2.0, [u[-1] + 1e-9]])


def median_boundaries(values: FloatArray, y: IntArray, k: int) -> tuple[float, list[float]] | None:
    """Direction and the k−1 monotone boundaries (midpoints of class medians) in oriented space.

    Returns None when fewer than two levels have a value (nothing to learn).
    """
    ok = ~np.isnan(values)
    medians = np.full(k, np.nan)
    for c in range(k):
        sel = ok & (y == c)
        if sel.any():
            medians[c] = float(np.median(values[sel]))
    present = np.flatnonzero(~np.isnan(medians))
    if present.size < 2:
        return None
    direction = 1.0 if medians[present[-1]] >= medians[present[0]] else -1.0
    oriented = direction * medians
    # levels absent from training: linear interpolation on the level index (flat beyond the ends)
    oriented = np.interp(np.arange(k), present, oriented[present])
    oriented = np.maximum.accumulate(oriented)  # monotone: a harder level never has a lower median
    bounds = [float((oriented[c] + oriented[c + 1]) / 2.0) for c in range(k - 1)]
    return direction, bounds


def fit_bounds(
    values: FloatArray, t: IntArray, k: int, objective: str, start: Sequence[float] | None = None
) -> tuple[float, list[float]] | None:
    """Direction and monotone boundaries maximising ``objective`` on (values, t).

    Starts from the midpoints of the class medians and moves one boundary at a time over the
    training percentiles (kept between its neighbours), two sweeps: medians alone put the cut
    between two crowded levels far from where the classes actually cross.
    """
    learned = median_boundaries(values, t, k)
    if learned is None:
        return None
    direction, bounds = learned
    if start is not None:
        bounds = list(start)
    ok = ~np.isnan(values)
    v, tt = direction * values[ok], t[ok]
    cands = cut_candidates(v)

    def score(b: Sequence[float]) -> float:
        return objective_score(tt, np.searchsorted(np.asarray(b), v, side="right").astype(np.int64), k, objective)

    best = score(bounds)
    for _sweep in range(2):
        for j in range(k - 1):
            lo = bounds[j - 1] if j > 0 else -np.inf
            hi = bounds[j + 1] if j < k - 2 else np.inf
            for c in cands[(cands >= lo) & (cands <= hi)]:
                trial = list(bounds)
                trial[j] = float(c)
                s = score(trial)
                if s > best + 1e-12:
                    best, bounds = s, trial
    return direction, [float(b) for b in bounds]


def level_from_bounds(oriented_value: float, bounds: Sequence[float]) -> int:
    """Number of boundaries at or below the (oriented) value: 0 = lowest level."""
    return int(np.searchsorted(np.asarray(bounds), oriented_value, side="right"))


def spearman(values: FloatArray, y: IntArray) -> float:
    """Rank correlation of a feature with the level codes (0 when undefined or under 3 values)."""
    ok = ~np.isnan(values)
    if ok.sum() < 3:
        return 0.0
    a = pd.Series(values[ok]).rank().to_numpy()
    b = pd.Series(y[ok]).rank().to_numpy()
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def percentile_score(value: float, quantiles: FloatArray) -> float:
    """0–100 training percentile of ``value``; the middle of a tie run (many ratios are exactly 0)."""
    n = len(quantiles)
    left = int(np.searchsorted(quantiles, value, side="left"))
    right = int(np.searchsorted(quantiles, value, side="right"))
    if right - left > 1:
        return float((left + right - 1) / 2.0 / (n - 1) * 100.0)
    return float(np.interp(value, quantiles, np.linspace(0.0, 100.0, n)))


def simplex_grid(step: float, n: int = 3) -> list[tuple[float, ...]]:
    """Every ``n``-tuple of non-negative multiples of ``step`` summing to 1 (the weight grid)."""
    m = round(1.0 / step)
    return [
        tuple(c / m for c in combo)
        for combo in itertools.product(range(m + 1), repeat=n)
        if sum(combo) == m
    ]


def kernel_logits(center: FloatArray, k: int) -> FloatArray:
    """``-(index − level)²`` per row and level: the logits of the Gaussian kernel at ``T = 1``."""
    return np.asarray(-((center[:, None] - np.arange(k)[None, :]) ** 2), dtype=np.float64)


def kernel_proba(center: FloatArray, k: int, temperature: float) -> FloatArray:
    """``p_k ∝ exp(-(index − k)² / T)``: the level distribution around a weighted index."""
    return softmax(kernel_logits(center, k), axis=1, temperature=temperature)
