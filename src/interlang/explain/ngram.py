"""Why an L1 model guessed a language: the n-grams it weighs most and the spans of one text.

Works on the compiled form of a char/word n-gram model
(:class:`~interlang.models.compiled_ngram.CompiledNgramModel`), whose features are n-grams at
known character offsets: a feature's contribution (TF-IDF value × the class's coefficient minus
the mean of the other classes) is spread over the characters it covers and summed per word, so
the words that pushed the text towards its top L1 can be highlighted.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["indicative_ngrams", "l1_spans"]

_TOKEN = re.compile(r"\S+")


def l1_spans(model: Any, text: str, label: str, top: int = 8, *, prepared: bool = False) -> dict[str, Any]:
    """The ``top`` words of ``text`` (as the model saw it: cleaned and masked) that favour ``label``.

    Returns ``{"text": prepared, "label": label, "spans": [{"span", "start", "end", "weight"}]}``;
    offsets index ``prepared``, weights are in decision-score units (positive = towards
    ``label``). Words with no positive evidence are never listed.
    """
    seen = text if prepared else model.prepare(text)
    contributions = model.char_contributions(seen, label)
    spans: list[dict[str, Any]] = []
    for m in _TOKEN.finditer(seen):
        weight = float(contributions[m.start() : m.end()].sum())
        if weight > 0:
            spans.append({"span": m.group(0), "start": m.start(), "end": m.end(), "weight": weight})
    spans.sort(key=lambda s: -float(s["weight"]))
    return {"text": seen, "label": label, "spans": spans[:top]}


def indicative_ngrams(model: Any, labels: list[str] | None = None, k: int = 15) -> dict[str, list[dict[str, Any]]]:
    """Per L1, the ``k`` n-grams that most set it apart from the other L1s."""
    labels = labels or [str(c) for c in model.classes_]
    return {
        label: [{"family": f, "ngram": g, "weight": w} for f, g, w in model.top_ngrams(label, k)]
        for label in labels
    }
