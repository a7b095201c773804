"""The agreement measures over CEFR levels: Cohen's κ, weighted κ, Fleiss' κ, Krippendorff's α.

Pure functions over plain labels (``"A1"`` … ``"C2"``, or any :class:`~interlang.labels.LabelSet`)
so the workbench service, the dashboard and scripts share one implementation. CEFR is ordinal:
the weighted κ and the ordinal α give credit for near misses (B1 vs B2) that plain κ ignores.

Undefined values (no shared items, no variation, fewer than two ratings per item) are ``NaN``
from the measure functions; :func:`~interlang.workbench.agreement.summary.summarise` turns them into ``None`` plus a reason so its result
is valid JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np

from interlang.errors import InputError
from interlang.labels import CEFR, LabelSet, normalize_cefr

Weights = Literal["linear", "quadratic"] | None
AlphaLevel = Literal["nominal", "ordinal", "interval"]

#: Landis & Koch (1977): upper bound (inclusive) of each band; below 0 is "poor".
LANDIS_KOCH: tuple[tuple[float, str], ...] = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)


def landis_koch(value: float | None) -> str:
    """The Landis–Koch band of an agreement value; ``"undefined"`` for None/NaN.

    Bands: < 0 poor, 0–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial,
    0.81–1 almost perfect.
    """
    if value is None or not math.isfinite(value):
        return "undefined"
    if value < 0:
        return "poor"
    for upper, name in LANDIS_KOCH:
        if value <= upper + 1e-12:
            return name
    return "almost perfect"


def level_code(value: object, labels: LabelSet) -> int | None:
    """Index of a label in the set (CEFR sub-levels such as ``B1+`` map to their level)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text in labels:
            return labels.index(text)
        if labels.name == "cefr":
            level = normalize_cefr(text)
            if level is not None and level in labels:
                return labels.index(level)
    raise InputError(f"unknown label {value!r}; expected one of {', '.join(labels.labels)}")


def _weight_matrix(k: int, weights: Weights) -> np.ndarray:
    """Disagreement weights: 0 on the diagonal; 1, |i−j| or (i−j)² off it."""
    i, j = np.indices((k, k))
    if weights is None:
        return (i != j).astype(float)
    if weights == "linear":
        return np.abs(i - j).astype(float)
    if weights == "quadratic":
        return ((i - j) ** 2).astype(float)
    raise InputError(f"unknown weights {weights!r}; use None, 'linear' or 'quadratic'")


def cohen_kappa(
    a: Sequence[object],
    b: Sequence[object],
    *,
    weights: Weights = None,
    labels: LabelSet = CEFR,
) -> float:
    """Cohen's κ of two raters over the same items (pairs with a missing label are dropped).

    ``weights="linear"`` / ``"quadratic"`` give the weighted κ on the full ordinal scale of
    ``labels`` (so A1 vs B2 is three steps even when no rater used A2 or B1). NaN when no pair
    is left or when chance disagreement is zero (both raters always gave one and the same label).
    """
    if len(a) != len(b):
        raise InputError(f"the two raters have {len(a)} and {len(b)} labels; they must match")
    k = len(labels)
    table = np.zeros((k, k), dtype=float)
    for x, y in zip(a, b, strict=True):
        cx, cy = level_code(x, labels), level_code(y, labels)
        if cx is None or cy is None:
            continue
        table[cx, cy] += 1
    n = table.sum()
    if n == 0:
        return math.nan
    w = _weight_matrix(k, weights)
    observed = table / n
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    chance = float((w * expected).sum())
    if chance <= 1e-15:
        return math.nan
    return float(1.0 - (w * observed).sum() / chance)


def _count_table(
    table_or_ratings: Iterable[Any] | np.ndarray, labels: LabelSet
) -> np.ndarray:
    """Items × categories counts from a count table or from per-item label lists."""
    if isinstance(table_or_ratings, np.ndarray) and table_or_ratings.dtype.kind in "iuf":
        table = np.asarray(table_or_ratings, dtype=float)
    else:
        rows = list(table_or_ratings)
        numeric = bool(rows) and all(
            isinstance(row, (list, tuple, np.ndarray))
            and len(row) > 0
            and all(isinstance(x, (int, float, np.integer, np.floating)) for x in row)
            for row in rows
        )
        if numeric:
            table = np.asarray(rows, dtype=float)
        else:
            table = np.zeros((len(rows), len(labels)), dtype=float)
            for i, row in enumerate(rows):
                for value in row:
                    code = level_code(value, labels)
                    if code is not None:
                        table[i, code] += 1
    if table.ndim != 2 or (table.size and (table < 0).any()):
        raise InputError("a count table must be items × categories with non-negative counts")
    return table


