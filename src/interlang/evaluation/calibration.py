"""Calibration *measures*: reliability-diagram data (the calibrators themselves live in models/).

Binning follows :mod:`interlang.evaluation.metrics`: ``n_bins`` equal-width bins on the top-1
confidence, half-open ``(lo, hi]`` with 0 in the first bin; a prediction is correct when the
arg-max column is the gold label. ECE and MCE computed from a :class:`ReliabilityDiagram` equal
the metric functions' values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interlang.errors import InputError
from interlang.evaluation.metrics import DEFAULT_N_BINS, check_proba, encode
from interlang.labels import LabelSet
from interlang.numeric import confidence_bins

__all__ = ["ReliabilityDiagram", "reliability_diagram"]


def _bin_stats(
    t: NDArray[np.int64], proba: NDArray[np.float64], n_bins: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Edges, mean confidence, accuracy and count per bin (empty bins: nan, nan, 0)."""
    if n_bins < 1:
        raise InputError(f"n_bins must be at least 1, not {n_bins}")
    bins = confidence_bins(t, proba, n_bins)
    return bins.edges, bins.mean_confidence, bins.accuracy, bins.count


@dataclass(frozen=True)
class ReliabilityDiagram:
    """Per-bin mean confidence, accuracy and count; empty bins hold ``nan`` and count 0."""

    edges: NDArray[np.float64]
    mean_confidence: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    count: NDArray[np.int64]

    @property
    def n(self) -> int:
        return int(self.count.sum())

    @property
    def gaps(self) -> NDArray[np.float64]:
        """|accuracy − confidence| per bin (nan for empty bins)."""
        return np.abs(self.accuracy - self.mean_confidence)

    @property
    def ece(self) -> float:
        nonempty = self.count > 0
        return float(np.sum(self.gaps[nonempty] * self.count[nonempty]) / self.n)

    @property
    def mce(self) -> float:
        return float(np.max(self.gaps[self.count > 0]))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready lists; empty bins become ``None`` rather than NaN."""

        def clean(values: NDArray[np.float64]) -> list[float | None]:
            return [None if np.isnan(v) else float(v) for v in values]

        return {
            "edges": [float(e) for e in self.edges],
            "mean_confidence": clean(self.mean_confidence),
            "accuracy": clean(self.accuracy),
            "count": [int(c) for c in self.count],
        }


def reliability_diagram(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, n_bins: int = DEFAULT_N_BINS
) -> ReliabilityDiagram:
    """Bin the top-1 confidence of ``proba`` (columns in LabelSet order) against correctness."""
    t = encode(y_true, labels, what="y_true")
    pr = check_proba(proba, labels, t.size)
    return ReliabilityDiagram(*_bin_stats(t, pr, n_bins))
