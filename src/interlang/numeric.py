"""The one numeric module: softmax, temperature scaling, isotonic maps and confidence bins.

Every family (rules, feature ML, n-gram, transformer, LLM), the calibrators, the compiled
numpy-only inference and the evaluation suite use these, so that a probability computed at
training time and at prediction time, or an ECE in a benchmark and in a bundle, agree exactly.
Floor 0: imports NumPy only (SciPy and scikit-learn lazily, for fitting).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Probabilities are clipped to [EPS, 1] before taking logs.
EPS = 1e-12
#: The one search interval for a fitted temperature: sharper than 100× or flatter than 100×
#: the raw scores means the scores carry no usable scale, and the fit is not trusted further.
TEMPERATURE_BOUNDS: tuple[float, float] = (1e-2, 1e2)
#: Equal-width bins on the top-1 confidence used by ECE, MCE and reliability diagrams.
DEFAULT_N_BINS = 15

__all__ = [
    "DEFAULT_N_BINS",
    "EPS",
    "TEMPERATURE_BOUNDS",
    "ConfidenceBins",
    "confidence_bins",
    "fit_temperature",
    "isotonic_apply",
    "isotonic_fit",
    "log_softmax",
    "renormalise",
    "safe_log",
    "sigmoid",
    "softmax",
    "temperature_nll",
]


def softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> FloatArray:
    """Numerically stable softmax of ``z / temperature`` along ``axis`` (1-D or 2-D input)."""
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, not {temperature}")
    s = np.asarray(z, dtype=np.float64) / temperature
    s = s - np.max(s, axis=axis, keepdims=True)
    e = np.exp(s)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True), dtype=np.float64)


def log_softmax(z: ArrayLike, axis: int = -1) -> FloatArray:
    """``log(softmax(z))`` without forming the probabilities (no underflow to log 0)."""
    s = np.asarray(z, dtype=np.float64)
    s = s - np.max(s, axis=axis, keepdims=True)
    return np.asarray(s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True)), dtype=np.float64)


def sigmoid(z: ArrayLike) -> FloatArray:
    """Logistic function, stable for large |z|."""
    x = np.asarray(z, dtype=np.float64)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def safe_log(p: ArrayLike) -> FloatArray:
    """``log(clip(p, EPS, 1))``: probabilities turned into logits a softmax maps back."""
    return np.asarray(np.log(np.clip(np.asarray(p, dtype=np.float64), EPS, 1.0)), dtype=np.float64)


def renormalise(q: ArrayLike, fallback: ArrayLike) -> FloatArray:
    """Rows scaled to sum 1; a row that sums to zero keeps its ``fallback`` values."""
    qa = np.asarray(q, dtype=np.float64)
    fb = np.asarray(fallback, dtype=np.float64)
    sums = qa.sum(axis=1, keepdims=True)
    out = np.where(sums > 0, qa / np.where(sums > 0, sums, 1.0), fb)
    return np.asarray(out, dtype=np.float64)


def temperature_nll(logits: ArrayLike, y: ArrayLike, temperature: float) -> float:
    """Mean negative log-likelihood of the codes ``y`` under ``softmax(logits / temperature)``."""
    z = np.asarray(logits, dtype=np.float64)
    codes = np.asarray(y, dtype=np.int64).ravel()
    logp = log_softmax(z / temperature, axis=1)
    return float(-np.mean(logp[np.arange(codes.size), codes]))


def fit_temperature(
    logits: ArrayLike, y: ArrayLike, bounds: tuple[float, float] = TEMPERATURE_BOUNDS
) -> float:
    """The temperature T in ``bounds`` minimising the NLL of ``softmax(logits / T)``.

    A bounded 1-D search over log T: scale-free, and it cannot run off to 0 or infinity on a
    dev set the model separates perfectly (the bound is hit instead).
    """
    from scipy.optimize import minimize_scalar

    lo, hi = bounds
    if not 0 < lo < hi:
        raise ValueError(f"bounds must satisfy 0 < low < high, got {bounds}")
    z = np.asarray(logits, dtype=np.float64)
    codes = np.asarray(y, dtype=np.int64).ravel()
    if z.ndim != 2 or z.shape[0] != codes.size:
        raise ValueError(f"logits must be (n, K) with n = len(y); got {z.shape} and {codes.size}")
    result = minimize_scalar(
        lambda log_t: temperature_nll(z, codes, float(np.exp(log_t))),
        bounds=(np.log(lo), np.log(hi)),
        method="bounded",
        options={"xatol": 1e-5},
    )
    return float(np.exp(result.x))


def isotonic_fit(x: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """A monotone non-decreasing map from scores ``x`` to targets ``y`` in [0, 1].

    Returned as breakpoints ``(xs, ys)`` so that :func:`isotonic_apply` (NumPy only) predicts
    exactly what scikit-learn's ``IsotonicRegression(out_of_bounds="clip")`` would.
    """
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel())
    return (
        np.asarray(iso.X_thresholds_, dtype=np.float64),
        np.asarray(iso.y_thresholds_, dtype=np.float64),
    )


def isotonic_apply(xs: ArrayLike, ys: ArrayLike, x: ArrayLike) -> FloatArray:
    """Evaluate an isotonic map from :func:`isotonic_fit` (linear between breakpoints, clipped)."""
    xs_a = np.asarray(xs, dtype=np.float64)
    ys_a = np.asarray(ys, dtype=np.float64)
    xa = np.asarray(x, dtype=np.float64)
    if xs_a.size == 1:
        return np.full_like(xa, ys_a[0])
    return np.asarray(np.interp(xa, xs_a, ys_a), dtype=np.float64)


class ConfidenceBins:
    """Per-bin mean confidence, accuracy and count of top-1 predictions (ECE, MCE, diagrams).

    Bins are ``n_bins`` equal-width, half-open ``(lo, hi]`` with 0 in the first bin; a
    prediction is correct when its arg-max column is the gold code. Empty bins hold NaN.
    """

    __slots__ = ("accuracy", "count", "edges", "mean_confidence")

    def __init__(
        self, edges: FloatArray, mean_confidence: FloatArray, accuracy: FloatArray, count: IntArray
    ) -> None:
        self.edges = edges
        self.mean_confidence = mean_confidence
        self.accuracy = accuracy
        self.count = count

    @property
    def n(self) -> int:
        return int(self.count.sum())

    @property
    def gaps(self) -> FloatArray:
        return np.asarray(np.abs(self.accuracy - self.mean_confidence), dtype=np.float64)

    @property
    def ece(self) -> float:
        """Expected calibration error: the count-weighted mean gap."""
        nonempty = self.count > 0
        if not nonempty.any():
            return float("nan")
        return float(np.sum(self.gaps[nonempty] * self.count[nonempty]) / self.n)

    @property
    def mce(self) -> float:
        """Maximum calibration error: the largest gap of a non-empty bin."""
        nonempty = self.count > 0
        return float(np.max(self.gaps[nonempty])) if nonempty.any() else float("nan")


def confidence_bins(y: ArrayLike, proba: ArrayLike, n_bins: int = DEFAULT_N_BINS) -> ConfidenceBins:
    """Bin the top-1 confidence of ``proba`` (n, K) against gold codes ``y`` (n,)."""
    if n_bins < 1:
        raise ValueError(f"n_bins must be at least 1, not {n_bins}")
    p = np.asarray(proba, dtype=np.float64)
    codes = np.asarray(y, dtype=np.int64).ravel()
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    confidence = p.max(axis=1)
    correct = (p.argmax(axis=1) == codes).astype(np.float64)
    # side="left" on the inner edges puts a value equal to an edge into the lower bin: (lo, hi].
    which = np.searchsorted(edges[1:-1], confidence, side="left")
    count = np.bincount(which, minlength=n_bins).astype(np.int64)
    conf_sum = np.bincount(which, weights=confidence, minlength=n_bins)
    acc_sum = np.bincount(which, weights=correct, minlength=n_bins)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_conf = np.where(count > 0, conf_sum / np.maximum(count, 1), np.nan)
        accuracy = np.where(count > 0, acc_sum / np.maximum(count, 1), np.nan)
    return ConfidenceBins(edges, mean_conf, accuracy, count)


def top_k(proba: Sequence[float] | FloatArray, k: int) -> list[int]:
    """Column indices of the ``k`` largest probabilities, largest first (ties: lower index first)."""
    p = np.asarray(proba, dtype=np.float64).ravel()
    order = np.argsort(-p, kind="stable")
    return [int(i) for i in order[: max(0, k)]]


__all__ += ["top_k"]
