"""Metrics shared by every task (CEFR level and L1), one convention each.

Inputs are label *strings* (``y_true``, ``y_pred``) and, where a metric needs them, a probability
matrix ``proba`` of shape ``(n, len(labels))`` whose columns follow the :class:`LabelSet` order.
Every function checks its input and raises :class:`~interlang.errors.InputError` with the reason
(empty input, unknown label, wrong shape) rather than returning a silently wrong number.

Conventions (documented here because papers differ):

* **Macro F1** averages over the labels that occur in ``y_true`` or ``y_pred`` (scikit-learn's
  default); a label of the set absent from both has no defined F1 and is left out. Per-class
  tables (:func:`per_class_scores`) still list every label, with support 0.
* **Precision/recall of a label never predicted / never present** are 0 (``zero_division=0``).
* **Kappa** is Cohen's kappa; ``weights="quadratic"`` (QWK) or ``"linear"`` need an ordinal set.
  When both raters use one single category the kappa is undefined and ``nan`` is returned.
* **ECE / MCE** use ``n_bins`` (default 15) equal-width bins over the top-1 confidence
  ``max(proba)``; a bin is the half-open interval ``(lo, hi]`` (the first bin also takes 0). A
  prediction is correct when the arg-max column (ties → first column) is the gold label.
  ECE = Σ_b (n_b / n) · |acc_b − conf_b|; MCE = max over non-empty bins of |acc_b − conf_b|.
* **Brier** is the multi-class score: the mean over samples of the *sum over classes* of the
  squared error against the one-hot gold vector, so it ranges over [0, 2]. Some papers divide by
  the number of classes K; for two classes this score is twice scikit-learn's binary
  ``brier_score_loss``.
* **NLL** is the mean of −ln p(gold), probabilities clipped to ``[eps, 1]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.numeric import DEFAULT_N_BINS as NUMERIC_N_BINS
from interlang.numeric import confidence_bins

__all__ = [
    "DEFAULT_N_BINS",
    "ClassScores",
    "accuracy",
    "adjacent_accuracy",
    "brier_score",
    "cohen_kappa",
    "confusion_matrix",
    "encode",
    "expected_calibration_error",
    "f1",
    "macro_f1",
    "maximum_calibration_error",
    "negative_log_likelihood",
    "per_class_scores",
    "quadratic_weighted_kappa",
    "top_k_accuracy",
    "weighted_f1",
]

#: Equal-width bins for ECE/MCE and reliability diagrams (Guo et al. 2017 use 15).
DEFAULT_N_BINS = NUMERIC_N_BINS
#: Row sums of a probability matrix may differ from 1 by this much (float32 softmax outputs).
PROBA_TOLERANCE = 1e-3

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


# --------------------------------------------------------------------------------------- input
def encode(values: Sequence[str] | ArrayLike, labels: LabelSet, *, what: str = "labels") -> IntArray:
    """Label strings → column indices of ``labels``; unknown labels are an :class:`InputError`."""
    array = np.asarray(values, dtype=object).ravel()
    if array.size == 0:
        raise InputError(f"{what} is empty: a metric needs at least one sample")
    lookup = {label: i for i, label in enumerate(labels.labels)}
    try:
        return np.fromiter((lookup[v] for v in array), dtype=np.int64, count=array.size)
    except KeyError as exc:
        unknown = sorted({str(v) for v in array if v not in lookup})
        raise InputError(
            f"{what} contains label(s) outside the label set {list(labels.labels)}: {unknown}"
        ) from exc


def _pair(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> tuple[IntArray, IntArray]:
    t = encode(y_true, labels, what="y_true")
    p = encode(y_pred, labels, what="y_pred")
    if t.shape != p.shape:
        raise InputError(f"y_true has {t.size} samples but y_pred has {p.size}")
    return t, p


def check_proba(proba: ArrayLike, labels: LabelSet, n: int | None = None) -> FloatArray:
    """Validate a probability matrix: ``(n, K)`` in LabelSet order, finite, rows summing to 1."""
    matrix = np.asarray(proba, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[1] != len(labels):
        raise InputError(
            f"proba must have shape (n, {len(labels)}) with columns in the order "
            f"{list(labels.labels)}; got shape {matrix.shape}"
        )
    if matrix.shape[0] == 0:
        raise InputError("proba is empty: a metric needs at least one sample")
    if n is not None and matrix.shape[0] != n:
        raise InputError(f"proba has {matrix.shape[0]} rows but there are {n} labels")
    if not np.all(np.isfinite(matrix)):
        raise InputError("proba contains NaN or infinite values")
    if np.any(matrix < -PROBA_TOLERANCE) or np.any(matrix > 1 + PROBA_TOLERANCE):
        raise InputError("proba values must lie in [0, 1]")
    sums = matrix.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > PROBA_TOLERANCE)
    if bad.size:
        raise InputError(
            f"proba rows must sum to 1; row {int(bad[0])} sums to {float(sums[bad[0]]):.4f}"
        )
    return np.clip(matrix, 0.0, 1.0)


def _true_and_proba(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet
) -> tuple[IntArray, FloatArray]:
    t = encode(y_true, labels, what="y_true")
    return t, check_proba(proba, labels, t.size)


# ---------------------------------------------------------------- label-based (code functions)
# The ``_*_codes`` helpers work on encoded arrays; the report and the bootstrap call them directly
# so 1000 resamples do not re-encode strings each time.
def _confusion_codes(t: IntArray, p: IntArray, k: int) -> IntArray:
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k).astype(np.int64)


def _prf_cm(cm: IntArray) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
    tp = np.diag(cm).astype(np.float64)
    predicted = cm.sum(axis=0).astype(np.float64)
    support = cm.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        denom = precision + recall
        f1s = np.where(denom > 0, 2 * precision * recall / denom, 0.0)
    return precision, recall, f1s, support


def _prf_codes(t: IntArray, p: IntArray, k: int) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
    return _prf_cm(_confusion_codes(t, p, k))


def _macro_f1_cm(cm: IntArray) -> float:
    _, _, f1s, support = _prf_cm(cm)
    present = (support > 0) | (cm.sum(axis=0) > 0)
    return float(f1s[present].mean())


def _weighted_f1_cm(cm: IntArray) -> float:
    _, _, f1s, support = _prf_cm(cm)
    return float(np.sum(f1s * support) / support.sum())


def _adjacent_cm(cm: IntArray, tolerance: int = 1) -> float:
    idx = np.arange(cm.shape[0])
    near = np.abs(idx[:, None] - idx[None, :]) <= tolerance
    return float(cm[near].sum() / cm.sum())


def _kappa_cm(cm_int: IntArray, weights: str | None) -> float:
    cm = cm_int.astype(np.float64)
    k = cm.shape[0]
    n = cm.sum()
    expected = np.outer(cm.sum(axis=1), cm.sum(axis=0)) / n
    idx = np.arange(k)
    if weights is None:
        w = (idx[:, None] != idx[None, :]).astype(np.float64)
    elif weights == "linear":
        w = np.abs(idx[:, None] - idx[None, :]).astype(np.float64)
    elif weights == "quadratic":
        w = ((idx[:, None] - idx[None, :]) ** 2).astype(np.float64)
    else:
        raise InputError(f"weights must be None, 'linear' or 'quadratic', not {weights!r}")
    denom = float(np.sum(w * expected))
    if denom == 0.0:
        return float("nan")
    return 1.0 - float(np.sum(w * cm)) / denom


def _label_metrics(cm: IntArray, ordinal: bool) -> dict[str, float]:
    """Every label-based summary from one confusion matrix (what the bootstrap resamples)."""
    out = {
        "accuracy": float(np.trace(cm) / cm.sum()),
        "macro_f1": _macro_f1_cm(cm),
        "weighted_f1": _weighted_f1_cm(cm),
        "kappa": _kappa_cm(cm, None),
    }
    if ordinal:
        out["adjacent_accuracy"] = _adjacent_cm(cm)
        out["qwk"] = _kappa_cm(cm, "quadratic")
        out["linear_kappa"] = _kappa_cm(cm, "linear")
    return out


def accuracy_from_codes(t: IntArray, p: IntArray) -> float:
    return float(np.mean(t == p))


def macro_f1_from_codes(t: IntArray, p: IntArray, k: int) -> float:
    return _macro_f1_cm(_confusion_codes(t, p, k))


def _weighted_f1_codes(t: IntArray, p: IntArray, k: int) -> float:
    return _weighted_f1_cm(_confusion_codes(t, p, k))


def _adjacent_codes(t: IntArray, p: IntArray, tolerance: int = 1) -> float:
    return float(np.mean(np.abs(t - p) <= tolerance))


def _kappa_codes(t: IntArray, p: IntArray, k: int, weights: str | None) -> float:
    return _kappa_cm(_confusion_codes(t, p, k), weights)


# ------------------------------------------------------------------------- public: label-based
def accuracy(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> float:
    """Share of exact matches."""
    t, p = _pair(y_true, y_pred, labels)
    return accuracy_from_codes(t, p)


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> IntArray:
    """Counts ``[gold, predicted]`` with rows and columns in LabelSet order (zero rows kept)."""
    t, p = _pair(y_true, y_pred, labels)
    return _confusion_codes(t, p, len(labels))


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall, F1 and support of one label."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


def per_class_scores(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> list[ClassScores]:
    """One row per label of the set, in its order, including labels with zero support."""
    t, p = _pair(y_true, y_pred, labels)
    k = len(labels)
    precision, recall, f1s, support = _prf_codes(t, p, k)
    predicted = np.bincount(p, minlength=k)
    return [
        ClassScores(label, float(precision[i]), float(recall[i]), float(f1s[i]), int(support[i]), int(predicted[i]))
        for i, label in enumerate(labels.labels)
    ]


def f1(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet, average: str = "macro") -> float:
    """F1 averaged ``"macro"`` (labels present in gold or predictions) or ``"weighted"`` (by support)."""
    t, p = _pair(y_true, y_pred, labels)
    if average == "macro":
        return macro_f1_from_codes(t, p, len(labels))
    if average == "weighted":
        return _weighted_f1_codes(t, p, len(labels))
    raise InputError(f"average must be 'macro' or 'weighted', not {average!r}")


def macro_f1(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> float:
    """Unweighted mean of per-label F1: every level counts, however rare (C2, small L1s)."""
    return f1(y_true, y_pred, labels, "macro")


def weighted_f1(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> float:
    """Support-weighted mean of per-label F1."""
    return f1(y_true, y_pred, labels, "weighted")


def _require_ordinal(labels: LabelSet, metric: str) -> None:
    if not labels.ordinal:
        raise InputError(f"{metric} needs an ordinal label set; {labels.name!r} is nominal")


def adjacent_accuracy(
    y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet, tolerance: int = 1
) -> float:
    """Share of predictions within ``tolerance`` steps of the gold level (ordinal sets only)."""
    _require_ordinal(labels, "adjacent accuracy")
    t, p = _pair(y_true, y_pred, labels)
    return _adjacent_codes(t, p, tolerance)


def cohen_kappa(
    y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet, weights: str | None = None
) -> float:
    """Cohen's kappa; weighted (``"linear"``/``"quadratic"``) only on an ordinal set."""
    if weights is not None:
        _require_ordinal(labels, f"{weights} weighted kappa")
    t, p = _pair(y_true, y_pred, labels)
    return _kappa_codes(t, p, len(labels), weights)


