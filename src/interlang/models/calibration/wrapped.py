"""A fitted classifier followed by a calibrator, as one scikit-learn estimator."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.models.calibration.calibrators import Calibrator, make_calibrator
from interlang.models.calibration.select import select_calibrator

__all__ = ["CalibratedModel"]

FloatArray = NDArray[np.float64]


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

    def _fitted_calibrator(self) -> Calibrator:
        cal = getattr(self, "calibrator_", None)
        if cal is not None:
            return cal
        if isinstance(self.calibrator, Calibrator) and hasattr(self.calibrator, "classes_"):
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
