"""The post-hoc calibrators: identity, temperature, one-vs-rest isotonic and Platt.

Each maps a probability matrix ``(n, K)`` (columns in class order) to a better-calibrated one;
the arithmetic is :mod:`interlang.numeric`'s (softmax, temperature fit, isotonic maps,
renormalisation), so the compiled numpy path (:mod:`interlang.models.compiled`) applies a stored
calibrator exactly as these classes do. Fitted state is numpy arrays and floats only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.numeric import (
    EPS,
    TEMPERATURE_BOUNDS,
    fit_temperature,
    isotonic_apply,
    isotonic_fit,
    renormalise,
    safe_log,
    sigmoid,
    softmax,
    temperature_nll,
)

__all__ = [
    "CALIBRATORS",
    "Calibrator",
    "IdentityCalibrator",
    "IsotonicCalibrator",
    "PlattCalibrator",
    "TemperatureScaling",
    "as_matrix",
    "classes_and_codes",
    "make_calibrator",
]

FloatArray = NDArray[np.float64]


def as_matrix(scores: ArrayLike, what: str = "proba") -> FloatArray:
    """``scores`` as a finite (n, K ≥ 2) float matrix, or one clear InputError."""
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] < 2:
        raise InputError(f"{what} must be a non-empty (n, K) matrix with K ≥ 2; got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)):
        raise InputError(f"{what} contains NaN or infinite values")
    return matrix


def classes_and_codes(
    y: ArrayLike, k: int, classes: LabelSet | Sequence[Any] | ArrayLike | None
) -> tuple[NDArray[Any], NDArray[np.int64]]:
    """Column labels and the column index of every ``y``; checks there are ≥ 2 classes."""
    y_arr = np.asarray(y).ravel()
    if classes is None:
        if np.issubdtype(y_arr.dtype, np.integer):
            cls_arr: NDArray[Any] = np.arange(k)
        else:
            cls_arr = np.unique(y_arr)
            if cls_arr.size != k:
                raise InputError(
                    f"y has {cls_arr.size} distinct labels but the matrix has {k} columns; pass "
                    "classes= (the column order, e.g. the model's classes_ or a LabelSet)"
                )
    else:
        labels = classes.labels if isinstance(classes, LabelSet) else classes
        cls_arr = np.asarray(labels).ravel()
        if cls_arr.size != k:
            raise InputError(f"{cls_arr.size} classes given for a matrix with {k} columns")
    lookup = {c.item() if isinstance(c, np.generic) else c: i for i, c in enumerate(cls_arr)}
    try:
        codes = np.fromiter(
            (lookup[v.item() if isinstance(v, np.generic) else v] for v in y_arr),
            dtype=np.int64,
            count=y_arr.size,
        )
    except KeyError as exc:
        raise InputError(f"y contains a label outside the classes {list(cls_arr)}: {exc}") from None
    present = np.unique(codes)
    if present.size < 2:
        raise InputError(
            "calibration needs at least two classes in the dev labels; got only "
            f"{[cls_arr[i] for i in present]}: use a larger or stratified dev split"
        )
    return cls_arr, codes


class Calibrator(BaseEstimator):
    """The calibrators' base: shared ``fit(proba, y, classes=None)`` / ``predict_proba(proba)`` plumbing."""

    def fit(
        self, proba: ArrayLike, y: ArrayLike, classes: LabelSet | Sequence[Any] | ArrayLike | None = None
    ) -> Calibrator:
        """Fit on dev scores; ``classes`` gives the column labels (needed when y is not codes)."""
        matrix = self._check_input(proba)
        if len(np.asarray(y).ravel()) != matrix.shape[0]:
            raise InputError(f"proba has {matrix.shape[0]} rows but y has {len(np.asarray(y).ravel())}")
        self.classes_, codes = classes_and_codes(y, matrix.shape[1], classes)
        self.n_classes_ = int(matrix.shape[1])
        self._fit(matrix, codes)
        return self

    def predict_proba(self, proba: ArrayLike) -> FloatArray:
        """Calibrated probabilities, same shape and column order as the input."""
        check_is_fitted(self, "classes_")
        matrix = self._check_input(proba)
        if matrix.shape[1] != self.n_classes_:
            raise InputError(f"expected {self.n_classes_} columns, got {matrix.shape[1]}")
        return self._transform(matrix)

    transform = predict_proba

    def _check_input(self, proba: ArrayLike) -> FloatArray:
        matrix = as_matrix(proba)
        if np.any(matrix < -1e-6) or np.any(matrix > 1 + 1e-6):
            raise InputError("proba values must lie in [0, 1] (pass logits to TemperatureScaling(inputs='logits'))")
        return np.clip(matrix, 0.0, 1.0)

    def _fit(self, proba: FloatArray, codes: NDArray[np.int64]) -> None:
        raise NotImplementedError

    def _transform(self, proba: FloatArray) -> FloatArray:
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """JSON-ready summary for ``Bundle.calibration``."""
        return {"method": self.method}

    method = "base"


# -------------------------------------------------------------------------------- calibrators
class IdentityCalibrator(Calibrator):
    """No calibration (the ``"none"`` candidate): returns the probabilities unchanged."""

    method = "none"

    def _fit(self, proba: FloatArray, codes: NDArray[np.int64]) -> None:
        pass

    def _transform(self, proba: FloatArray) -> FloatArray:
        return proba.copy()


