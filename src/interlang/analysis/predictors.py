"""One predictor protocol for every model: ``interlang.load(name_or_path) -> Predictor``.

A shipped name (``level-de``, ``l1-en``) or a bundle path of any family is loaded by the model
registry (:func:`interlang.models.loading.load_model`, the one place that tells the families
apart: text-reading families, compiled n-gram L1, level feature/rules models with their numpy
path) and wrapped in the :data:`ADAPTERS` entry of its kind, which adds the task, the trained
range and typed :class:`~interlang.analysis.prediction.Prediction` objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from interlang.analysis.prediction import ModelRef, Prediction, Reason, make_range
from interlang.errors import ModelError
from interlang.text import Document

__all__ = ["ADAPTERS", "DifficultyPredictor", "L1Model", "LevelModel", "Predictor", "TextFamilyModel", "default_name", "load"]

#: How many labels ``top_k`` holds.
TOP_K = 3


class Predictor:
    """A loaded model ready for texts: its task, labels, name and bundle metadata."""

    def __init__(self, loaded: Any) -> None:
        from interlang.tasks.registry import shipped_model, task_of_bundle

        bundle = loaded.bundle
        self.loaded = loaded
        self.bundle = bundle
        self.model: Any = loaded.model
        entry = shipped_model(loaded.key)
        self.task: str = task_of_bundle(str(bundle.task), loaded.key)
        self.trained_range: tuple[str, str] | None = entry.trained_range if entry is not None else None
        self.labels: list[str] = list(bundle.labels.labels)
        self.ordinal = bool(bundle.labels.ordinal)

    @property
    def name(self) -> str:
        return str(self.bundle.name)

    @property
    def language(self) -> str | None:
        return None if self.bundle.language is None else str(self.bundle.language)

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self.bundle.metadata())

    def predict(
        self, inputs: str | Document | Sequence[str | Document], *, lang: str | None = None, explain: bool = False
    ) -> list[Prediction]:
        """One :class:`Prediction` per text or parsed :class:`~interlang.text.Document`."""
        items = [inputs] if isinstance(inputs, (str, Document)) else list(inputs)
        return self._predict(items, lang, explain)

    def _predict(self, items: list[str | Document], lang: str | None, explain: bool) -> list[Prediction]:
        raise NotImplementedError

    def predict_analysed(self, doc: Document, features: Mapping[str, float], *, explain: bool = True) -> Prediction:
        """For a text ``analyze`` already parsed and featurised: feature models reuse ``features``,
        every other family reads ``doc``."""
        return self._predict([doc], doc.lang, explain)[0]

    def explain(self, text: str, *, lang: str | None = None, top: int = 10, method: str = "auto") -> Prediction:
        """One text's prediction with its ``top`` strongest reasons, by the family's own explainer.

        ``method`` picks the feature explainer of level models (``auto``, ``tree``, ``kernel``,
        ``linear``, ``occlusion``); the other families have one explainer each and ignore it.
        """
        return self._predict([text], lang, True)[0]

    def _prediction(
        self, proba: Sequence[float], reasons: Sequence[Mapping[str, Any]], details: Mapping[str, Any]
    ) -> Prediction:
        from interlang.numeric import top_k

        p = np.asarray(proba, dtype=np.float64)
        order = top_k(p, min(TOP_K, len(self.labels)))
        label = self.labels[order[0]]
        return Prediction(
            task=self.task,
            label=label,
            probabilities={k: float(v) for k, v in zip(self.labels, p, strict=True)},
            top_k=tuple((self.labels[i], float(p[i])) for i in order),
            range=make_range(label, self.labels, self.trained_range, self.ordinal),
            reasons=tuple(Reason.from_dict(r) for r in reasons),
            model=ModelRef(self.name, getattr(self.bundle, "interlang_version", None) or None),
            details=dict(details),
        )


def _text(item: str | Document) -> str:
    return item.text if isinstance(item, Document) else item


class LevelModel(Predictor):
    """Level bundles of the feature families and rules (:class:`~interlang.models.predict.LevelPredictor`)."""

    def __init__(self, loaded: Any) -> None:
        super().__init__(loaded)
        self.labels = list(self.model.labels)

    def predict_features(self, values: Mapping[str, float], text: str, *, explain: bool = True,
                         top: int = 5, method: str = "auto") -> Prediction:
        """From already extracted features (what ``analyze`` has) and the raw text."""
        legacy = self.model.predict_features(values, text, explain=explain, top=top, method=method)
        proba = [legacy.probabilities[k] for k in self.labels]
        return self._prediction(proba, legacy.reasons, legacy.to_dict())

    def predict_analysed(self, doc: Document, features: Mapping[str, float], *, explain: bool = True) -> Prediction:
        return self.predict_features(features, doc.text, explain=explain)

    def _document(self, item: str | Document, lang: str | None) -> Document:
        from interlang.text import parse

        if isinstance(item, Document):
            return item
        code = lang or self.language
        if code is None:
            raise ModelError(f"bundle {self.name!r} records no language: pass lang")
        return parse(item, code)

    def _predict(self, items: list[str | Document], lang: str | None, explain: bool) -> list[Prediction]:
        from interlang.features import extract

        out = []
        for item in items:
            doc = self._document(item, lang)
            out.append(self.predict_features(extract(doc).values, doc.text, explain=explain))
        return out

    def explain(self, text: str, *, lang: str | None = None, top: int = 10, method: str = "auto") -> Prediction:
        from interlang.features import extract

        doc = self._document(text, lang)
        return self.predict_features(extract(doc).values, doc.text, explain=True, top=top, method=method)


class L1Model(Predictor):
    """n-gram L1 bundles (:class:`~interlang.models.l1_predict.L1Predictor`, compiled when possible)."""

    def __init__(self, loaded: Any) -> None:
        super().__init__(loaded)
        self.labels = list(self.model.labels)

    def _predict(self, items: list[str | Document], lang: str | None, explain: bool) -> list[Prediction]:
        return [
            self._one(_text(item), lang or (item.lang if isinstance(item, Document) else None), explain=explain)
            for item in items
        ]

    def explain(self, text: str, *, lang: str | None = None, top: int = 10, method: str = "auto") -> Prediction:
        """Top-3 L1s, the words that point to the top one, and the n-grams that set it apart."""
        return self._one(text, lang, explain=True, top=top, indicative=True)

    def _one(self, text: str, lang: str | None, *, explain: bool, top: int = 8, indicative: bool = False) -> Prediction:
        result = self.model.predict_text(text, lang, k=len(self.labels), explain=explain, top_spans=top)
        proba = dict(result["top"])
        details = {**result, "top": list(result["top"][:TOP_K])}
        if indicative and self.model.compiled is not None:
            from interlang.explain.ngram import indicative_ngrams

            label = result["top"][0][0]
            details["indicative_ngrams"] = indicative_ngrams(self.model.compiled, [label], k=top)[label]
        spans = (result.get("evidence") or {}).get("spans") or []
        return self._prediction([proba[k] for k in self.labels], spans, details)


class TextFamilyModel(Predictor):
    """Transformer, embeddings and LLM bundles (:func:`~interlang.models.families.load_text_model`)."""

    def _predict(self, items: list[str | Document], lang: str | None, explain: bool, top: int = 8) -> list[Prediction]:
        texts = [_text(i) for i in items]
        proba = np.asarray(self.model.predict_proba(texts), dtype=np.float64)
        out = []
        for text, row in zip(texts, proba, strict=True):
            reasons = self.model.explain_text(text, top=top) if explain else []
            order = np.argsort(-row, kind="stable")
            details: dict[str, Any] = {
                "model": self.name,
                "probabilities": {k: round(float(v), 4) for k, v in zip(self.labels, row, strict=True)},
            }
            if self.task == "l1":
                details["top"] = [(self.labels[i], float(row[i])) for i in order[:TOP_K]]
                details["evidence"] = reasons
            else:
                details["level"] = self.labels[int(order[0])]
                details["confidence"] = round(float(row[order[0]]), 4)
                details["reasons"] = reasons
            out.append(self._prediction(row, reasons, details))
        return out

    def explain(self, text: str, *, lang: str | None = None, top: int = 10, method: str = "auto") -> Prediction:
        return self._predict([text], lang, True, top=top)[0]


class DifficultyPredictor(Predictor):
    """Reading-difficulty bundles (:class:`~interlang.models.difficulty.DifficultyModel`): a document
    level from its sentences, with every sentence's level and the hardest ones as reasons."""

    def assessments(self, items: Sequence[str | Document]) -> list[Any]:
        """The family's :class:`~interlang.models.difficulty.DifficultyAssessment` of each text."""
        return list(self.model.assess_many([_text(i) for i in items]))

    def _predict(self, items: list[str | Document], lang: str | None, explain: bool) -> list[Prediction]:
        out = []
        for assessment in self.assessments(items):
            out.append(self.from_assessment(assessment, explain=explain))
        return out

    def explain(self, text: str, *, lang: str | None = None, top: int = 10, method: str = "auto") -> Prediction:
        """The document level with its ``top`` hardest sentences as the reasons."""
        return self.from_assessment(self.assessments([text])[0], explain=True, top=top)

    def from_assessment(self, assessment: Any, *, explain: bool = True, top: int = 3) -> Prediction:
        hardest = assessment.hardest(top) if explain else []
        reasons = [{"span": s.text, "weight": round(s.expected, 3), "start": s.start, "end": s.end} for s in hardest]
        row = assessment.proba
        label = self.labels[int(np.argmax(row))]
        details: dict[str, Any] = {
            "model": self.name,
            "level": label,
            "confidence": round(float(np.max(row)), 4),
            "expected_level": round(float(assessment.expected), 3),
            "probabilities": {k: round(float(v), 4) for k, v in zip(self.labels, row, strict=True)},
            "n_sentences": len(assessment.sentences),
            "hardest": [{"text": s.text, "start": s.start, "end": s.end, "level": s.label,
                         "expected_level": round(s.expected, 3)} for s in hardest],
            "sentences": [
                {"start": s.start, "end": s.end, "level": s.label, "expected_level": round(s.expected, 3)}
                for s in assessment.sentences
            ],
        }
        return self._prediction(row, reasons, details)


#: Which adapter wraps each kind of :data:`interlang.models.loading.KINDS` (no dispatch here).
ADAPTERS: dict[str, type[Predictor]] = {}

_LOADED: dict[str, Predictor] = {}


def default_name(kind: str, lang: str) -> str | None:
    """The shipped model name of ``kind`` ("level", "l1", "difficulty") for a language, if any."""
    from interlang.models.shipped import default_model

    return default_model(kind, lang)


def load(name_or_path: str | Path) -> Predictor:
    """The :class:`Predictor` of a shipped model name or a bundle path (one per process)."""
    from interlang.models.loading import load_model

    key = str(name_or_path)
    if key not in _LOADED:
        loaded = load_model(key)
        adapter = ADAPTERS.get(loaded.kind)
        if adapter is None:
            raise ModelError(f"{key}: no predictor adapter for model kind {loaded.kind!r}")
        _LOADED[key] = adapter(loaded)
    return _LOADED[key]


ADAPTERS.update({"text-family": TextFamilyModel, "l1": L1Model, "level": LevelModel, "difficulty": DifficultyPredictor})
