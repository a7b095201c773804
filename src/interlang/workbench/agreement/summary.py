"""The workbench's agreement summary: every measure over ``{text_id: {annotator_id: level}}``, JSON-ready.

Undefined measures become ``None`` with a reason, so the result is valid JSON as it is.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from itertools import combinations
from typing import Any

import numpy as np

from interlang.labels import CEFR, LabelSet
from interlang.workbench.agreement.measures import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    landis_koch,
    level_code,
)


def _measure(value: float, n: int, reason_if_undefined: str, **extra: Any) -> dict[str, Any]:
    """One agreement figure: value (None when undefined), its band, what it rests on."""
    defined = math.isfinite(value)
    return {
        "value": round(value, 6) if defined else None,
        "label": landis_koch(value),
        "n": n,
        "reason": None if defined else reason_if_undefined,
        **extra,
    }


def _lower_median(codes: list[int]) -> int:
    """The lower median: always an actual level, never a half step between two."""
    ordered = sorted(codes)
    return ordered[(len(ordered) - 1) // 2]


def summarise(
    assessments: Mapping[Hashable, Mapping[Hashable, object]],
    *,
    labels: LabelSet = CEFR,
    min_shared: int = 2,
) -> dict[str, Any]:
    """Everything a reviewer needs about agreement, from ``{text_id: {annotator_id: level}}``.

    * ``cohen_kappa`` / ``weighted_kappa_linear`` / ``weighted_kappa_quadratic``: the mean of
      the pairwise values over annotator pairs that share at least ``min_shared`` texts and
      whose κ is defined; every pair is listed under ``pairs`` with its n and both values;
    * ``fleiss_kappa``: over texts with ≥ 3 raters; ``krippendorff_alpha``: ordinal, over texts
      with ≥ 2 raters (α copes with missing ratings);
    * each measure: ``value`` (None when undefined, with ``reason``), Landis–Koch ``label``, ``n``;
    * ``texts``: per text the raters' levels, counts, lower-median level, spread (max − min in
      levels), majority level (None on a tie) and its share; ``disagreements``: texts whose
      raters differ, widest spread first (then lowest majority share, then most raters) — the
      adjudication queue.

    Levels that are None are ignored (an assessment not given); unknown labels raise InputError.
    """
    coded: dict[Hashable, dict[Hashable, int]] = {}
    annotators: set[Hashable] = set()
    n_assessments = 0
    for text_id, given in assessments.items():
        row: dict[Hashable, int] = {}
        for annotator, level in given.items():
            code = level_code(level, labels)
            if code is None:
                continue
            row[annotator] = code
            annotators.add(annotator)
            n_assessments += 1
        coded[text_id] = row

    # Pairwise Cohen's κ (plain and weighted).
    by_annotator: dict[Hashable, dict[Hashable, int]] = {}
    for text_id, row in coded.items():
        for annotator, code in row.items():
            by_annotator.setdefault(annotator, {})[text_id] = code
    pairs: list[dict[str, Any]] = []
    kappas: dict[str, list[float]] = {"plain": [], "linear": [], "quadratic": []}
    shared_total = 0
    for first, second in combinations(sorted(annotators, key=str), 2):
        left, right = by_annotator[first], by_annotator[second]
        shared = [t for t in left if t in right]
        if not shared:
            continue
        a = [labels.labels[left[t]] for t in shared]
        b = [labels.labels[right[t]] for t in shared]
        values = {
            "plain": cohen_kappa(a, b, labels=labels),
            "linear": cohen_kappa(a, b, weights="linear", labels=labels),
            "quadratic": cohen_kappa(a, b, weights="quadratic", labels=labels),
        }
        used = len(shared) >= min_shared and math.isfinite(values["plain"])
        if used:
            shared_total += len(shared)
            for key, value in values.items():
                if math.isfinite(value):
                    kappas[key].append(value)
        reason = None
        if len(shared) < min_shared:
            reason = f"only {len(shared)} shared text(s) (< {min_shared})"
        elif not math.isfinite(values["plain"]):
            reason = "undefined: both gave one and the same level to every shared text"
        pairs.append(
            {
                "annotators": [first, second],
                "n": len(shared),
                "kappa": None if not math.isfinite(values["plain"]) else round(values["plain"], 6),
                "weighted_kappa_linear": (
                    None if not math.isfinite(values["linear"]) else round(values["linear"], 6)
                ),
                "exact_agreement": round(sum(x == y for x, y in zip(a, b, strict=True)) / len(a), 6),
                "label": landis_koch(values["plain"]),
                "used": used,
                "reason": reason,
            }
        )

    def pair_mean(key: str) -> float:
        return float(np.mean(kappas[key])) if kappas[key] else math.nan

    no_pairs = (
        "no annotator pair shares enough texts"
        if not any(p["used"] for p in pairs)
        else "undefined for every pair"
    )
    cohen = _measure(
        pair_mean("plain"), len(kappas["plain"]), no_pairs, n_items=shared_total, pairs=pairs
    )
    linear = _measure(pair_mean("linear"), len(kappas["linear"]), no_pairs, n_items=shared_total)
    quadratic = _measure(
        pair_mean("quadratic"), len(kappas["quadratic"]), no_pairs, n_items=shared_total
    )

    # Fleiss (≥ 3 raters) and Krippendorff (≥ 2 raters).
    k = len(labels)
    table = np.zeros((len(coded), k), dtype=float)
    for i, row in enumerate(coded.values()):
        for code in row.values():
            table[i, code] += 1
    raters = table.sum(axis=1)
    n_fleiss = int((raters >= 3).sum())
    fleiss = _measure(
        fleiss_kappa(table, labels=labels, min_raters=3) if n_fleiss else math.nan,
        n_fleiss,
        "no text has 3 or more raters" if not n_fleiss else "all ratings are one level",
    )
    alpha_rows = [[labels.labels[c] for c in row.values()] for row in coded.values()]
    n_alpha = int((raters >= 2).sum())
    alpha = _measure(
        krippendorff_alpha(alpha_rows, "ordinal", labels=labels),
        n_alpha,
        "no text has 2 or more raters" if not n_alpha else "all ratings are one level",
        level="ordinal",
    )

    texts: list[dict[str, Any]] = []
    for text_id, row in coded.items():
        codes = list(row.values())
        entry: dict[str, Any] = {
            "text_id": text_id,
            "n_raters": len(codes),
            "levels": {annotator: labels.labels[c] for annotator, c in row.items()},
        }
        if codes:
            counts = Counter(codes)
            top = max(counts.values())
            majority = [c for c, n in counts.items() if n == top]
            entry.update(
                counts={labels.labels[c]: counts[c] for c in sorted(counts)},
                median_level=labels.labels[_lower_median(codes)],
                spread=max(codes) - min(codes),
                majority_level=labels.labels[min(majority)] if len(majority) == 1 else None,
                majority_share=round(top / len(codes), 6),
            )
        else:
            entry.update(
                counts={}, median_level=None, spread=None, majority_level=None, majority_share=None
            )
        texts.append(entry)
    disagreements = sorted(
        (t for t in texts if t["spread"]),
        key=lambda t: (-t["spread"], t["majority_share"], -t["n_raters"], str(t["text_id"])),
    )
    return {
        "labels": list(labels.labels),
        "n_texts": len(coded),
        "n_annotators": len(annotators),
        "n_assessments": n_assessments,
        "cohen_kappa": cohen,
        "weighted_kappa_linear": linear,
        "weighted_kappa_quadratic": quadratic,
        "fleiss_kappa": fleiss,
        "krippendorff_alpha": alpha,
        "texts": texts,
        "disagreements": disagreements,
    }