def fleiss_kappa(
    table_or_ratings: Iterable[Any] | np.ndarray,
    *,
    labels: LabelSet = CEFR,
    min_raters: int = 2,
) -> float:
    """Fleiss' κ of many raters; each item may have its own number of raters.

    Accepts a count table (items × categories, numbers) or a list of per-item label lists
    (``[["B1", "B1", "B2"], ["A2", "A2", "A2", "A1"], ...]``, None = missing). Items with fewer
    than ``min_raters`` ratings are left out. With a varying number of raters per item this is
    the usual generalisation (per-item agreement averaged over items, category shares pooled over
    all ratings); with a constant number it equals Fleiss (1971). NaN when no item is left or
    all ratings fall in one category.
    """
    table = _count_table(table_or_ratings, labels)
    if table.size == 0:
        return math.nan
    per_item = table.sum(axis=1)
    table = table[per_item >= max(2, min_raters)]
    per_item = table.sum(axis=1)
    if len(table) == 0:
        return math.nan
    agreement = ((table * (table - 1)).sum(axis=1) / (per_item * (per_item - 1))).mean()
    shares = table.sum(axis=0) / per_item.sum()
    chance = float((shares**2).sum())
    if chance >= 1 - 1e-15:
        return math.nan
    return float((agreement - chance) / (1 - chance))


def _ordinal_delta(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's ordinal metric δ²(c, k) from the category totals n_c."""
    k = len(counts)
    cumulative = np.concatenate([[0.0], np.cumsum(counts)])
    delta = np.zeros((k, k))
    for c in range(k):
        for d in range(c + 1, k):
            # Σ_{g=c..d} n_g − (n_c + n_d) / 2
            value = cumulative[d + 1] - cumulative[c] - (counts[c] + counts[d]) / 2
            delta[c, d] = delta[d, c] = value**2
    return delta


def krippendorff_alpha(
    ratings: Sequence[Sequence[object]] | np.ndarray,
    level: AlphaLevel = "ordinal",
    *,
    labels: LabelSet = CEFR,
) -> float:
    """Krippendorff's α over items × raters (None = this rater did not rate this item).

    ``level`` picks the difference function: ``nominal`` (any mismatch counts 1), ``ordinal``
    (distance by how many ratings lie between two levels — the right one for CEFR) or
    ``interval`` (squared step difference on the label scale). Items with fewer than two ratings
    cannot be paired and are ignored. NaN when fewer than two pairable ratings remain or all
    ratings are one level.
    """
    k = len(labels)
    rows = list(ratings)
    counts = np.zeros((len(rows), k), dtype=float)
    for i, row in enumerate(rows):
        for value in row:
            code = level_code(value, labels)
            if code is not None:
                counts[i, code] += 1
    m = counts.sum(axis=1)
    counts = counts[m >= 2]
    m = m[m >= 2]
    if len(counts) == 0:
        return math.nan
    # Coincidence matrix: o_ck = Σ_u (n_uc n_uk − [c=k] n_uc) / (m_u − 1)
    scale = 1.0 / (m - 1)
    coincidence = (counts * scale[:, None]).T @ counts - np.diag((counts * scale[:, None]).sum(0))
    totals = coincidence.sum(axis=1)
    n = totals.sum()
    if level == "nominal":
        delta = _weight_matrix(k, None)
    elif level == "interval":
        delta = _weight_matrix(k, "quadratic")
    elif level == "ordinal":
        delta = _ordinal_delta(totals)
    else:
        raise InputError(f"unknown level {level!r}; use 'nominal', 'ordinal' or 'interval'")
    expected = float((np.outer(totals, totals) * delta).sum())
    if n <= 1 or expected <= 1e-15:
        return math.nan
    observed = float((coincidence * delta).sum())
    return float(1.0 - (n - 1) * observed / expected)
