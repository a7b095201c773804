"""One text in, everything interlang can say about it out (the job behind ``interlang analyze``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from interlang.errors import InputError
from interlang.features import FEATURES, FeatureValues, extract
from interlang.text import Document, get_language, parse
from interlang.text.samples import sample_text

__all__ = ["Analysis", "analyze", "sample_text"]

#: Below this many words, readability and diversity measures say little; the user is told once.
SHORT_TEXT_WORDS = 50
#: A language guess this confident that contradicts the given language triggers a warning.
MISMATCH_CONFIDENCE = 0.8


@dataclass
class Analysis:
    """The parsed document, its features and the notes a reader should see."""

    text: str
    lang: str
    lang_source: str
    doc: Document
    features: FeatureValues
    vocabulary_profile: dict[str, list[str]] | None = None
    warnings: list[str] = field(default_factory=list)
    #: The shipped level model's prediction (:meth:`LevelPrediction.to_dict`), None without one.
    level: dict[str, Any] | None = None
    #: The shipped L1 model's top-3 guess (:meth:`L1Predictor.predict_text`), None without one.
    l1: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        groups: dict[str, dict[str, float | None]] = {}
        for group, values in self.features.by_group().items():
            groups[group] = {k: _json_number(v) for k, v in values.items()}
        return {
            "lang": self.lang,
            "lang_source": self.lang_source,
            "backend": self.doc.backend,
            "annotation_layers": sorted(self.doc.capabilities),
            "n_tokens": len(self.doc.tokens),
            "n_words": len(self.doc.words),
            "n_sentences": len(self.doc.sentences),
            "warnings": list(self.warnings),
            "features": groups,
            "unavailable": dict(self.features.unavailable),
            "feature_info": {
                name: {"group": FEATURES[name].group, "unit": FEATURES[name].unit,
                       "description": FEATURES[name].description}
                for name in self.features.values
            },
            "vocabulary_profile": self.vocabulary_profile,
            "level": self.level,
            "l1": self.l1,
        }


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else round(value, 6)


def _detect(text: str) -> tuple[str | None, float]:
    from interlang.text.langid import detect

    guess = detect(text)
    return guess.lang, guess.confidence


def analyze(
    text: str,
    lang: str | None = None,
    backend: str | None = None,
    level: bool = True,
    l1: bool = True,
    explain: bool = True,
) -> Analysis:
    """Parse ``text``, extract every feature and collect warnings.

    With ``level`` / ``l1`` the shipped models for the language add a CEFR level and a top-3
    native-language guess (the latter is only meaningful for learner texts, and flagged when the
    text is too short).

    Without ``lang`` the language is detected; with it, a confident contradiction by the
    detector is reported as a warning (a German text analysed as English gives nonsense).
    ``explain=False`` skips the reasons and evidence words (batch scoring: they cost more than
    the predictions).
    """
    warnings: list[str] = []
    if lang is None:
        detected, confidence = _detect(text) if text.strip() else (None, 0.0)
        if detected is None:
            raise InputError(
                "could not tell the text's language (too short or not de/en/el); pass lang= / --lang"
            )
        code, source = detected, f"detected ({confidence:.2f})"
    else:
        code, source = get_language(lang).code, "given"
        detected, confidence = _detect(text) if text.strip() else (None, 0.0)
        if detected is not None and detected != code and confidence >= MISMATCH_CONFIDENCE:
            warnings.append(
                f"the text looks {get_language(detected).name} (confidence {confidence:.2f}) "
                f"but is analysed as {get_language(code).name}"
            )
    doc = parse(text, code, backend=backend)
    features = extract(doc)
    n_words = len(doc.words)
    if n_words < SHORT_TEXT_WORDS:
        warnings.append(
            f"short text ({n_words} words): readability and lexical diversity measures are "
            f"unreliable below about {SHORT_TEXT_WORDS} words"
        )
    warnings.extend(doc.warnings)
    profile = _vocabulary_profile(doc)
    prediction = _level(code, features, text, warnings, explain) if level else None
    l1_guess = _l1(code, text, warnings, explain) if l1 else None
    return Analysis(text, code, source, doc, features, profile, warnings, prediction, l1_guess)


def _l1(code: str, text: str, warnings: list[str], explain: bool = True) -> dict[str, Any] | None:
    """The shipped L1 model's top-3 for ``code`` (with its evidence); None when none ships."""
    from interlang.models.shipped import default_model

    name = default_model("l1", code)
    if name is None:
        return None
    from interlang.errors import InterlangError
    from interlang.models.l1_predict import load_cached_l1

    try:
        return load_cached_l1(name).predict_text(text, code, k=3, explain=explain)
    except (InterlangError, ValueError) as exc:
        warnings.append(f"L1 model {name} unavailable: {exc}")
        return None


def _level(
    code: str, features: FeatureValues, text: str, warnings: list[str], explain: bool = True
) -> dict[str, Any] | None:
    """The shipped level model's prediction for ``code``; None (no error) when none ships."""
    from interlang.models.shipped import default_level_model

    name = default_level_model(code)
    if name is None:
        return None
    from interlang.errors import InterlangError
    from interlang.models.predict import load_cached

    try:
        return load_cached(name).predict_features(features.values, text, explain=explain).to_dict()
    except InterlangError as exc:
        warnings.append(f"level model {name} unavailable: {exc}")
        return None


def _vocabulary_profile(doc: Document) -> dict[str, list[str]] | None:
    try:
        from interlang.features.vocabulary import vocabulary_profile
    except ImportError:
        return None
    return vocabulary_profile(doc)
