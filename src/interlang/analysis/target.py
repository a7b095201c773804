"""What makes a text hard for a reader at a target level: ``interlang analyze --target B1``.

A teacher adapting a text needs the sentences the difficulty model places above the target
and the words the lexicon places above it, in text order. Both come from what ``analyze``
already computed (the difficulty prediction's sentences and the vocabulary profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS

__all__ = ["TargetReport", "beyond_target"]


@dataclass(frozen=True)
class TargetReport:
    target: str
    #: ``{"text", "start", "end", "level", "expected_level"}`` of each sentence above the target.
    sentences: list[dict[str, Any]]
    n_sentences: int
    #: level → words of the text the lexicon places at that level (levels above the target only).
    words: dict[str, list[str]]
    #: Share of the text's characters in sentences above the target.
    share_above: float

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "sentences_above": self.sentences, "n_sentences": self.n_sentences,
                "words_above": self.words, "share_of_text_above": round(self.share_above, 4)}


def beyond_target(result: Any, target: str) -> TargetReport:
    """The sentences and words of an :class:`~interlang.analysis.core.Analysis` above ``target``."""
    level = target.strip().upper()
    if level not in CEFR_LEVELS:
        raise InputError(f"unknown target level {target!r}; choose one of {', '.join(CEFR_LEVELS)}")
    rank = CEFR_LEVELS.index(level)
    difficulty = result.difficulty or {}
    sentences = list(difficulty.get("sentences") or [])
    if not sentences and result.difficulty is None:
        raise InputError(f"no difficulty model for {result.lang!r}: --target needs one")
    above = []
    total = sum(s["end"] - s["start"] for s in sentences) or 1
    for s in sentences:
        if s["level"] in CEFR_LEVELS and CEFR_LEVELS.index(s["level"]) > rank:
            above.append({**s, "text": result.text[s["start"] : s["end"]]})
    profile = result.vocabulary_profile or {}
    words = {lv: list(dict.fromkeys(profile.get(lv) or [])) for lv in CEFR_LEVELS[rank + 1 :] if profile.get(lv)}
    share = sum(s["end"] - s["start"] for s in above) / total
    return TargetReport(level, above, len(sentences), words, share)
