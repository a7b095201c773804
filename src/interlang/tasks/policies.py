"""How each corpus's labels become a task's labels (one place for every model family).

A documented per-corpus policy (:data:`LABEL_POLICIES`) merges levels too rare to learn, e.g.
MERLIN-de's three C2 texts into C1; :func:`level_labels` applies it the same way for feature,
transformer and LLM trainers, and ``interlang evaluate`` applies a bundle's stored copy to gold
labels.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS, LabelSet

__all__ = ["LABEL_POLICIES", "ONESTOP_LEVELS", "label_of", "label_set_for", "level_labels", "licence_of"]

#: OneStopEnglish's three versions as an ordinal label set.
ONESTOP_LEVELS = ("elementary", "intermediate", "advanced")

#: Per-corpus label policy: ``map`` relabels levels too rare to learn (documented in the bundle).
LABEL_POLICIES: dict[str, dict[str, Any]] = {
    "merlin-de": {
        "map": {"C2": "C1"},
        "note": "MERLIN-de has 3 C2-rated texts (of 827): too few to learn or test a class, so they "
        "are merged into C1, which therefore means 'C1 or above' (C1+). Gold C2 texts are scored as "
        "C1 by `interlang evaluate` with this bundle.",
    },
    "icle500": {
        "map": {"A2": "B1"},
        "note": "ICLE500 has a single A2 essay: merged into B1 (B1 means 'B1 or below'); 6 essays "
        "without a usable rating are dropped.",
    },
    "onestopenglish": {
        "labels": ONESTOP_LEVELS,
        "note": "OneStopEnglish: the three versions of each article as a 3-level ordinal scale "
        "(elementary < intermediate < advanced); grouped by article so no article is in two parts.",
    },
}


def label_of(record: Any, corpus: str) -> str | None:
    """A record's gold level for ``corpus`` (OneStopEnglish: its version), None without one."""
    if corpus == "onestopenglish":
        level = record.metadata.get("level")
        return str(level) if level in ONESTOP_LEVELS else None
    return record.cefr


def label_set_for(values: Sequence[str], corpus: str) -> LabelSet:
    """Contiguous CEFR range of the levels present (or the corpus's own ordinal scale)."""
    policy = LABEL_POLICIES.get(corpus, {})
    if "labels" in policy:
        return LabelSet(tuple(policy["labels"]), ordinal=True, name=corpus)
    present = [CEFR_LEVELS.index(v) for v in set(values) if v in CEFR_LEVELS]
    if not present:
        raise InputError(f"{corpus}: no CEFR-labelled records")
    return LabelSet.cefr(CEFR_LEVELS[min(present) : max(present) + 1])


def level_labels(
    records: Sequence[Any], corpus: str, label_map: Mapping[str, str] | None = None
) -> tuple[list[Any], list[str], dict[str, Any]]:
    """Records with a usable level, their gold level after the corpus's label policy (or
    ``label_map``), and the policy as stored in bundles: ``{"map", "note", "relabelled"}``.

    One place for every model family, so feature, transformer and LLM models read a corpus's
    levels alike (e.g. MERLIN-de's three C2 texts become C1). Raises :class:`InputError` when no
    record has a level.
    """
    policy = dict(LABEL_POLICIES.get(corpus, {}))
    mapping = dict(policy.get("map", {}) if label_map is None else label_map)
    kept: list[Any] = []
    gold: list[str] = []
    relabelled: Counter[str] = Counter()
    for r in records:
        label = label_of(r, corpus)
        if label is None:
            continue
        if label in mapping:
            relabelled[f"{label}->{mapping[label]}"] += 1
            label = mapping[label]
        kept.append(r)
        gold.append(label)
    if not kept:
        raise InputError(f"{corpus}: no CEFR-labelled records to train on", source=corpus)
    return kept, gold, {"map": mapping, "note": policy.get("note", ""), "relabelled": dict(relabelled)}


def licence_of(corpus: str) -> tuple[str | None, bool]:
    """The corpus's licence text and whether it forbids commercial use (None, False if unknown)."""
    from interlang.corpora import READERS

    spec = READERS.get(corpus)
    if spec is None:
        return None, False
    text = spec.licence
    # Whole words only: "nc" is also inside "licence".
    nc = re.search(r"\b(?:nc|non-commercial|noncommercial|research)\b", text.lower()) is not None
    return text, nc
