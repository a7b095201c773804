"""Dashboard statistics over texts, assessments and predictions (plain dicts in, JSON-ready dicts out).

Works on plain dicts so the service (and scripts) can feed it whatever their storage is:

* text: ``id``, ``level``, ``final_level``, ``status``, ``genre``, ``topic``, ``register``,
  ``language``, ``features`` (analyser names: ``basic_words``, ``basic_sentences``,
  ``basic_flesch_reading_ease``, ``basic_ttr``, ``div_mtld``, ``basic_mean_sentence_length``),
  optionally ``n_words`` / ``n_sentences``, else ``text`` (words and sentences are counted from
  it when the features are missing);
* assessment: ``text_id``, ``annotator_id`` (or ``annotator``), ``level``;
* prediction: ``text_id``, ``level`` (a mapping ``{text_id: level}`` works too).

A text's *final* level is its ``final_level`` when given, else its ``level``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from interlang.errors import InputError
from interlang.labels import CEFR, LabelSet
from interlang.workbench.agreement import cohen_kappa, summarise

UNLABELLED = "unlabelled"
NONE = "(none)"

#: Dashboard quality figures and the analyser features they come from.
QUALITY_FEATURES: dict[str, str] = {
    "words": "basic_words",
    "sentences": "basic_sentences",
    "mean_sentence_length": "basic_mean_sentence_length",
    "readability": "basic_flesch_reading_ease",
    "ttr": "basic_ttr",
    "mtld": "div_mtld",
}
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")


def _number(value: Any) -> float | None:
    """A finite float, else None (NaN, None, text)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _level(value: Any, labels: LabelSet) -> str | None:
    return value if isinstance(value, str) and value in labels else None


def final_level(text: Mapping[str, Any], labels: LabelSet = CEFR) -> str | None:
    """The text's final level (``final_level``, else ``level``), None when it has none."""
    return _level(text.get("final_level"), labels) or _level(text.get("level"), labels)


