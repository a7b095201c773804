"""An RBF SVC with probabilities: a softmax of its decision values over a fitted temperature."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from interlang.numeric import fit_temperature, softmax
from interlang.settings import DEFAULT_SEED

__all__ = ["ProbabilisticSVC"]


class ProbabilisticSVC(ClassifierMixin, BaseEstimator):
    """An SVC with probabilities: softmax of its one-vs-rest decision values over a temperature.

    The temperature is fitted (:func:`interlang.numeric.fit_temperature`, NLL) on
    cross-validated decision values, then the SVC is refitted on all data — the role of
    ``SVC(probability=True)`` (deprecated in scikit-learn 1.9), but robust to classes with one or
    two members, where a stratified internal CV would fail.
    """

    def __init__(
        self,
        C: float = 1.0,
        kernel: str = "rbf",
        gamma: str | float = "scale",
        class_weight: str | None = "balanced",
        cv: int = 3,
        random_state: int | None = DEFAULT_SEED,
    ) -> None:
        self.C = C
        self.kernel = kernel
        self.gamma = gamma
        self.class_weight = class_weight
        self.cv = cv
        self.random_state = random_state

    def _svc(self) -> Any:
        from sklearn.svm import SVC

        return SVC(
            C=self.C, kernel=self.kernel, gamma=self.gamma, class_weight=self.class_weight,
            decision_function_shape="ovr", random_state=self.random_state,
        )

    @staticmethod
    def _logits(decision: NDArray[np.float64]) -> NDArray[np.float64]:
        if decision.ndim == 1:  # binary: one signed margin for the second class
            return np.column_stack([-decision / 2, decision / 2])
        return decision

    def fit(self, X: ArrayLike, y: ArrayLike) -> ProbabilisticSVC:
        from sklearn.model_selection import KFold, StratifiedKFold

        arr = np.asarray(X, dtype=np.float64)
        y_arr = np.asarray(y).ravel()
        self.classes_, codes = np.unique(y_arr, return_inverse=True)
        smallest = int(np.bincount(codes).min())
        splitter: Any = (
            StratifiedKFold(min(self.cv, smallest), shuffle=True, random_state=self.random_state)
            if smallest >= 2
            else KFold(self.cv, shuffle=True, random_state=self.random_state)
        )
        # Out-of-fold decision values, one fold at a time: a class missing from a training fold
        # (a one-member class) keeps a very low score in that fold's rows.
        oof = np.full((codes.size, self.classes_.size), -1e6)
        for train, test in splitter.split(arr, codes):
            present = np.unique(codes[train])
            if present.size < 2:
                continue
            svc = self._svc().fit(arr[train], codes[train])
            decision = self._logits(np.asarray(svc.decision_function(arr[test]), dtype=np.float64))
            oof[np.ix_(test, present)] = np.maximum(decision, -1e6)
        self.temperature_ = fit_temperature(oof, codes)
        self.svc_ = self._svc().fit(X, codes)
        return self

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        check_is_fitted(self, "svc_")
        return self._logits(np.asarray(self.svc_.decision_function(X), dtype=np.float64))

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        return softmax(self.decision_function(X), axis=1, temperature=self.temperature_)

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)])
