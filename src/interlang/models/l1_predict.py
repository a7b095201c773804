"""Single-text L1 prediction from a bundle, without importing scikit-learn when it can be helped.

:class:`L1Predictor` scores with the bundle's compiled numpy form
(:mod:`interlang.models.compiled_ngram`) when present, so ``interlang analyze`` can show L1
guesses within its cold-start budget; otherwise it loads the stored estimator.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interlang.models.ngram_predictor import NgramTextModel

__all__ = ["MIN_WORDS", "L1Predictor", "load_cached_l1"]

FloatArray = NDArray[np.float64]

#: Below this many words a guess is reported but flagged as not meaningful.
MIN_WORDS = 50


class L1Predictor(NgramTextModel):
    """A trained L1 bundle ready for single texts: cleaning inside, top-k with probabilities.

    Uses the bundle's compiled numpy form when it has one (no scikit-learn import: a fresh
    process answers in well under a second) and the stored estimator otherwise
    (:class:`~interlang.models.ngram_predictor.NgramTextModel`).
    """

    @classmethod
    def load(cls, name_or_path: str | Any) -> L1Predictor:
        """A shipped model by name (``l1-en``, ``l1-de``) or a bundle directory / zip."""
        from interlang.errors import ModelError
        from interlang.models.bundle import Bundle
        from interlang.models.shipped import resolve

        bundle = Bundle.load(resolve(name_or_path), load_estimator=False)
        if bundle.task != "l1":
            raise ModelError(f"{bundle.name} is a {bundle.task} model, not an L1 model")
        return cls(bundle)

    def predict_text(self, text: str, lang: str | None = None, k: int = 3, *, explain: bool = False, top_spans: int = 8) -> dict[str, Any]:
        """``{"top": [(l1, p), ...], "n_words": n, "too_short": bool, "note": str | None}``.

        The guess is always computed, but flagged when the text has fewer than ``MIN_WORDS``
        words: below that, NLI accuracy is near chance. ``explain=True`` adds ``evidence``: the
        words of the (cleaned, masked) text that pushed it towards the top L1, when the model
        is compiled (char/word n-grams).
        """
        lang = lang or self.bundle.language or "en"
        if self.bundle.language and lang[:2] != str(self.bundle.language)[:2]:
            raise ValueError(f"model {self.bundle.name} is for {self.bundle.language}, not {lang}")
        if self.compiled is not None:  # clean and mask once for scoring and evidence
            seen = self.compiled.prepare(text)
            cols = [self.labels.index(str(c)) for c in self.compiled.classes_]
            proba = np.zeros(len(self.labels))
            proba[cols] = self.compiled.predict_proba([seen], prepared=True)[0]
        else:
            proba = self.predict_proba([text])[0]
        order = np.argsort(-proba)[:k]
        n_words = len(re.findall(r"[^\W\d_]+", text))
        min_words = int(self.bundle.extra.get("min_words", MIN_WORDS))
        too_short = n_words < min_words
        result: dict[str, Any] = {
            "model": self.bundle.name,
            "top": [(self.labels[i], float(proba[i])) for i in order],
            "n_words": n_words,
            "too_short": too_short,
            "note": (
                f"text too short for a meaningful L1 guess ({n_words} words; at least {min_words} needed)"
                if too_short else None
            ),
        }
        if explain and self.compiled is not None:
            from interlang.explain.ngram import l1_spans

            result["evidence"] = l1_spans(self.compiled, seen, self.labels[int(order[0])], top=top_spans, prepared=True)
        return result


_CACHE: dict[str, L1Predictor] = {}


def load_cached_l1(name_or_path: str) -> L1Predictor:
    """One :class:`L1Predictor` per model per process (``analyze`` on many texts loads it once)."""
    key = str(name_or_path)
    if key not in _CACHE:
        _CACHE[key] = L1Predictor.load(key)
    return _CACHE[key]
