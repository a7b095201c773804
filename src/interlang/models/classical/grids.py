"""The model families of :class:`~interlang.models.classical.FeatureClassifier` and their grids.

XGBoost and LightGBM are the ``[ml]`` extra, imported only when chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlang.errors import InputError, MissingExtra
from interlang.models.classical.svm import ProbabilisticSVC

__all__ = ["CLASS_WEIGHTED", "DEFAULT_GRIDS", "MODELS", "make_model"]

MODELS = ("rf", "gb", "svm", "xgb", "lgbm", "logreg")

DEFAULT_GRIDS: dict[str, dict[str, list[Any]]] = {
    "rf": {"n_estimators": [300], "max_depth": [None, 7], "min_samples_leaf": [1, 3], "max_features": ["sqrt", 0.3]},
    "gb": {"n_estimators": [100, 200], "learning_rate": [0.05, 0.1], "max_depth": [2, 3]},
    "svm": {"C": [0.1, 1.0, 10.0], "gamma": ["scale", 0.01]},
    "xgb": {"n_estimators": [200], "max_depth": [3, 6], "learning_rate": [0.05, 0.1], "subsample": [0.8, 1.0]},
    "lgbm": {"n_estimators": [200], "num_leaves": [15, 31], "learning_rate": [0.05, 0.1], "min_child_samples": [5, 20]},
    "logreg": {"C": [0.01, 0.1, 1.0, 10.0]},
}
#: Models that take ``class_weight``; the others get balanced sample weights.
CLASS_WEIGHTED = {"rf", "svm", "logreg", "lgbm"}


def make_model(
    name: str, class_weight: str | None, random_state: int | None, n_jobs: int | None, params: Mapping[str, Any]
) -> Any:
    """The unfitted estimator for ``name`` (lazy imports: xgboost/lightgbm are optional)."""
    cw = class_weight if name in CLASS_WEIGHTED else None
    if name == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(class_weight=cw, random_state=random_state, n_jobs=n_jobs, **params)
    if name == "gb":
        from sklearn.ensemble import GradientBoostingClassifier

        return GradientBoostingClassifier(random_state=random_state, **params)
    if name == "svm":
        return ProbabilisticSVC(class_weight=cw, random_state=random_state, **params)
    if name == "logreg":
        from sklearn.linear_model import LogisticRegression

        kwargs = {"max_iter": 5000, **params}
        return LogisticRegression(class_weight=cw, random_state=random_state, **kwargs)
    if name == "xgb":
        try:
            from xgboost import XGBClassifier
        except ImportError:
            raise MissingExtra("xgboost-cpu", "ml") from None
        kwargs = {"tree_method": "hist", "eval_metric": "mlogloss", **params}
        return XGBClassifier(random_state=random_state, n_jobs=n_jobs, **kwargs)
    if name == "lgbm":
        try:
            from lightgbm import LGBMClassifier
        except ImportError:
            raise MissingExtra("lightgbm", "ml") from None
        kwargs = {"verbose": -1, **params}
        return LGBMClassifier(class_weight=cw, random_state=random_state, n_jobs=n_jobs, **kwargs)
    raise InputError(f"unknown model {name!r}; choose from {list(MODELS)}")
