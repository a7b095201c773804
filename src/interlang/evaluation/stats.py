"""Uncertainty and association: bootstrap confidence intervals and the chi-square test.

A test set of a few hundred learner texts gives a macro-F1 that moves by several points between
resamples; reports carry a 95% interval so two models are not ranked on noise. The chi-square test
answers questions such as "does NLI accuracy depend on the writer's CEFR level?".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interlang.errors import InputError
from interlang.settings import DEFAULT_SEED

__all__ = [
    "ChiSquareResult",
    "ConfidenceInterval",
    "bootstrap_ci",
    "bootstrap_cis",
    "chi_square_test",
]


@dataclass(frozen=True)
class ConfidenceInterval:
    """A point estimate on the full sample and its percentile bootstrap interval."""

    estimate: float
    low: float
    high: float
    confidence: float = 0.95
    n_resamples: int = 1000
    #: Resamples where the metric was undefined (nan), e.g. a kappa on a one-class resample.
    n_undefined: int = 0

    def to_dict(self) -> dict[str, float | int | None]:
        def clean(x: float) -> float | None:
            return None if math.isnan(x) else float(x)

        return {
            "estimate": clean(self.estimate),
            "low": clean(self.low),
            "high": clean(self.high),
            "confidence": self.confidence,
            "n_resamples": self.n_resamples,
            "n_undefined": self.n_undefined,
        }


def bootstrap_ci(
    metric: Callable[..., float],
    *arrays: ArrayLike | None,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
) -> ConfidenceInterval:
    """Percentile bootstrap interval of ``metric(*arrays)``, resampling rows with replacement.

    ``arrays`` are aligned per sample (``y_true``, ``y_pred``, ``proba``...); ``None`` entries are
    passed through unchanged. Bind other arguments (the label set) with ``functools.partial``.
    Resamples where the metric is ``nan`` are dropped and counted in ``n_undefined``.
    """
    result = bootstrap_cis(
        lambda *a: {"value": metric(*a)},
        *arrays,
        n_resamples=n_resamples,
        confidence=confidence,
        seed=seed,
    )
    return result["value"]


def bootstrap_cis(
    metrics: Callable[..., Mapping[str, float]],
    *arrays: ArrayLike | None,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
) -> dict[str, ConfidenceInterval]:
    """Like :func:`bootstrap_ci` for a function returning several named metrics.

    All metrics are computed on the same resamples, which is faster (one confusion matrix per
    resample serves accuracy, F1 and kappa) and keeps their intervals comparable.
    """
    if not 0 < confidence < 1:
        raise InputError(f"confidence must lie in (0, 1), not {confidence}")
    if n_resamples < 1:
        raise InputError(f"n_resamples must be at least 1, not {n_resamples}")
    data = [None if a is None else np.asarray(a) for a in arrays]
    lengths = {len(a) for a in data if a is not None}
    if not lengths:
        raise InputError("bootstrap needs at least one data array")
    if len(lengths) > 1:
        raise InputError(f"arrays passed to the bootstrap differ in length: {sorted(lengths)}")
    n = lengths.pop()
    if n == 0:
        raise InputError("cannot bootstrap an empty sample")
    estimates = {name: float(v) for name, v in metrics(*data).items()}
    rng = np.random.default_rng(seed)
    values = np.empty((n_resamples, len(estimates)), dtype=np.float64)
    for i in range(n_resamples):
        idx = rng.integers(0, n, size=n)
        sample = metrics(*(None if a is None else a[idx] for a in data))
        values[i] = [sample[name] for name in estimates]
    alpha = (1 - confidence) / 2
    out = {}
    for j, (name, estimate) in enumerate(estimates.items()):
        column = values[:, j]
        defined = column[~np.isnan(column)]
        if defined.size:
            low, high = (float(x) for x in np.quantile(defined, [alpha, 1 - alpha]))
        else:
            low = high = float("nan")
        out[name] = ConfidenceInterval(
            estimate, low, high, confidence, n_resamples, int(column.size - defined.size)
        )
    return out


@dataclass(frozen=True)
class ChiSquareResult:
    """Chi-square test of independence on a contingency table, with Cramér's V as effect size."""

    statistic: float
    p_value: float
    dof: int
    cramers_v: float
    n: int
    table: NDArray[np.int64]
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    expected: NDArray[np.float64] = field(repr=False)

    @property
    def low_expected(self) -> bool:
        """True when some expected count is below 5, where the chi-square approximation is shaky."""
        return bool(np.any(self.expected < 5))

    def to_dict(self) -> dict[str, Any]:
        return {
            "statistic": float(self.statistic),
            "p_value": float(self.p_value),
            "dof": self.dof,
            "cramers_v": float(self.cramers_v),
            "n": self.n,
            "rows": list(self.row_labels),
            "columns": list(self.column_labels),
            "table": self.table.tolist(),
            "low_expected": self.low_expected,
        }


def chi_square_test(rows: Sequence[Hashable], columns: Sequence[Hashable]) -> ChiSquareResult:
    """Test independence of two aligned categorical variables (e.g. correct × CEFR level).

    No Yates continuity correction, so the statistic and Cramér's V are consistent for every table
    size. Categories are sorted by their string form; a warning flags expected counts below 5.
    """
    if len(rows) != len(columns):
        raise InputError(f"the two variables differ in length: {len(rows)} vs {len(columns)}")
    if len(rows) == 0:
        raise InputError("chi-square test needs at least one observation")
    row_labels = tuple(sorted({str(r) for r in rows}))
    col_labels = tuple(sorted({str(c) for c in columns}))
    if len(row_labels) < 2 or len(col_labels) < 2:
        raise InputError(
            "chi-square test needs at least two categories in each variable; got "
            f"{len(row_labels)} × {len(col_labels)}"
        )
    r_index = {label: i for i, label in enumerate(row_labels)}
    c_index = {label: i for i, label in enumerate(col_labels)}
    table = np.zeros((len(row_labels), len(col_labels)), dtype=np.int64)
    for r, c in zip(rows, columns, strict=True):
        table[r_index[str(r)], c_index[str(c)]] += 1

    from scipy.stats import chi2_contingency  # scipy ships with scikit-learn

    result = chi2_contingency(table, correction=False)
    statistic, p_value, dof, expected = (float(result[0]), float(result[1]), int(result[2]), result[3])
    n = int(table.sum())
    cramers_v = math.sqrt(statistic / (n * (min(table.shape) - 1)))
    out = ChiSquareResult(
        statistic, p_value, dof, cramers_v, n, table, row_labels, col_labels, np.asarray(expected)
    )
    if out.low_expected:
        warnings.warn(
            "some expected counts are below 5; the chi-square p-value is approximate",
            RuntimeWarning,
            stacklevel=2,
        )
    return out
