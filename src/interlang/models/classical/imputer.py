"""Median imputation with optional missing-value indicators (NaN is common in learner features)."""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError

__all__ = ["MedianImputer"]


class MedianImputer(TransformerMixin, BaseEstimator):
    """NaN → the training median of its column (0 for a column that is all NaN).

    ``add_indicator=True`` appends a 0/1 ``missing_<name>`` column for every feature that had
    NaN in training (missingness itself is informative: no subordinate clauses → undefined
    ratio). Its own class rather than ``SimpleImputer``, whose fitted state holds a
    ``numpy.dtype`` that the safe bundle loader refuses.
    """

    def __init__(self, add_indicator: bool = False) -> None:
        self.add_indicator = add_indicator

    def fit(self, X: ArrayLike, y: ArrayLike | None = None) -> MedianImputer:
        arr = check_array(X, dtype=np.float64, ensure_all_finite="allow-nan")
        missing = np.isnan(arr)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
            medians = np.nanmedian(arr, axis=0)
        self.statistics_ = np.nan_to_num(np.asarray(medians, dtype=np.float64), nan=0.0)
        self.indicator_features_ = np.flatnonzero(missing.any(axis=0)) if self.add_indicator else np.array([], dtype=np.int64)
        self.n_features_in_ = int(arr.shape[1])
        return self

    def transform(self, X: ArrayLike) -> NDArray[np.float64]:
        check_is_fitted(self, "statistics_")
        arr = np.array(check_array(X, dtype=np.float64, ensure_all_finite="allow-nan"), dtype=np.float64)
        if arr.shape[1] != self.n_features_in_:
            raise InputError(f"expected {self.n_features_in_} features, got {arr.shape[1]}")
        missing = np.isnan(arr)
        filled = np.where(missing, self.statistics_[None, :], arr)
        if self.indicator_features_.size:
            filled = np.hstack([filled, missing[:, self.indicator_features_].astype(np.float64)])
        return np.asarray(filled, dtype=np.float64)

    def get_feature_names_out(self, input_features: ArrayLike | None = None) -> NDArray[np.object_]:
        names = (
            [f"x{i}" for i in range(self.n_features_in_)]
            if input_features is None
            else [str(n) for n in np.asarray(input_features).ravel()]
        )
        extra = [f"missing_{names[i]}" for i in self.indicator_features_]
        return np.asarray(names + extra, dtype=object)