def quadratic_weighted_kappa(y_true: ArrayLike, y_pred: ArrayLike, labels: LabelSet) -> float:
    """QWK: agreement that penalises an A1↔C2 confusion more than A2↔B1 (nan if undefined)."""
    return cohen_kappa(y_true, y_pred, labels, weights="quadratic")


# ------------------------------------------------------------------- probability-based metrics
def _calibration_codes(t: IntArray, proba: FloatArray, n_bins: int) -> tuple[float, float]:
    bins = confidence_bins(t, proba, n_bins)
    return bins.ece, bins.mce


def expected_calibration_error(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, n_bins: int = DEFAULT_N_BINS
) -> float:
    """ECE over ``n_bins`` equal-width top-1 confidence bins (see the module docstring)."""
    t, pr = _true_and_proba(y_true, proba, labels)
    return _calibration_codes(t, pr, n_bins)[0]


def maximum_calibration_error(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, n_bins: int = DEFAULT_N_BINS
) -> float:
    """MCE: the worst gap between confidence and accuracy over the non-empty bins."""
    t, pr = _true_and_proba(y_true, proba, labels)
    return _calibration_codes(t, pr, n_bins)[1]


def _brier_codes(t: IntArray, proba: FloatArray) -> float:
    onehot = np.zeros_like(proba)
    onehot[np.arange(t.size), t] = 1.0
    return float(np.mean(np.sum((proba - onehot) ** 2, axis=1)))


