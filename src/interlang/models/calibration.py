"""Post-hoc calibration of class probabilities on a dev split.

Feature classifiers (random forests above all) and fine-tuned transformers are over-confident:
the reference RandomForest on German CEFR texts has ECE 0.242 and Brier 0.634. A calibrator maps
a probability matrix ``(n, K)`` (columns in class order) to a better-calibrated one:

* :class:`TemperatureScaling` — one scalar ``T``: ``softmax(log p / T)`` (or ``softmax(z / T)``
  on logits). Rank-preserving per row, so accuracy never changes; the safest choice on small
  dev sets.
* :class:`IsotonicCalibrator` — one-vs-rest isotonic regression per column, renormalised. Most
  flexible, needs the most data.
* :class:`PlattCalibrator` — one-vs-rest sigmoid on the logit of each column, renormalised.
* :class:`IdentityCalibrator` — ``"none"``, the baseline every candidate must beat.

:func:`select_calibrator` picks among them by ECE measured with cross-fitting on the dev split
(each fold is calibrated by a calibrator fitted on the other folds), so the choice is not made
on the data it was fitted on. :class:`CalibratedModel` wraps a fitted classifier and a calibrator.

Fitted state is numpy arrays and floats only, so everything saves through
:class:`~interlang.models.bundle.Bundle` (skops) without extra trusted types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError
from interlang.evaluation.metrics import (
    DEFAULT_N_BINS,
    accuracy,
    brier_score,
    expected_calibration_error,
    maximum_calibration_error,
    negative_log_likelihood,
)
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
from interlang.settings import DEFAULT_SEED

__all__ = [
    "CALIBRATORS",
    "CalibratedModel",
    "CalibrationSelection",
    "IdentityCalibrator",
    "IsotonicCalibrator",
    "PlattCalibrator",
    "TemperatureScaling",
    "calibration_table",
    "make_calibrator",
    "select_calibrator",
]

FloatArray = NDArray[np.float64]


# ------------------------------------------------------------------------------------ helpers
def _as_matrix(scores: ArrayLike, what: str = "proba") -> FloatArray:
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] < 2:
        raise InputError(f"{what} must be a non-empty (n, K) matrix with K ≥ 2; got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)):
        raise InputError(f"{what} contains NaN or infinite values")
    return matrix


def _classes_and_codes(
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


class _Calibrator(BaseEstimator):
    """Shared ``fit(proba, y, classes=None)`` / ``predict_proba(proba)`` plumbing."""

    def fit(
        self, proba: ArrayLike, y: ArrayLike, classes: LabelSet | Sequence[Any] | ArrayLike | None = None
    ) -> _Calibrator:
        """Fit on dev scores; ``classes`` gives the column labels (needed when y is not codes)."""
        matrix = self._check_input(proba)
        if len(np.asarray(y).ravel()) != matrix.shape[0]:
            raise InputError(f"proba has {matrix.shape[0]} rows but y has {len(np.asarray(y).ravel())}")
        self.classes_, codes = _classes_and_codes(y, matrix.shape[1], classes)
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
        matrix = _as_matrix(proba)
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
class IdentityCalibrator(_Calibrator):
    """No calibration (the ``"none"`` candidate): returns the probabilities unchanged."""

    method = "none"

    def _fit(self, proba: FloatArray, codes: NDArray[np.int64]) -> None:
        pass

    def _transform(self, proba: FloatArray) -> FloatArray:
        return proba.copy()


class TemperatureScaling(_Calibrator):
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
            return _as_matrix(proba, "logits")
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


class IsotonicCalibrator(_Calibrator):
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


class PlattCalibrator(_Calibrator):
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


CALIBRATORS: dict[str, type[_Calibrator]] = {
    "none": IdentityCalibrator,
    "temperature": TemperatureScaling,
    "isotonic": IsotonicCalibrator,
    "platt": PlattCalibrator,
}


def make_calibrator(method: str) -> _Calibrator:
    """A fresh calibrator by name: ``"none"``, ``"temperature"``, ``"isotonic"`` or ``"platt"``."""
    try:
        return CALIBRATORS[method]()
    except KeyError:
        raise InputError(f"unknown calibration method {method!r}; choose from {sorted(CALIBRATORS)}") from None


# ---------------------------------------------------------------------------------- selection
def calibration_table(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, n_bins: int = DEFAULT_N_BINS
) -> dict[str, float]:
    """ECE, MCE, Brier, NLL and accuracy of one probability matrix (the report's metrics)."""
    matrix = np.asarray(proba, dtype=np.float64)
    pred = np.asarray(labels.labels, dtype=object)[matrix.argmax(axis=1)]
    return {
        "ece": expected_calibration_error(y_true, matrix, labels, n_bins),
        "mce": maximum_calibration_error(y_true, matrix, labels, n_bins),
        "brier": brier_score(y_true, matrix, labels),
        "nll": negative_log_likelihood(y_true, matrix, labels),
        "accuracy": accuracy(y_true, pred, labels),
    }


@dataclass
class CalibrationSelection:
    """The chosen, refitted calibrator and the cross-fitted scores of every candidate.

    ``table[method]`` holds ECE/MCE/Brier/NLL/accuracy of the out-of-fold calibrated dev
    probabilities (``"none"`` is the *before* row); ``chosen`` has the lowest ECE.
    """

    calibrator: _Calibrator
    chosen: str
    table: dict[str, dict[str, float]]
    n_splits: int
    n_dev: int
    notes: list[str] = field(default_factory=list)

    @property
    def before(self) -> dict[str, float]:
        return self.table["none"]

    @property
    def after(self) -> dict[str, float]:
        return self.table[self.chosen]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record for ``Bundle(calibration=...)``."""
        return {
            **self.calibrator.describe(),
            "selected_by": "ece",
            "cross_fitted_folds": self.n_splits,
            "n_dev": self.n_dev,
            "table": {m: dict(row) for m, row in self.table.items()},
            "notes": list(self.notes),
        }

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame (one row per candidate)."""
        import pandas as pd

        return pd.DataFrame.from_dict(self.table, orient="index")


def select_calibrator(
    proba_dev: ArrayLike,
    y_dev: ArrayLike,
    labels: LabelSet | Sequence[str],
    candidates: Sequence[str] = ("none", "temperature", "isotonic", "platt"),
    cv: int = 3,
    n_bins: int = DEFAULT_N_BINS,
    random_state: int | None = DEFAULT_SEED,
) -> CalibrationSelection:
    """Choose the calibrator with the lowest cross-fitted ECE on the dev split, refit it on all of dev.

    ``labels`` gives the column order of ``proba_dev``. Each candidate is fitted on ``cv − 1``
    folds and scored on the held-out fold; the out-of-fold probabilities are pooled and scored
    with :func:`~interlang.evaluation.metrics.expected_calibration_error` and friends. Ties go to
    the earlier candidate, so list the simpler ones first. Folds are stratified; when a class has
    fewer members than ``cv`` the number of folds is reduced (never below 2).
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    label_set = labels if isinstance(labels, LabelSet) else LabelSet(tuple(labels))
    matrix = _as_matrix(proba_dev)
    y_arr = np.asarray(y_dev, dtype=object).ravel()
    _, codes = _classes_and_codes(y_arr, matrix.shape[1], label_set)
    if not candidates:
        raise InputError("select_calibrator needs at least one candidate")
    for method in candidates:
        make_calibrator(method)  # validates the names early
    if cv < 2:
        raise InputError(f"cv must be at least 2 for cross-fitting, not {cv}")

    notes: list[str] = []
    counts = np.bincount(codes)
    smallest = int(counts[counts > 0].min())
    n_splits = min(cv, matrix.shape[0])
    splitter: Any
    if smallest >= 2:
        n_splits = min(n_splits, smallest)
        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    else:
        splitter = KFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        notes.append("a dev class has a single member: folds are not stratified")
    if n_splits < cv:
        notes.append(f"cross-fitting with {n_splits} folds instead of {cv} (small dev classes)")

    folds = list(splitter.split(matrix, codes))
    table: dict[str, dict[str, float]] = {}
    for method in candidates:
        oof = np.empty_like(matrix)
        usable = True
        for train, test in folds:
            if np.unique(codes[train]).size < 2:
                usable = False
                break
            cal = make_calibrator(method).fit(matrix[train], codes[train], np.arange(matrix.shape[1]))
            oof[test] = cal.predict_proba(matrix[test])
        if not usable:
            notes.append(f"{method}: a training fold has a single class; candidate skipped")
            continue
        table[method] = calibration_table(y_arr, oof, label_set, n_bins)
    if "none" not in table:
        table = {"none": calibration_table(y_arr, matrix, label_set, n_bins), **table}
    scored = [m for m in candidates if m in table]
    chosen = min(scored, key=lambda m: (table[m]["ece"], scored.index(m)))
    final = make_calibrator(chosen).fit(matrix, codes, np.arange(matrix.shape[1]))
    final.classes_ = np.asarray(label_set.labels, dtype=object)
    return CalibrationSelection(final, chosen, table, len(folds), int(matrix.shape[0]), notes)


# ---------------------------------------------------------------------------- wrapped model
class CalibratedModel(ClassifierMixin, BaseEstimator):
    """A fitted classifier followed by a calibrator: ``predict_proba`` is calibrated.

    ``base_estimator`` must already be fitted (it is never refitted). ``calibrator`` is a
    calibrator instance (fitted or not) or a method name; ``"auto"`` runs
    :func:`select_calibrator` in :meth:`fit`. ``fit(X_dev, y_dev)`` fits only the calibrator, on
    the base model's dev probabilities. If the calibrator is already fitted, ``fit`` may be
    skipped: the wrapper is usable as constructed.
    """

    def __init__(self, base_estimator: Any = None, calibrator: Any = "auto", cv: int = 3) -> None:
        self.base_estimator = base_estimator
        self.calibrator = calibrator
        self.cv = cv

    def __sklearn_clone__(self) -> CalibratedModel:
        # The base model is pre-fitted: cloning it would throw the fit away.
        return CalibratedModel(self.base_estimator, clone(self.calibrator) if isinstance(self.calibrator, BaseEstimator) else self.calibrator, self.cv)

    @property
    def classes_(self) -> NDArray[Any]:
        return np.asarray(self.base_estimator.classes_)

    def _labels(self) -> LabelSet:
        return LabelSet(tuple(str(c) for c in self.classes_))

    def fit(self, X: Any, y: ArrayLike) -> CalibratedModel:
        """Fit the calibrator on the base model's probabilities for the dev data ``X, y``."""
        if self.base_estimator is None:
            raise InputError("CalibratedModel needs a fitted base_estimator")
        proba = self.base_estimator.predict_proba(X)
        y_str = np.asarray([str(v) for v in np.asarray(y).ravel()], dtype=object)
        if isinstance(self.calibrator, str) and self.calibrator == "auto":
            selection = select_calibrator(proba, y_str, self._labels(), cv=self.cv)
            self.calibrator_ = selection.calibrator
            self.selection_ = selection.to_dict()
        else:
            cal = make_calibrator(self.calibrator) if isinstance(self.calibrator, str) else clone(self.calibrator)
            self.calibrator_ = cal.fit(proba, y_str, self._labels())
        return self

    def _fitted_calibrator(self) -> _Calibrator:
        cal = getattr(self, "calibrator_", None)
        if cal is not None:
            return cal
        if isinstance(self.calibrator, _Calibrator) and hasattr(self.calibrator, "classes_"):
            return self.calibrator
        raise InputError("CalibratedModel is not fitted: call fit(X_dev, y_dev) or pass a fitted calibrator")

    def predict_proba(self, X: Any) -> FloatArray:
        """Calibrated class probabilities, columns in ``classes_`` order."""
        return self._fitted_calibrator().predict_proba(self.base_estimator.predict_proba(X))

    def predict(self, X: Any) -> NDArray[Any]:
        """Arg-max of the calibrated probabilities."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_is_fitted__(self) -> bool:
        try:
            self._fitted_calibrator()
        except InputError:
            return False
        return True

