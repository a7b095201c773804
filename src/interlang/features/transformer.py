"""The registered per-document features as a scikit-learn transformer.

So a model pipeline can start from raw texts (or parsed :class:`Document` objects) and stay a
single clonable, grid-searchable object: ``FeatureTransformer(lang="de") → imputer → model``.
Fitting only fixes the column list (the features defined for ``lang`` in ``groups``); nothing
is learned from the data, so it cannot leak.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from interlang.errors import EmptyTextError
from interlang.features.base import GROUPS, extract, list_features
from interlang.text.document import Document

NAN_POLICIES = ("keep", "zero", "raise")


class FeatureTransformer(TransformerMixin, BaseEstimator):
    """Texts or Documents → matrix of registered features (one row per text).

    Parameters
    ----------
    lang:
        Language of every text (features not defined for it are left out).
    groups:
        Feature groups to compute (default: every registered group).
    nan_policy:
        ``"keep"`` leaves NaN for unavailable values (impute downstream), ``"zero"`` replaces
        them with 0, ``"raise"`` fails on the first one, naming the feature and the reason.
    backend:
        Text backend for raw strings (default: the language's default).
    """

    def __init__(
        self,
        lang: str = "de",
        groups: Sequence[str] | None = None,
        nan_policy: str = "keep",
        backend: str | None = None,
    ) -> None:
        self.lang = lang
        self.groups = groups
        self.nan_policy = nan_policy
        self.backend = backend

    def _groups(self) -> list[str]:
        groups = list(GROUPS) if self.groups is None else list(self.groups)
        unknown = [g for g in groups if g not in GROUPS]
        if unknown:
            raise ValueError(f"unknown feature groups {unknown}; known: {list(GROUPS)}")
        return groups

    def fit(self, X: Iterable[Any] = (), y: Any = None) -> FeatureTransformer:
        if self.nan_policy not in NAN_POLICIES:
            raise ValueError(f"nan_policy must be one of {NAN_POLICIES}, not {self.nan_policy!r}")
        groups = set(self._groups())
        self.feature_names_ = [
            f.name for f in list_features(lang=self.lang) if f.group in groups
        ]
        self.n_features_in_ = 1
        return self

    def _documents(self, X: Iterable[Any]) -> list[Document | None]:
        """Parse strings (None for a text without words); pass Documents through."""
        from interlang.text import parse

        docs: list[Document | None] = []
        for item in _items(X):
            if isinstance(item, Document):
                docs.append(item)
            elif isinstance(item, str):
                try:
                    docs.append(parse(item, self.lang, backend=self.backend))
                except EmptyTextError:
                    docs.append(None)
            else:
                raise TypeError(f"expected str or Document, got {type(item).__name__}")
        return docs

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        names = self.feature_names_
        groups = self._groups()
        rows: list[list[float]] = []
        for doc in self._documents(X):
            if doc is None:
                values, reasons = {}, {n: "the text has no words" for n in names}
            else:
                fv = extract(doc, groups)
                values, reasons = fv.values, fv.unavailable
            row = []
            for name in names:
                v = values.get(name, math.nan)
                if math.isnan(v):
                    if self.nan_policy == "raise":
                        raise ValueError(f"{name} unavailable: {reasons.get(name, 'undefined')}")
                    if self.nan_policy == "zero":
                        v = 0.0
                row.append(v)
            rows.append(row)
        return np.asarray(rows, dtype=float).reshape(len(rows), len(names))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return np.array(self.feature_names_, dtype=object)


def _items(X: Iterable[Any]) -> list[Any]:
    if hasattr(X, "iloc") and getattr(X, "ndim", 1) == 2:
        return list(X.iloc[:, 0])
    if isinstance(X, list):
        return X
    return list(np.asarray(X, dtype=object).reshape(-1))