class TemperatureScaling(Calibrator):
    """One temperature ``T`` minimising dev NLL: ``softmax(log p / T)`` (Guo et al. 2017).

    ``T > 1`` softens over-confident scores. The search (:func:`interlang.numeric.fit_temperature`)
    is bounded to ``bounds`` on ``T`` (on a log scale; default the one
    :data:`~interlang.numeric.TEMPERATURE_BOUNDS`), so a degenerate dev split cannot drive ``T``
    to 0 or infinity.
    ``inputs="logits"`` takes raw logits instead of probabilities.
    """

    method = "temperature"

    def __init__(self, inputs: str = "proba", bounds: tuple[float, float] = TEMPERATURE_BOUNDS) -> None:
        self.inputs = inputs
        self.bounds = bounds

    def _check_input(self, proba: ArrayLike) -> FloatArray:
        if self.inputs == "logits":
            return as_matrix(proba, "logits")
        if self.inputs != "proba":
            raise InputError(f"inputs must be 'proba' or 'logits', not {self.inputs!r}")
        return super()._check_input(proba)

    def _logits(self, scores: FloatArray) -> FloatArray:
        if self.inputs == "logits":
            return scores
        return safe_log(scores)

    def _fit(self, proba: FloatArray, codes: NDArray[np.int64]) -> None:
        lo, hi = self.bounds
        if not 0 < lo < hi:
            raise InputError(f"bounds must satisfy 0 < low < high, got {self.bounds}")
        z = self._logits(proba)
        self.temperature_ = fit_temperature(z, codes, (lo, hi))
        self.nll_before_ = temperature_nll(z, codes, 1.0)
        self.nll_after_ = temperature_nll(z, codes, self.temperature_)

    def _transform(self, proba: FloatArray) -> FloatArray:
        return softmax(self._logits(proba), axis=1, temperature=self.temperature_)

    def describe(self) -> dict[str, Any]:
        return {"method": self.method, "temperature": self.temperature_}


class IsotonicCalibrator(Calibrator):
    """One-vs-rest isotonic regression of ``1[y = k]`` on column ``k``, rows renormalised.

    A class absent from the dev labels keeps its column uncalibrated (identity map) instead of
    collapsing to 0. The fitted maps are stored as threshold arrays (``x_thresholds_[k]``,
    ``y_thresholds_[k]``) and applied by linear interpolation, clipped at the ends — exactly
    what :class:`sklearn.isotonic.IsotonicRegression` predicts with ``out_of_bounds="clip"``.
    """

    method = "isotonic"

    def __init__(self, floor: float = 1e-6) -> None:
        self.floor = floor

    def _fit(self, proba: FloatArray, codes: NDArray[np.int64]) -> None:
        xs: list[FloatArray] = []
        ys: list[FloatArray] = []
        for k in range(proba.shape[1]):
            target = (codes == k).astype(np.float64)
            if target.sum() == 0:
                xs.append(np.array([0.0, 1.0]))
                ys.append(np.array([0.0, 1.0]))
                continue
            x_k, y_k = isotonic_fit(proba[:, k], target)
            xs.append(x_k)
            ys.append(y_k)
        self.x_thresholds_ = xs
        self.y_thresholds_ = ys

    def _transform(self, proba: FloatArray) -> FloatArray:
        q = np.column_stack(
            [isotonic_apply(self.x_thresholds_[k], self.y_thresholds_[k], proba[:, k]) for k in range(proba.shape[1])]
        )
        # A small floor keeps NLL finite when isotonic maps a column to exactly 0.
        q = np.maximum(q, self.floor)
        return renormalise(q, proba)


class PlattCalibrator(Calibrator):
    """One-vs-rest sigmoid ``σ(a_k · logit(p_k) + b_k)`` per column, rows renormalised.

    Fitted by (lightly regularised) logistic regression; a class absent from the dev labels keeps
    the identity map ``a = 1, b = 0``.
    """

    method = "platt"

    def __init__(self, C: float = 1e4) -> None:
        self.C = C

    @staticmethod
    def _logit(p: FloatArray) -> FloatArray:
        p = np.clip(p, EPS, 1 - EPS)
        return np.asarray(np.log(p) - np.log1p(-p), dtype=np.float64)

    def _fit(self, proba: FloatArray, codes: NDArray[np.int64]) -> None:
        from sklearn.linear_model import LogisticRegression

        k_total = proba.shape[1]
        a = np.ones(k_total)
        b = np.zeros(k_total)
        for k in range(k_total):
            target = (codes == k).astype(np.int64)
            if target.min() == target.max():  # class absent (or the only one): identity
                continue
            lr = LogisticRegression(C=self.C, max_iter=1000).fit(self._logit(proba[:, [k]]), target)
            a[k] = float(lr.coef_[0, 0])
            b[k] = float(lr.intercept_[0])
        self.coef_ = a
        self.intercept_ = b

    def _transform(self, proba: FloatArray) -> FloatArray:
        z = self._logit(proba) * self.coef_ + self.intercept_
        return renormalise(sigmoid(z), proba)

    def describe(self) -> dict[str, Any]:
        return {"method": self.method, "coef": self.coef_.tolist(), "intercept": self.intercept_.tolist()}


CALIBRATORS: dict[str, type[Calibrator]] = {
    "none": IdentityCalibrator,
    "temperature": TemperatureScaling,
    "isotonic": IsotonicCalibrator,
    "platt": PlattCalibrator,
}


def make_calibrator(method: str) -> Calibrator:
    """A fresh calibrator by name: ``"none"``, ``"temperature"``, ``"isotonic"`` or ``"platt"``."""
    try:
        return CALIBRATORS[method]()
    except KeyError:
        raise InputError(f"unknown calibration method {method!r}; choose from {sorted(CALIBRATORS)}") from None
