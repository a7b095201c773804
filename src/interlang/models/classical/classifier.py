"""The grid-searched feature classifier: imputation → z-scoring → optional selection → model.

See :mod:`interlang.models.classical` for the method and the default grids.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError, ModelError
from interlang.evaluation.splits import SmallClassWarning
from interlang.labels import LabelSet
from interlang.models.classical.grids import CLASS_WEIGHTED, DEFAULT_GRIDS, MODELS, make_model
from interlang.models.classical.imputer import MedianImputer
from interlang.serialize import jsonable
from interlang.settings import DEFAULT_SEED

__all__ = ["FeatureClassifier"]


class FeatureClassifier(ClassifierMixin, BaseEstimator):
    """Grid-searched classifier on a table of named numeric features (NaN allowed).

    ``fit(X, y)`` builds ``MedianImputer → StandardScaler → [selector] → model``, runs
    ``GridSearchCV`` with ``StratifiedKFold(cv)`` scoring ``scoring`` (macro F1) over
    ``param_grid`` (``None`` → :data:`DEFAULT_GRIDS`; keys without ``__`` are the model's
    parameters, ``selector__…`` tunes the selector) and refits the best pipeline on all data.

    ``labels`` (a :class:`LabelSet` or sequence) fixes ``classes_`` and the ``predict_proba``
    column order; otherwise classes are sorted. ``selection`` is ``None``, a strategy name of
    :mod:`interlang.models.selection` or a selector instance. When a class has fewer members than
    ``cv`` folds, the folds are reduced to the smallest class size (at least 2) with a
    :class:`SmallClassWarning`; a single-member class is kept (it lands in one fold only).
    """

    def __init__(
        self,
        model: str = "rf",
        class_weight: str | None = "balanced",
        param_grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Sequence[Any]]] | None = None,
        cv: int = 3,
        scoring: str = "f1_macro",
        selection: Any = None,
        add_indicator: bool = False,
        labels: LabelSet | Sequence[str] | None = None,
        model_params: Mapping[str, Any] | None = None,
        random_state: int | None = DEFAULT_SEED,
        n_jobs: int | None = 1,
    ) -> None:
        self.model = model
        self.class_weight = class_weight
        self.param_grid = param_grid
        self.cv = cv
        self.scoring = scoring
        self.selection = selection
        self.add_indicator = add_indicator
        self.labels = labels
        self.model_params = model_params
        self.random_state = random_state
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------------------ building
    def _pipeline(self) -> Any:
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        from interlang.models.selection import make_selector

        steps: list[tuple[str, Any]] = [
            ("impute", MedianImputer(add_indicator=self.add_indicator)),
            ("scale", StandardScaler()),
        ]
        if self.selection is not None:
            selector = (
                make_selector(self.selection, self.random_state, self.n_jobs)
                if isinstance(self.selection, str)
                else clone(self.selection)
            )
            steps.append(("selector", selector))
        steps.append(
            ("clf", make_model(self.model, self.class_weight, self.random_state, self.n_jobs, self.model_params or {}))
        )
        return Pipeline(steps)

    def _grid(self) -> list[dict[str, list[Any]]]:
        raw = DEFAULT_GRIDS[self.model] if self.param_grid is None else self.param_grid
        grids = [raw] if isinstance(raw, Mapping) else list(raw)
        out = []
        for grid in grids:
            out.append({(k if "__" in k else f"clf__{k}"): list(v) for k, v in grid.items()})
        return out or [{}]

    def _check_X(self, X: Any, reset: bool) -> NDArray[np.float64]:
        names = getattr(X, "columns", None)
        try:
            arr = np.asarray(X, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InputError(f"features must be numeric ({exc})") from None
        if arr.ndim != 2:
            raise InputError(f"features must be a 2-D table, got shape {arr.shape}")
        if np.isinf(arr).any():
            raise InputError("features contain infinite values (NaN is allowed and imputed)")
        if reset:
            self.feature_names_in_ = np.asarray(
                [str(c) for c in names] if names is not None else [f"x{i}" for i in range(arr.shape[1])],
                dtype=object,
            )
            self.n_features_in_ = int(arr.shape[1])
        else:
            if arr.shape[1] != self.n_features_in_:
                raise InputError(f"expected {self.n_features_in_} features, got {arr.shape[1]}")
            if names is not None and [str(c) for c in names] != list(self.feature_names_in_):
                raise InputError("feature columns differ from those seen in fit (names or order)")
        return arr

    # ---------------------------------------------------------------------------------- fit
    def fit(self, X: Any, y: ArrayLike) -> FeatureClassifier:
        """Grid-search and refit on ``X`` (DataFrame of named features or array) and labels ``y``."""
        from sklearn.model_selection import GridSearchCV, StratifiedKFold
        from sklearn.utils.class_weight import compute_sample_weight

        if self.model not in MODELS:
            raise InputError(f"unknown model {self.model!r}; choose from {list(MODELS)}")
        arr = self._check_X(X, reset=True)
        y_arr = np.asarray([str(v) for v in np.asarray(y, dtype=object).ravel()], dtype=object)
        if y_arr.size != arr.shape[0]:
            raise InputError(f"X has {arr.shape[0]} rows but y has {y_arr.size} labels")
        if self.labels is None:
            classes = np.asarray(sorted(set(y_arr)), dtype=object)
        else:
            given = self.labels.labels if isinstance(self.labels, LabelSet) else tuple(self.labels)
            classes = np.asarray([str(c) for c in given], dtype=object)
            unknown = sorted(set(y_arr) - set(classes))
            if unknown:
                raise InputError(f"y contains labels outside {list(classes)}: {unknown}")
        lookup = {c: i for i, c in enumerate(classes)}
        codes = np.fromiter((lookup[v] for v in y_arr), dtype=np.int64, count=y_arr.size)
        present = np.unique(codes)
        if present.size < 2:
            raise InputError(f"training needs at least two classes; got {list(classes[present])}")
        # The model sees consecutive codes 0..m-1 of the present classes, in label order, so the
        # codes stay ordinal for correlation pruning and XGBoost accepts them.
        internal = np.searchsorted(present, codes)

        counts = np.bincount(internal)
        n_splits = self.cv
        if self.cv < 2:
            raise InputError(f"cv must be at least 2, not {self.cv}")
        if counts.min() < self.cv:
            n_splits = max(2, int(counts.min()))
            small = [f"{classes[present[i]]} ({counts[i]})" for i in np.flatnonzero(counts < self.cv)]
            msg = f"classes with fewer members than {self.cv} CV folds: {', '.join(small)}; "
            if n_splits < self.cv:
                msg += f"using {n_splits} folds"
            if counts.min() < 2:
                msg += "; a single-member class appears in one validation fold only"
            warnings.warn(msg, SmallClassWarning, stacklevel=2)
        fit_params: dict[str, Any] = {}
        if self.class_weight is not None and self.model not in CLASS_WEIGHTED:
            if self.class_weight != "balanced":
                raise InputError(f"class_weight must be 'balanced' or None, not {self.class_weight!r}")
            fit_params["clf__sample_weight"] = compute_sample_weight("balanced", internal)

        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=self.random_state)
        search = GridSearchCV(
            self._pipeline(), self._grid(), scoring=self.scoring, cv=splitter, n_jobs=self.n_jobs, refit=True,
            error_score="raise",
        )
        with warnings.catch_warnings():
            # StratifiedKFold's own warning repeats ours for single-member classes.
            warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
            search.fit(arr, internal, **fit_params)

        self.pipeline_ = search.best_estimator_
        self.classes_ = classes
        self.present_ = present
        self.n_splits_ = int(n_splits)
        self.best_params_ = {
            (k[5:] if k.startswith("clf__") else k): jsonable(v, unknown="repr") for k, v in search.best_params_.items()
        }
        self.best_score_ = float(search.best_score_)
        res = search.cv_results_
        self.cv_results_ = {
            "params": [{k: jsonable(v, unknown="repr") for k, v in p.items()} for p in res["params"]],
            "mean_test_score": np.asarray(res["mean_test_score"], dtype=np.float64),
            "std_test_score": np.asarray(res["std_test_score"], dtype=np.float64),
            "rank_test_score": np.asarray(res["rank_test_score"], dtype=np.int64),
            "mean_fit_time": np.asarray(res["mean_fit_time"], dtype=np.float64),
        }
        return self

    # ------------------------------------------------------------------------------ predict
    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """Probabilities with one column per ``classes_`` entry (0 for labels unseen in training)."""
        check_is_fitted(self, "pipeline_")
        arr = self._check_X(X, reset=False)
        inner = np.asarray(self.pipeline_.predict_proba(arr), dtype=np.float64)
        out = np.zeros((arr.shape[0], len(self.classes_)), dtype=np.float64)
        out[:, self.present_] = inner
        return out

    def predict(self, X: Any) -> NDArray[Any]:
        """Arg-max label of :meth:`predict_proba`."""
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)])

    # ---------------------------------------------------------------------------- inspection
    @property
    def selected_features_(self) -> list[str]:
        """Names of the columns the model itself sees (after indicators and selection)."""
        check_is_fitted(self, "pipeline_")
        return [str(n) for n in self.pipeline_[:-1].get_feature_names_out(self.feature_names_in_)]

    def cv_summary(self) -> Any:
        """Grid-search results as a DataFrame sorted by rank."""
        import pandas as pd

        check_is_fitted(self, "cv_results_")
        results: dict[str, Any] = self.cv_results_
        frame = pd.DataFrame(
            {
                "params": [str(p) for p in results["params"]],
                "mean_test_score": results["mean_test_score"],
                "std_test_score": results["std_test_score"],
                "rank": results["rank_test_score"],
            }
        )
        return frame.sort_values("rank", kind="stable").reset_index(drop=True)

    def feature_importances(
        self, X: Any = None, y: ArrayLike | None = None, n_repeats: int = 5
    ) -> Any:
        """Feature importances as a pandas Series, largest first.

        Impurity/gain importances (trees, boosting) or mean |coef| over classes (linear models)
        over :attr:`selected_features_`; for models with neither (RBF SVM) pass ``X, y`` to get
        permutation importance (macro-F1 drop) over the input features.
        """
        import pandas as pd

        check_is_fitted(self, "pipeline_")
        clf = self.pipeline_[-1]
        values: NDArray[np.float64] | None = None
        if X is None and hasattr(clf, "feature_importances_"):
            values = np.asarray(clf.feature_importances_, dtype=np.float64)
        elif X is None and getattr(clf, "coef_", None) is not None:
            try:
                values = np.abs(np.asarray(clf.coef_, dtype=np.float64)).mean(axis=0)
            except (AttributeError, ValueError):  # e.g. SVC.coef_ for non-linear kernels
                values = None
        if values is not None:
            series = pd.Series(values, index=self.selected_features_, name="importance")
            return series.sort_values(ascending=False, kind="stable")
        if X is None or y is None:
            raise ModelError(
                f"{type(clf).__name__} has no built-in importances: pass X and y for permutation importance"
            )
        from sklearn.inspection import permutation_importance

        arr = self._check_X(X, reset=False)
        result = permutation_importance(
            self, arr, np.asarray([str(v) for v in np.asarray(y, dtype=object).ravel()], dtype=object),
            scoring="f1_macro", n_repeats=n_repeats, random_state=self.random_state, n_jobs=self.n_jobs,
        )
        series = pd.Series(result.importances_mean, index=list(self.feature_names_in_), name="importance")
        return series.sort_values(ascending=False, kind="stable")
