"""Smaller n-gram bundles: vocabularies as one byte array, float32 coefficients.

:class:`TermIndex` objects are stored inside shipped estimators (skops records them as
``interlang.models.ngram.TermIndex``, which the package re-exports).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

__all__ = ["TermIndex", "compact_estimator"]


class TermIndex(Mapping[str, int]):
    """A fitted vectorizer's ``vocabulary_`` stored as one byte array (NUL-separated terms).

    skops writes a plain dict of 24,000 n-grams as 24,000 JSON nodes (16 MB for l1-en); this
    mapping saves as a single ``uint8`` array and rebuilds the dict on first lookup. Term ``i``
    is feature column ``i``, as in the vectorizer.
    """

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        if [vocabulary[t] for t in terms] != list(range(len(terms))):
            raise ValueError("vocabulary indices must be 0..n-1")
        if any("\0" in t for t in terms):
            raise ValueError("a vocabulary term contains NUL")
        self.data = np.frombuffer("\0".join(terms).encode("utf-8"), dtype=np.uint8).copy()
        self.size = len(terms)
        self._index: dict[str, int] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self.data, "size": self.size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.data, self.size, self._index = state["data"], int(state["size"]), None

    def _lookup(self) -> dict[str, int]:
        if self._index is None:
            terms = bytes(self.data).decode("utf-8").split("\0") if self.size else []
            self._index = {t: i for i, t in enumerate(terms)}
        return self._index

    def __getitem__(self, key: str) -> int:
        return self._lookup()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lookup())

    def __len__(self) -> int:
        return self.size


def compact_estimator(estimator: Any) -> Any:
    """Shrink a fitted n-gram model for saving; predictions are unchanged (to ~1e-6).

    Linear coefficients become float32, vocabularies :class:`TermIndex`, and TF-IDF's
    ``stop_words_`` (every pruned n-gram, introspection only: 20 MB for ICLE char 1-5-grams) is
    dropped.
    """
    vectorizers = list(getattr(estimator, "vectorizers_", {}).values())
    vectorizers += [b.named_steps["vec"] for b in getattr(estimator, "bases_", [])]
    for vec in vectorizers:
        if hasattr(vec, "stop_words_"):
            vec.stop_words_ = None
        if isinstance(getattr(vec, "vocabulary_", None), dict) and not getattr(vec, "fixed_vocabulary_", False):
            vec.vocabulary_ = TermIndex(vec.vocabulary_)
    models = [b.named_steps["clf"] for b in getattr(estimator, "bases_", [])]
    models += [estimator.model_] if hasattr(estimator, "model_") else []
    for clf in models:
        if hasattr(clf, "coef_"):
            clf.coef_ = clf.coef_.astype(np.float32)
            clf.intercept_ = np.asarray(clf.intercept_).astype(np.float32)
    return estimator


#: MERLIN-de L1s with fewer texts are dropped from training (documented in the bundle).
