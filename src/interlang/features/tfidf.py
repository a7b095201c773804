"""TF-IDF → PCA text components (Appendix 11.1, group 7).

Unlike the per-document features these are *fitted* (vocabulary, IDF weights and components
come from the training texts), so they live in the model pipeline as a scikit-learn
transformer, fitted on the training split only, and are not registered in the feature registry.

Defaults follow the paper: word unigrams and bigrams, at most 500 terms, sublinear TF, terms in
at least 2 documents, reduced to 50 principal components. PCA needs ``n_components ≤
min(n_documents, n_terms)``, so the number of components is capped by the data
(``n_components_`` after fitting).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from interlang.settings import DEFAULT_SEED
from interlang.text.document import Document


def as_texts(X: Iterable[Any]) -> list[str]:
    """Raw strings from strings, :class:`Document` objects or a one-column frame/array."""
    if hasattr(X, "iloc") and getattr(X, "ndim", 1) == 2:  # a one-column DataFrame
        X = X.iloc[:, 0]
    arr = np.asarray(X, dtype=object) if not isinstance(X, list) else X
    if isinstance(arr, np.ndarray) and arr.ndim == 2:
        arr = arr[:, 0]
    out: list[str] = []
    for item in arr:
        if isinstance(item, Document):
            out.append(item.text)
        elif isinstance(item, str):
            out.append(item)
        else:
            raise TypeError(f"expected str or Document, got {type(item).__name__}")
    return out


class TfidfPCA(TransformerMixin, BaseEstimator):
    """Unigram+bigram TF-IDF reduced by PCA; outputs ``tfidf_pc01 … tfidf_pcNN``."""

    def __init__(
        self,
        n_components: int = 50,
        max_features: int = 500,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int | float = 2,
        sublinear_tf: bool = True,
        random_state: int | None = DEFAULT_SEED,
    ) -> None:
        self.n_components = n_components
        self.max_features = max_features
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.random_state = random_state

    def _vectorizer(self, min_df: int | float) -> TfidfVectorizer:
        return TfidfVectorizer(
            ngram_range=tuple(self.ngram_range),
            max_features=self.max_features,
            min_df=min_df,
            sublinear_tf=self.sublinear_tf,
            lowercase=True,
        )

    def fit(self, X: Iterable[Any], y: Any = None) -> TfidfPCA:
        texts = as_texts(X)
        if not texts:
            raise ValueError("TfidfPCA needs at least one text to fit")
        vec = self._vectorizer(self.min_df)
        try:
            matrix = vec.fit_transform(texts)
        except ValueError:
            # Too few documents for min_df (every term is rarer): keep every term instead of
            # failing, and say so in min_df_used_.
            vec = self._vectorizer(1)
            matrix = vec.fit_transform(texts)
        self.min_df_used_ = vec.min_df
        self.vectorizer_ = vec
        dense = matrix.toarray()
        n = max(1, min(self.n_components, dense.shape[0], dense.shape[1]))
        with np.errstate(invalid="ignore", divide="ignore"):  # zero variance on tiny data
            self.pca_ = PCA(n_components=n, random_state=self.random_state).fit(dense)
        self.n_components_ = n
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        check_is_fitted(self, "pca_")
        dense = self.vectorizer_.transform(as_texts(X)).toarray()
        return np.asarray(self.pca_.transform(dense), dtype=float)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "pca_")
        return np.array([f"tfidf_pc{i:02d}" for i in range(1, self.n_components_ + 1)], dtype=object)