def _counts(text: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """(words, sentences) from the features, else counted roughly from the text."""
    features = text.get("features") if isinstance(text.get("features"), Mapping) else {}
    assert isinstance(features, Mapping)
    words = _number(features.get("basic_words"))
    if words is None:
        words = _number(text.get("n_words"))
    sentences = _number(features.get("basic_sentences"))
    if sentences is None:
        sentences = _number(text.get("n_sentences"))
    body = text.get("text")
    if isinstance(body, str) and body.strip():
        if words is None:
            words = float(len(body.split()))
        if sentences is None:
            sentences = float(max(1, len(_SENTENCE_END.findall(body.strip()))))
    return words, sentences


def _predictions(
    predictions: Iterable[Mapping[str, Any]] | Mapping[Hashable, Any],
) -> dict[Hashable, Any]:
    """``{text_id: predicted level}``; the last prediction of a text wins."""
    if isinstance(predictions, Mapping):
        return {
            k: (v.get("level") if isinstance(v, Mapping) else v) for k, v in predictions.items()
        }
    out: dict[Hashable, Any] = {}
    for prediction in predictions:
        if not isinstance(prediction, Mapping):
            raise InputError(f"a prediction must be a mapping with text_id and level, not {prediction!r}")
        out[prediction.get("text_id")] = prediction.get("level")
    return out


def dashboard_stats(
    texts: Iterable[Mapping[str, Any]],
    assessments: Iterable[Mapping[str, Any]],
    predictions: Iterable[Mapping[str, Any]] | Mapping[Hashable, Any] = (),
    *,
    labels: LabelSet = CEFR,
    top_disagreements: int = 20,
) -> dict[str, Any]:
    """Every dashboard figure, JSON-ready (None where a mean has nothing to average).

    Keys: ``totals``; ``levels`` (per level: texts, words, sentences and their shares, quality
    means with the number of texts each rests on); ``by_genre`` / ``by_topic`` / ``by_register`` /
    ``by_status`` / ``by_language`` counts; ``agreement`` (:func:`summarise` without the per-text
    list, the widest ``top_disagreements`` disagreements kept); ``confusion`` (final × predicted,
    accuracy, adjacent accuracy, QWK); ``annotators`` (per annotator: assessments, texts compared
    with a final level, exact and within-one agreement, mean absolute and signed level distance).
    """
    order = [*labels.labels, UNLABELLED]
    per_level: dict[str, dict[str, Any]] = {
        level: {"texts": 0, "words": 0.0, "sentences": 0.0, "_quality": defaultdict(list)}
        for level in order
    }
    facets: dict[str, Counter[str]] = {
        key: Counter() for key in ("genre", "topic", "register", "status", "language")
    }
    finals: dict[Hashable, str | None] = {}
    for text in texts:
        level = final_level(text, labels)
        finals[text.get("id")] = level
        bucket = per_level[level or UNLABELLED]
        bucket["texts"] += 1
        words, sentences = _counts(text)
        bucket["words"] += words or 0.0
        bucket["sentences"] += sentences or 0.0
        features = text.get("features") if isinstance(text.get("features"), Mapping) else {}
        assert isinstance(features, Mapping)
        for name, feature in QUALITY_FEATURES.items():
            value = _number(features.get(feature))
            if value is None and name == "words":
                value = words
            if value is None and name == "sentences":
                value = sentences
            if value is not None:
                bucket["_quality"][name].append(value)
        for key, counter in facets.items():
            value = text.get(key)
            counter[str(value) if value not in (None, "") else NONE] += 1

    n_texts = sum(b["texts"] for b in per_level.values())
    n_words = sum(b["words"] for b in per_level.values())
    n_sentences = sum(b["sentences"] for b in per_level.values())
    levels = []
    for level in order:
        bucket = per_level[level]
        if level == UNLABELLED and not bucket["texts"]:
            continue
        quality = bucket.pop("_quality")
        levels.append(
            {
                "level": level,
                "texts": bucket["texts"],
                "words": int(bucket["words"]),
                "sentences": int(bucket["sentences"]),
                "share_texts": round(bucket["texts"] / n_texts, 4) if n_texts else None,
                "share_words": round(bucket["words"] / n_words, 4) if n_words else None,
                "share_sentences": round(bucket["sentences"] / n_sentences, 4) if n_sentences else None,
                "quality": {
                    name: {"mean": _mean(quality.get(name, [])), "n": len(quality.get(name, []))}
                    for name in QUALITY_FEATURES
                },
            }
        )

    # Assessments: agreement and per-annotator figures.
    by_text: dict[Hashable, dict[Hashable, Any]] = defaultdict(dict)
    annotator_names: dict[Hashable, str] = {}
    per_annotator: dict[Hashable, dict[str, Any]] = {}
    for assessment in assessments:
        annotator = assessment.get("annotator_id", assessment.get("annotator"))
        annotator_names.setdefault(
            annotator, str(assessment.get("annotator") or assessment.get("annotator_name") or annotator)
        )
        level = _level(assessment.get("level"), labels)
        if level is None:
            continue
        text_id = assessment.get("text_id")
        by_text[text_id][annotator] = level
        figures = per_annotator.setdefault(annotator, {"n": 0, "distances": []})
        figures["n"] += 1
        reference = finals.get(text_id)
        if reference is not None:
            figures["distances"].append(labels.index(level) - labels.index(reference))
    agreement = summarise(by_text, labels=labels)
    agreement.pop("texts")
    agreement["n_disagreements"] = len(agreement["disagreements"])
    agreement["disagreements"] = agreement["disagreements"][:top_disagreements]
    annotators = []
    for annotator, figures in sorted(per_annotator.items(), key=lambda kv: str(kv[0])):
        distances = figures["distances"]
        annotators.append(
            {
                "annotator": annotator,
                "name": annotator_names.get(annotator, str(annotator)),
                "assessments": figures["n"],
                "compared": len(distances),
                "agreement": _mean([float(d == 0) for d in distances]),
                "within_one": _mean([float(abs(d) <= 1) for d in distances]),
                "mean_abs_distance": _mean([float(abs(d)) for d in distances]),
                "mean_signed_distance": _mean([float(d) for d in distances]),
            }
        )

    # Predicted vs final level.
    predicted = _predictions(predictions)
    k = len(labels)
    matrix = [[0] * k for _ in range(k)]
    gold: list[str] = []
    guess: list[str] = []
    for text_id, reference in finals.items():
        level = _level(predicted.get(text_id), labels)
        if reference is None or level is None:
            continue
        matrix[labels.index(reference)][labels.index(level)] += 1
        gold.append(reference)
        guess.append(level)
    n_pairs = len(gold)
    qwk = cohen_kappa(gold, guess, weights="quadratic", labels=labels) if n_pairs else math.nan
    confusion = {
        "labels": list(labels.labels),
        "rows": "final level",
        "columns": "predicted level",
        "matrix": matrix,
        "n": n_pairs,
        "accuracy": _mean([float(a == b) for a, b in zip(gold, guess, strict=True)]),
        "adjacent_accuracy": _mean(
            [float(labels.distance(a, b) <= 1) for a, b in zip(gold, guess, strict=True)]
        ),
        "qwk": round(qwk, 4) if math.isfinite(qwk) else None,
    }

    def facet(counter: Counter[str]) -> list[dict[str, Any]]:
        ordered = sorted(counter.items(), key=lambda kv: (kv[0] == NONE, -kv[1], kv[0]))
        return [{"value": value, "texts": n} for value, n in ordered]  # most frequent first

    return {
        "totals": {
            "texts": n_texts,
            "words": int(n_words),
            "sentences": int(n_sentences),
            "labelled": n_texts - per_level[UNLABELLED]["texts"],
            "assessments": sum(f["n"] for f in per_annotator.values()),
            "annotators": len(per_annotator),
            "predictions": sum(1 for v in predicted.values() if _level(v, labels)),
        },
        "levels": levels,
        "by_genre": facet(facets["genre"]),
        "by_topic": facet(facets["topic"]),
        "by_register": facet(facets["register"]),
        "by_status": facet(facets["status"]),
        "by_language": facet(facets["language"]),
        "agreement": agreement,
        "confusion": confusion,
        "annotators": annotators,
    }
