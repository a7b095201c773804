"""The fitted level pipeline: registered features (+ TF-IDF→PCA of the text) → model → probabilities.

One place that both the full-estimator path (:mod:`interlang.models.predict`) and the compiler
(:mod:`interlang.models.compiled`) import, so neither imports the other for it. It knows no
corpus and no task.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from interlang.errors import ModelError

__all__ = ["LevelPipeline"]


class LevelPipeline:
    """Registered features (+ optional TF-IDF→PCA of the text) → fitted model → probabilities.

    Plain attributes only, so skops stores it inside the bundle. ``model`` is a fitted
    estimator with ``predict_proba`` over a DataFrame of ``columns`` (features, then TF-IDF
    components); its columns are re-ordered to ``labels``.
    """

    def __init__(
        self,
        model: Any = None,
        features: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        tfidf: Any = None,
        language: str | None = None,
    ) -> None:
        self.model = model
        self.features = list(features or [])
        self.labels = list(labels or [])
        self.tfidf = tfidf
        self.language = language

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.labels, dtype=object)

    @property
    def columns(self) -> list[str]:
        extra = [] if self.tfidf is None else [str(c) for c in self.tfidf.get_feature_names_out()]
        return [*self.features, *extra]

    def frame(self, rows: Sequence[Mapping[str, float]], texts: Sequence[str] | None = None) -> Any:
        """The model's input table from feature mappings (missing → NaN) and the raw texts."""
        import pandas as pd

        data = {name: [float(r.get(name, math.nan)) for r in rows] for name in self.features}
        out = pd.DataFrame(data, columns=self.features, dtype=np.float64)
        if self.tfidf is not None:
            if texts is None:
                raise ModelError("this model uses TF-IDF components: pass the raw texts")
            pcs = self.tfidf.transform(list(texts))
            for j, col in enumerate(self.tfidf.get_feature_names_out()):
                out[str(col)] = pcs[:, j]
        return out

    def predict_proba_parts(self, X: Any) -> np.ndarray:
        """Uncalibrated probabilities for a ready table (columns as :attr:`columns`)."""
        proba = np.asarray(self.model.predict_proba(X[self.columns]), dtype=np.float64)
        order = [str(c) for c in getattr(self.model, "classes_", self.labels)]
        if order != self.labels:
            idx = [order.index(label) for label in self.labels]
            proba = proba[:, idx]
        return proba

    def predict_proba(self, X: Any) -> np.ndarray:
        return self.predict_proba_parts(X)