def brier_score(y_true: ArrayLike, proba: ArrayLike, labels: LabelSet) -> float:
    """Multi-class Brier: mean over samples of Σ_classes (p − onehot)² (range [0, 2], not ÷K)."""
    t, pr = _true_and_proba(y_true, proba, labels)
    return _brier_codes(t, pr)


def _top_k_codes(t: IntArray, proba: FloatArray, k: int) -> float:
    if k < 1:
        raise InputError(f"k must be at least 1, not {k}")
    k = min(k, proba.shape[1])
    # Stable sort on the negated scores: ties are broken by column order, as for arg-max.
    order = np.argsort(-proba, axis=1, kind="stable")[:, :k]
    return float(np.mean(np.any(order == t[:, None], axis=1)))


def top_k_accuracy(y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, k: int = 1) -> float:
    """Share of samples whose gold label is among the ``k`` most probable (k ≥ K gives 1.0)."""
    t, pr = _true_and_proba(y_true, proba, labels)
    return _top_k_codes(t, pr, k)


def _nll_codes(t: IntArray, proba: FloatArray, eps: float = 1e-15) -> float:
    p = np.clip(proba[np.arange(t.size), t], eps, 1.0)
    return float(-np.mean(np.log(p)))


def negative_log_likelihood(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, eps: float = 1e-15
) -> float:
    """Mean −ln p(gold) (log loss); probabilities clipped at ``eps`` so a 0 is finite."""
    t, pr = _true_and_proba(y_true, proba, labels)
    return _nll_codes(t, pr, eps)
