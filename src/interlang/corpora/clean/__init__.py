"""Corpus cleaning for NLI: broken rows, duplicates, punctuation runs, give-away masking.

``clean_records(records)`` is what training runs; ``clean_text(text, lang)`` is the same
per-text cleaning and runs inside every L1 prediction, so a model never sees a text prepared
differently from its training data (the seed paper's single-text script skipped it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from interlang.corpora.clean.dedup import near_duplicate_groups
from interlang.corpora.clean.masking import Masker, MaskResult, mask_text
from interlang.corpora.record import Record

__all__ = [
    "CleanReport",
    "MaskResult",
    "Masker",
    "broken_reason",
    "clean_records",
    "clean_text",
    "mask_text",
    "near_duplicate_groups",
    "normalise_punctuation",
]

#: ICLE file-name codes ("BGSU1004", "ICLE-GE-AUG-0001.1"): the L1 sub-corpus is in them.
_ICLE_CODE = re.compile(r"\b(?:ICLE-[A-Z]{2}-[A-Z]{3,4}-\d{4}(?:\.\d+)?|[A-Z]{4}\d{4}(?:\.\d+)?)\b")
_PUNCT_RUN = re.compile(r"([!?,;:])(?:\s*\1)+")
_MIXED_RUN = re.compile(r"[!?]{2,}")
_DOTS = re.compile(r"\.{4,}|…+")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
#: Mojibake of UTF-8 read as Latin-1 ("Ã¼" for "ü") or replacement characters.
_MOJIBAKE = re.compile(r"Ã[\x80-\xbf¤¶¼Ÿ]|â€|\ufffd")


def normalise_punctuation(text: str) -> str:
    """Collapse runs ("!!!" → "!", "?!?!" → "?", "......" → "...") and repeated spaces.

    Runs are a writer's habit, not an L1 marker strong enough to keep at the cost of letting one
    prolific writer's style dominate character n-grams.
    """
    text = _PUNCT_RUN.sub(r"\1", text)
    text = _MIXED_RUN.sub(lambda m: m.group(0)[0], text)
    text = _DOTS.sub("...", text)
    return _SPACES.sub(" ", text)


def broken_reason(text: object, *, min_words: int = 3) -> str | None:
    """Why a row is unusable (no text, no words, too short, encoding damage), or None."""
    if not isinstance(text, str) or not text.strip():
        return "empty text"
    words = re.findall(r"[^\W\d_]{2,}", text)
    if len(words) < min_words:
        return f"fewer than {min_words} words"
    if len(_MOJIBAKE.findall(text)) > max(2, len(words) // 50):
        return "encoding damage (mojibake)"
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.5 * len(text.strip()):
        return "mostly non-letters"
    return None


def clean_text(text: str, lang: str, *, mask: bool = True) -> str:
    """One text cleaned exactly as training data is: codes stripped, punctuation, masking."""
    text = _ICLE_CODE.sub("", text)
    text = normalise_punctuation(text)
    return mask_text(text, lang) if mask else text


@dataclass
class CleanReport:
    """What cleaning did: rows dropped per reason, duplicates, masked words per category."""

    n_in: int = 0
    n_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    exact_duplicates: int = 0
    near_duplicates: int = 0
    masked: Counter[str] = field(default_factory=Counter)
    texts_masked: int = 0
    duplicate_ids: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "n_in": self.n_in,
            "n_out": self.n_out,
            "dropped": dict(self.dropped),
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "masked": dict(self.masked),
            "texts_masked": self.texts_masked,
        }

    def summary(self) -> str:
        dropped = ", ".join(f"{k}: {v}" for k, v in sorted(self.dropped.items())) or "none"
        masked = ", ".join(f"{k}: {v}" for k, v in sorted(self.masked.items())) or "none"
        return (
            f"{self.n_in} records in, {self.n_out} out; broken rows dropped ({dropped}); "
            f"{self.exact_duplicates} exact and {self.near_duplicates} near duplicates dropped; "
            f"masked words ({masked}) in {self.texts_masked} texts"
        )


def clean_records(
    records: Iterable[Record],
    *,
    mask: bool = True,
    dedupe: bool = True,
    near_threshold: float = 0.9,
    min_words: int = 3,
) -> tuple[list[Record], CleanReport]:
    """Drop broken rows and duplicates, normalise punctuation, mask give-aways.

    Exact duplicates are compared after whitespace and case normalisation; near duplicates are
    pairs whose word-5-gram shingle sets have Jaccard similarity ≥ ``near_threshold`` (see
    :func:`near_duplicate_groups`). The first record of each duplicate group is kept. Each kept
    record's metadata gets ``masked`` (category counts) when anything was replaced.
    """
    report = CleanReport()
    kept: list[Record] = []
    for record in records:
        report.n_in += 1
        reason = broken_reason(record.text, min_words=min_words)
        if reason is not None:
            report.dropped[reason] += 1
            continue
        kept.append(record)

    if dedupe:
        seen: dict[str, int] = {}
        unique: list[Record] = []
        for record in kept:
            key = " ".join(record.text.lower().split())
            if key in seen:
                report.exact_duplicates += 1
                report.duplicate_ids.append((unique[seen[key]].id, record.id))
                continue
            seen[key] = len(unique)
            unique.append(record)
        drop: set[int] = set()
        for group in near_duplicate_groups([r.text for r in unique], threshold=near_threshold):
            for j in group[1:]:
                drop.add(j)
                report.duplicate_ids.append((unique[group[0]].id, unique[j].id))
        report.near_duplicates = len(drop)
        kept = [r for i, r in enumerate(unique) if i not in drop]

    out: list[Record] = []
    maskers: dict[str, Masker] = {}
    for record in kept:
        text = normalise_punctuation(_ICLE_CODE.sub("", record.text))
        metadata = dict(record.metadata)
        if mask:
            lang = "de" if record.language.lower().startswith("de") else "en"
            masker = maskers.setdefault(lang, Masker(lang))
            result = masker.mask(text)
            text = result.text
            if result.counts:
                report.texts_masked += 1
                report.masked.update(result.counts)
                metadata["masked"] = dict(result.counts)
        out.append(replace(record, text=text, metadata=metadata))
    report.n_out = len(out)
    return out, report
