"""The four feature-selection strategies of the reference feature-based CEFR classifier.

Each is a scikit-learn selector (``fit``/``transform``/``get_support``/``get_feature_names_out``)
that sits inside a pipeline after imputation and scaling:

* :class:`ImportanceSelector` — keep features whose RandomForest impurity importance is
  ≥ ``threshold`` (0.01 in the paper);
* :class:`CorrelationSelector` — drop one feature of every pair with |Pearson r| > ``threshold``
  (0.85), keeping the one more correlated with the (ordinal, integer-coded) target, else the
  earlier one;
* :class:`RFESelector` — recursive feature elimination with a linear or tree estimator;
* :class:`CombinedSelector` — correlation pruning → importance filter → RFE.

Targets: selectors receive ``y`` as given; the importance and RFE estimators accept any labels,
the correlation tie-break uses ``y`` only when it is numeric (ordinal codes, as
:class:`~interlang.models.classical.FeatureClassifier` passes them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, clone
from sklearn.feature_selection import SelectorMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError
from interlang.settings import DEFAULT_SEED

__all__ = [
    "SELECTORS",
    "CombinedSelector",
    "CorrelationSelector",
    "ImportanceSelector",
    "RFESelector",
    "make_selector",
]

BoolArray = NDArray[np.bool_]


class _Selector(SelectorMixin, BaseEstimator):
    """Input checks shared by the selectors; NaN allowed (RandomForest handles it)."""

    def _check_X(self, X: Any, reset: bool) -> NDArray[np.float64]:
        if reset:
            names = getattr(X, "columns", None)
            if names is not None:
                self.feature_names_in_ = np.asarray([str(c) for c in names], dtype=object)
            elif hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
        arr = check_array(X, dtype=np.float64, ensure_all_finite="allow-nan")
        if reset:
            self.n_features_in_ = int(arr.shape[1])
        elif arr.shape[1] != self.n_features_in_:
            raise InputError(f"expected {self.n_features_in_} features, got {arr.shape[1]}")
        return np.asarray(arr, dtype=np.float64)

    def _get_support_mask(self) -> BoolArray:
        check_is_fitted(self, "support_")
        return np.asarray(self.support_, dtype=bool)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


def _forest(n_estimators: int, random_state: int | None, n_jobs: int | None) -> Any:
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(
        n_estimators=n_estimators, class_weight="balanced", random_state=random_state, n_jobs=n_jobs
    )


class ImportanceSelector(_Selector):
    """Keep features with impurity importance ≥ ``threshold`` from a balanced RandomForest.

    ``estimator`` replaces the forest (anything with ``feature_importances_``). At least
    ``min_features`` of the most important features are always kept, so a flat importance
    profile over many features cannot empty the pipeline.
    """

    def __init__(
        self,
        threshold: float = 0.01,
        estimator: Any = None,
        n_estimators: int = 200,
        min_features: int = 1,
        random_state: int | None = DEFAULT_SEED,
        n_jobs: int | None = 1,
    ) -> None:
        self.threshold = threshold
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.min_features = min_features
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: ArrayLike) -> ImportanceSelector:
        arr = self._check_X(X, reset=True)
        est = (
            _forest(self.n_estimators, self.random_state, self.n_jobs)
            if self.estimator is None
            else clone(self.estimator)
        )
        est.fit(arr, np.asarray(y).ravel())
        importances = np.asarray(est.feature_importances_, dtype=np.float64)
        support = importances >= self.threshold
        keep = min(max(self.min_features, 1), importances.size)
        if support.sum() < keep:
            support[np.argsort(-importances, kind="stable")[:keep]] = True
        self.importances_ = importances
        self.support_ = support
        return self


class CorrelationSelector(_Selector):
    """Drop one feature of each pair with |Pearson r| > ``threshold`` (greedy, strongest pair first).

    Of a correlated pair the feature with the larger |r| to a numeric ``y`` (ordinal level codes)
    survives; without a numeric ``y``, or on a tie, the earlier column survives. Correlations
    use pairwise-complete rows, so NaN is allowed; a constant column correlates with nothing.
    """

    def __init__(self, threshold: float = 0.85) -> None:
        self.threshold = threshold

    def fit(self, X: Any, y: ArrayLike | None = None) -> CorrelationSelector:
        import pandas as pd

        arr = self._check_X(X, reset=True)
        frame = pd.DataFrame(arr)
        corr = np.nan_to_num(np.abs(frame.corr().to_numpy()), nan=0.0)
        relevance = np.zeros(arr.shape[1])
        y_arr = None if y is None else np.asarray(y).ravel()
        if y_arr is not None and np.issubdtype(y_arr.dtype, np.number):
            relevance = np.nan_to_num(np.abs(frame.corrwith(pd.Series(y_arr.astype(float))).to_numpy()), nan=0.0)
        n = arr.shape[1]
        support = np.ones(n, dtype=bool)
        i_idx, j_idx = np.triu_indices(n, k=1)
        strength = corr[i_idx, j_idx]
        dropped: list[tuple[str, str, float]] = []
        for pair in np.argsort(-strength, kind="stable"):
            r = strength[pair]
            if r <= self.threshold:
                break
            i, j = int(i_idx[pair]), int(j_idx[pair])
            if not (support[i] and support[j]):
                continue
            drop = i if relevance[j] > relevance[i] else j
            support[drop] = False
            dropped.append((str(drop), str(j if drop == i else i), float(r)))
        self.correlation_ = corr
        self.target_correlation_ = relevance
        self.support_ = support
        names = self._names()
        self.dropped_ = [(names[int(d)], names[int(k)], r) for d, k, r in dropped]
        return self

    def _names(self) -> list[str]:
        if hasattr(self, "feature_names_in_"):
            return [str(n) for n in self.feature_names_in_]
        return [f"x{i}" for i in range(self.n_features_in_)]


class RFESelector(_Selector):
    """Recursive feature elimination down to ``n_features_to_select`` features.

    ``estimator`` is ``"linear"`` (balanced logistic regression on |coef|), ``"tree"`` (balanced
    RandomForest impurity importance) or any estimator exposing ``coef_`` or
    ``feature_importances_``. An int larger than the number of features keeps them all; a float in
    (0, 1) is a fraction. Input must be finite (impute first).
    """

    def __init__(
        self,
        n_features_to_select: int | float = 20,
        estimator: Any = "linear",
        step: int | float = 1,
        random_state: int | None = DEFAULT_SEED,
        n_jobs: int | None = 1,
    ) -> None:
        self.n_features_to_select = n_features_to_select
        self.estimator = estimator
        self.step = step
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _estimator(self) -> Any:
        if self.estimator == "linear":
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(max_iter=2000, class_weight="balanced")
        if self.estimator == "tree":
            return _forest(100, self.random_state, self.n_jobs)
        if isinstance(self.estimator, str):
            raise InputError(f"RFE estimator must be 'linear', 'tree' or an estimator, not {self.estimator!r}")
        return clone(self.estimator)

    def fit(self, X: Any, y: ArrayLike) -> RFESelector:
        from sklearn.feature_selection import RFE

        arr = self._check_X(X, reset=True)
        if not np.all(np.isfinite(arr)):
            raise InputError("RFESelector needs finite features: impute missing values first")
        n_select: int | float = self.n_features_to_select
        if isinstance(n_select, int | np.integer):
            n_select = int(min(max(int(n_select), 1), arr.shape[1]))
        self.rfe_ = RFE(self._estimator(), n_features_to_select=n_select, step=self.step)
        self.rfe_.fit(arr, np.asarray(y).ravel())
        self.ranking_ = np.asarray(self.rfe_.ranking_)
        self.support_ = np.asarray(self.rfe_.support_, dtype=bool)
        return self


class CombinedSelector(_Selector):
    """Correlation pruning → importance filter → RFE, each stage on the survivors of the last.

    ``n_features_to_select=None`` stops after the importance filter (the reference paper's
    "combined" strategy); the default 40 matches the paper's final feature count and is a no-op
    when fewer features survive.
    """

    def __init__(
        self,
        corr_threshold: float = 0.85,
        importance_threshold: float = 0.01,
        n_features_to_select: int | float | None = 40,
        rfe_estimator: Any = "linear",
        n_estimators: int = 200,
        random_state: int | None = DEFAULT_SEED,
        n_jobs: int | None = 1,
    ) -> None:
        self.corr_threshold = corr_threshold
        self.importance_threshold = importance_threshold
        self.n_features_to_select = n_features_to_select
        self.rfe_estimator = rfe_estimator
        self.n_estimators = n_estimators
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: ArrayLike) -> CombinedSelector:
        arr = self._check_X(X, reset=True)
        idx = np.arange(arr.shape[1])
        self.correlation_ = CorrelationSelector(self.corr_threshold).fit(arr, y)
        idx = idx[self.correlation_.support_]
        self.importance_ = ImportanceSelector(
            self.importance_threshold,
            n_estimators=self.n_estimators,
            random_state=self.random_state,
            n_jobs=self.n_jobs,
        ).fit(arr[:, idx], y)
        idx = idx[self.importance_.support_]
        self.rfe_ = None
        if self.n_features_to_select is not None:
            n_select = self.n_features_to_select
            if isinstance(n_select, int | np.integer) and n_select >= idx.size:
                pass  # nothing to eliminate
            else:
                self.rfe_ = RFESelector(
                    n_select, self.rfe_estimator, random_state=self.random_state, n_jobs=self.n_jobs
                ).fit(arr[:, idx], y)
                idx = idx[self.rfe_.support_]
        support = np.zeros(arr.shape[1], dtype=bool)
        support[idx] = True
        self.support_ = support
        return self


SELECTORS: dict[str, type[_Selector]] = {
    "importance": ImportanceSelector,
    "correlation": CorrelationSelector,
    "rfe": RFESelector,
    "combined": CombinedSelector,
}


def make_selector(name: str, random_state: int | None = DEFAULT_SEED, n_jobs: int | None = 1) -> _Selector:
    """A selector by strategy name with its documented defaults."""
    if name == "correlation":
        return CorrelationSelector()
    if name not in SELECTORS:
        raise InputError(f"unknown feature selection {name!r}; choose from {sorted(SELECTORS)}")
    return SELECTORS[name](random_state=random_state, n_jobs=n_jobs)
