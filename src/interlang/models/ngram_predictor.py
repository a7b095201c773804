"""An n-gram bundle of any task read as a text family: raw text in, probabilities out.

The base of :class:`~interlang.models.l1_predict.L1Predictor` too: compiled form when present,
the stored estimator (loaded on first use) otherwise, columns in ``bundle.labels`` order. The
language-agnostic path of issue 13: character and word n-grams of the text as written need
no parser, no lexicon and no language row, so Italian and Czech get a proficiency model from
MERLIN alone. The bundle's compiled numpy form scores and explains without scikit-learn; the
stored estimator is the fallback (and the reference the compiled form was verified against).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["NgramTextModel", "load_text_model"]


class NgramTextModel:
    """``predict_proba(texts)`` in ``bundle.labels`` order; ``explain_text`` gives word spans."""

    def __init__(self, bundle: Any) -> None:
        from interlang.models.compiled_ngram import load_compiled_ngram

        self.bundle = bundle
        self.labels = [str(label) for label in bundle.labels.labels]
        self.compiled = load_compiled_ngram(bundle)
        self._estimator: Any = None if bundle.estimator_pending else bundle.estimator

    @property
    def estimator(self) -> Any:
        """The full estimator (loaded on first use when the bundle was read lazily)."""
        if self._estimator is None:
            self._estimator = self.bundle.load_estimator()
        return self._estimator

    @property
    def model(self) -> Any:
        """What scores texts: the compiled form if present, else the estimator."""
        return self.compiled if self.compiled is not None else self.estimator

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities with columns in ``bundle.labels`` order."""
        model = self.model
        cols = [self.labels.index(str(c)) for c in model.classes_]
        out = np.zeros((len(texts), len(self.labels)))
        if texts:
            out[:, cols] = model.predict_proba(list(texts))
        return out

    def explain_text(self, text: str, *, top: int = 10) -> list[dict[str, Any]]:
        """The words that pushed ``text`` towards its top label (offsets index ``text``).

        Only a model trained without cleaning explains here: cleaning rewrites the text, so its
        offsets would not index what the user wrote.
        """
        if self.compiled is None or self.compiled.clean:
            return []
        from interlang.explain.ngram import l1_spans

        label = self.labels[int(np.argmax(self.predict_proba([text])[0]))]
        return list(l1_spans(self.compiled, text, label, top=top, prepared=True)["spans"])


def load_text_model(bundle: Any) -> NgramTextModel:
    return NgramTextModel(bundle)
