"""From token log-probabilities of each label continuation to class probabilities.

A label's score is the log-likelihood of its continuation given the prompt: the sum of its
tokens' log-probabilities (``length_norm="sum"``), or their mean (``"mean"``, which stops labels
made of many tokens — "Macedonian" vs "Dutch" — from losing just for their length). Scores become
probabilities with a softmax over the closed label set, optionally after a fitted temperature
``T`` and per-label bias ``b``: ``p = softmax((s + b) / T)``. A temperature alone keeps the
ranking; the bias (fitted on a dev split, "affine" calibration) corrects a model's prior
preference for some label strings, the usual failure of small zero-shot models.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from interlang import numeric
from interlang.errors import InputError

__all__ = ["LENGTH_NORMS", "fit_affine", "fit_temperature", "label_scores", "softmax"]

FloatArray = NDArray[np.float64]
LENGTH_NORMS = ("sum", "mean")


def label_scores(token_logprobs: Sequence[Sequence[float]], length_norm: str = "sum") -> FloatArray:
    """One score per label from its continuation's token log-probs (sum or mean)."""
    if length_norm not in LENGTH_NORMS:
        raise InputError(f"length_norm must be one of {LENGTH_NORMS}, not {length_norm!r}")
    out = np.empty(len(token_logprobs), dtype=np.float64)
    for i, values in enumerate(token_logprobs):
        if len(values) == 0:
            raise InputError(f"label {i} has no tokens to score")
        arr = np.asarray(values, dtype=np.float64)
        if not np.all(np.isfinite(arr)) and not np.all(arr[~np.isfinite(arr)] == -np.inf):
            raise InputError(f"label {i} has non-numeric log-probabilities: {list(values)}")
        out[i] = arr.sum() if length_norm == "sum" else arr.mean()
    return out


def softmax(
    scores: NDArray[np.floating] | Sequence[float],
    temperature: float = 1.0,
    bias: NDArray[np.floating] | Sequence[float] | None = None,
) -> FloatArray:
    """Row-wise ``softmax((scores + bias) / temperature)`` for a vector or an (n, k) matrix.

    :func:`interlang.numeric.softmax` after two label-scoring rules: a bias is added before the
    temperature divides, and a label the model cannot produce (log-prob −∞) gets probability 0
    without turning a row of −∞ into NaN.
    """
    if temperature <= 0:
        raise InputError(f"temperature must be positive, not {temperature}")
    z = np.asarray(scores, dtype=np.float64)
    if bias is not None:
        z = z + np.asarray(bias, dtype=np.float64)
    z = z / temperature
    return numeric.softmax(np.where(np.isneginf(z), -1e30, z), axis=-1)


def _nll(scores: FloatArray, y: NDArray[np.int64], temperature: float, bias: FloatArray | None) -> float:
    p = softmax(scores, temperature, bias)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0))))


def fit_temperature(scores: FloatArray, y: NDArray[np.int64]) -> float:
    """:func:`interlang.numeric.fit_temperature` (bounded 1e-2..1e2) over the dev rows whose gold
    label has a finite score: a gold label the model cannot produce costs the same at every ``T``
    and says nothing about it."""
    scores = np.asarray(scores, dtype=np.float64)
    codes = np.asarray(y, dtype=np.int64).ravel()
    informative = np.isfinite(scores[np.arange(codes.size), codes])
    if not informative.any():
        return 1.0
    return numeric.fit_temperature(scores[informative], codes[informative])


def fit_affine(scores: FloatArray, y: NDArray[np.int64], l2: float = 1e-2) -> tuple[float, FloatArray]:
    """Temperature and per-label bias minimising log loss (+ a small L2 penalty on the bias).

    The bias of a label absent from ``y`` is pulled to 0 by the penalty rather than to −∞.
    """
    from scipy.optimize import minimize

    scores = np.asarray(scores, dtype=np.float64)
    k = scores.shape[1]
    t0 = fit_temperature(scores, y)

    def objective(params: FloatArray) -> float:
        bias = params[1:] - params[1:].mean()
        return _nll(scores, y, float(np.exp(params[0])), bias) + l2 * float(np.sum(bias**2))

    start = np.concatenate([[np.log(t0)], np.zeros(k)])
    lo, hi = numeric.TEMPERATURE_BOUNDS
    result = minimize(objective, start, method="L-BFGS-B",
                      bounds=[(np.log(lo), np.log(hi))] + [(-50.0, 50.0)] * k)
    params = np.asarray(result.x, dtype=np.float64)
    bias = params[1:] - params[1:].mean()
    return float(np.exp(params[0])), bias
