"""One text in, everything interlang can say about it out (the job behind ``interlang analyze``).

The shipped models are reached through :func:`interlang.analysis.predictors.load` only, and their
answers are kept as typed :class:`~interlang.analysis.prediction.Prediction` objects
(:attr:`Analysis.predictions`); :attr:`Analysis.level` / :attr:`Analysis.l1` are their JSON, as
``--json`` has always shown it, plus ``task`` and ``range``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interlang.analysis.prediction import Prediction
from interlang.errors import EmptyTextError, InputError
from interlang.features import FEATURES, FeatureValues, extract
from interlang.text import Document, get_language, parse
from interlang.text.samples import sample_text

__all__ = ["Analysis", "analyze", "analyze_many", "sample_text"]

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
    #: The shipped level model's prediction as JSON (:meth:`Prediction.to_dict`), None without one.
    level: dict[str, Any] | None = None
    #: The shipped L1 model's top-3 guess as JSON, None without one.
    l1: dict[str, Any] | None = None
    #: The typed predictions behind :attr:`level` and :attr:`l1` (proficiency first).
    predictions: list[Prediction] = field(default_factory=list)
    #: The shipped difficulty model's prediction as JSON: how hard the text is to *read*.
    difficulty: dict[str, Any] | None = None
    #: Whether proficiency and L1 were asked for (the text is a learner's writing).
    learner: bool = True

    def prediction(self, task: str) -> Prediction | None:
        """The typed prediction for ``task`` ("proficiency", "l1", ...), None without one."""
        return next((p for p in self.predictions if p.task == task), None)

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
            "learner_text": self.learner,
            "difficulty": self.difficulty,
            "level": self.level,
            "l1": self.l1,
        }


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else round(value, 6)


def _detect(text: str) -> tuple[str | None, float]:
    from interlang.text.langid import detect

    guess = detect(text)
    return guess.lang, guess.confidence


def check_text(text: object) -> str | Document:
    """``text`` if :func:`analyze` can take it; else the error a caller should see first.

    A wrong type is a programming error (``TypeError``); an empty or word-less text is the
    user's (:class:`EmptyTextError`), raised before language detection so the message says what
    is wrong instead of "could not tell the text's language".
    """
    if isinstance(text, Document):
        return text
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes a str or an interlang Document, not {type(text).__name__}")
    if not text.strip():
        raise EmptyTextError("the text is empty")
    if not any(c.isalnum() for c in text):
        raise EmptyTextError("the text has no words (only punctuation or symbols)")
    return text


def analyze(
    text: str | Document,
    lang: str | None = None,
    backend: str | None = None,
    level: bool = True,
    l1: bool = True,
    explain: bool = True,
    difficulty: bool = True,
    learner: bool = True,
) -> Analysis:
    """Parse ``text``, extract every feature and collect warnings.

    Two questions are kept apart. ``difficulty``: how hard the text is to read (any text; the
    shipped difficulty model of the language, or the multilingual one). ``learner=True`` (the
    default: interlang is a toolkit for learner language) says the text is a learner's writing,
    so the proficiency model (``level``) and the native-language guess (``l1``) apply as well;
    ``learner=False`` (a news article, a textbook page) skips both.

    ``text`` is a str or an already parsed :class:`Document` (then ``lang`` must match its
    language, and ``backend`` is not used).

    Without ``lang`` the language is detected; with it, a confident contradiction by the
    detector is reported as a warning (a German text analysed as English gives nonsense).
    ``explain=False`` skips the reasons and evidence words (batch scoring: they cost more than
    the predictions).

    Raises ``TypeError`` for anything but a str or Document, :class:`EmptyTextError` for an
    empty or word-less text, :class:`InputError` for a text over the length limit or of an
    undetectable language, :class:`UnsupportedLanguage` for an unknown ``lang``.
    """
    checked = check_text(text)
    warnings: list[str] = []
    if isinstance(checked, Document):
        code = checked.lang
        if lang is not None and get_language(lang).code != code:
            raise InputError(f"the document is parsed as {code!r}, not {lang!r}")
        return _analyse_doc(checked.text, checked, code, "document", warnings, level=level and learner,
                            l1=l1 and learner, explain=explain, difficulty=difficulty, learner=learner)
    if lang is None:
        detected, confidence = _detect(checked)
        if detected is None:
            raise InputError(
                "could not tell the text's language (too short or not de/en/el/it/cs); pass lang= / --lang"
            )
        code, source = detected, f"detected ({confidence:.2f})"
    else:
        code, source = get_language(lang).code, "given"
        detected, confidence = _detect(checked)
        if detected is not None and detected != code and confidence >= MISMATCH_CONFIDENCE:
            warnings.append(
                f"the text looks {get_language(detected).name} (confidence {confidence:.2f}) "
                f"but is analysed as {get_language(code).name}"
            )
    doc = parse(checked, code, backend=backend)
    return _analyse_doc(checked, doc, code, source, warnings, level=level and learner, l1=l1 and learner,
                        explain=explain, difficulty=difficulty, learner=learner)


def _analyse_doc(
    text: str, doc: Document, code: str, source: str, warnings: list[str], *, level: bool, l1: bool, explain: bool,
    difficulty: bool = True, learner: bool = True,
) -> Analysis:
    features = extract(doc)
    n_words = len(doc.words)
    if n_words < SHORT_TEXT_WORDS:
        warnings.append(
            f"short text ({n_words} words): readability and lexical diversity measures are "
            f"unreliable below about {SHORT_TEXT_WORDS} words"
        )
    warnings.extend(doc.warnings)
    profile = _vocabulary_profile(doc)
    predictions: list[Prediction] = []
    if difficulty:
        predictions += _shipped("difficulty", code, warnings, lambda p: p.predict([text], explain=explain)[0])
    if level:
        predictions += _shipped("level", code, warnings, lambda p: p.predict_analysed(doc, features.values, explain=explain))
    if l1:
        predictions += _shipped("l1", code, warnings, lambda p: p.predict([text], lang=code, explain=explain)[0])
    by_kind = {{"l1": "l1", "difficulty": "difficulty"}.get(p.task, "level"): p.to_dict() for p in predictions}
    return Analysis(
        text, code, source, doc, features, profile, warnings, by_kind.get("level"), by_kind.get("l1"), predictions,
        by_kind.get("difficulty"), learner,
    )


def analyze_many(
    texts: Sequence[str | Document],
    lang: str | None = None,
    backend: str | None = None,
    level: bool = True,
    l1: bool = True,
    explain: bool = True,
    difficulty: bool = True,
    learner: bool = True,
) -> list[Analysis]:
    """:func:`analyze` for many texts (the batch path; one text is a batch of one).

    Each model is loaded once for the batch; with ``lang`` every text is analysed in it. An
    error names the 0-based index of the text it is about (``texts[3]: the text is empty``;
    :attr:`InputError.row` holds the index).
    """
    if isinstance(texts, (str, Document)):
        raise TypeError("analyze_many() takes a sequence of texts; for one text call analyze()")
    results: list[Analysis] = []
    for index, text in enumerate(texts):
        try:
            results.append(analyze(text, lang=lang, backend=backend, level=level, l1=l1, explain=explain,
                                   difficulty=difficulty, learner=learner))
        except TypeError as exc:
            raise TypeError(f"texts[{index}]: {exc}") from None
        except InputError as exc:
            error = type(exc) if type(exc) in (InputError, EmptyTextError) else InputError
            raise error(f"texts[{index}]: {exc}", row=index) from None
    return results


def _shipped(kind: str, code: str, warnings: list[str], run: Callable[[Any], Prediction]) -> list[Prediction]:
    """The shipped ``kind`` ("level", "l1", "difficulty") model's prediction for ``code``; [] when none ships."""
    from interlang.models.shipped import default_model

    name = default_model(kind, code)
    if name is None:
        return []
    from interlang.analysis.predictors import load
    from interlang.errors import InterlangError

    try:
        return [run(load(name))]
    except (InterlangError, ValueError) as exc:
        what = {"level": "proficiency", "l1": "L1"}.get(kind, kind)
        warnings.append(f"{what} model {name} unavailable: {exc}")
        return []


def _vocabulary_profile(doc: Document) -> dict[str, list[str]] | None:
    try:
        from interlang.features.vocabulary import vocabulary_profile
    except ImportError:
        return None
    return vocabulary_profile(doc)
