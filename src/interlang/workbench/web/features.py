"""Feature values as a person reads them: the registry's title, the value with its unit, what it means.

The database, the API and the exports keep the raw names (``read_wstf``); only the pages show
:attr:`interlang.features.Feature.title` ("Wiener Sachtextformel"), ``format_value`` and the
description, so annotators need not decode identifiers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from interlang.features import Feature, list_features

#: Features shown on the text and annotation pages (all are stored; these are the readable ones).
KEY_FEATURES = (
    "basic_words", "basic_sentences", "basic_mean_sentence_length", "read_flesch_amstad",
    "read_flesch_kincaid", "read_wstf", "div_mtld", "div_mattr", "vocab_pct_a1", "vocab_pct_a2",
    "vocab_pct_b1", "vocab_pct_b2", "vocab_pct_c1", "vocab_pct_c2", "vocab_pct_unknown",
    "syn_subordinate_ratio", "syn_clause_depth_mean",
)


@dataclass(frozen=True)
class FeatureRow:
    """One line of a page's feature table."""

    name: str
    title: str
    value: str
    #: The unit when ``value`` does not already say it (scores, ratios, indices).
    unit: str
    description: str


@lru_cache(maxsize=1)
def _registry() -> dict[str, Feature]:
    return {f.name: f for f in list_features()}


def _shown(feature: Feature | None, value: Any) -> tuple[str, str]:
    """(formatted value, unit still to show): a dash for a missing or undefined value."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return "–", ""
    if feature is None:
        return (f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"), ""
    text = feature.format_value(float(value))
    unit = "" if not feature.unit or feature.unit in ("%", "percent") or text.endswith(feature.unit) else feature.unit
    return text, unit


def feature_rows(values: Mapping[str, Any], names: Sequence[str] = KEY_FEATURES) -> list[FeatureRow]:
    """The rows of ``names`` that ``values`` holds, labelled from the feature registry."""
    registry = _registry()
    rows = []
    for name in names:
        if name not in values:
            continue
        feature = registry.get(name)
        value, unit = _shown(feature, values[name])
        rows.append(FeatureRow(
            name=name,
            title=feature.title if feature is not None else name.replace("_", " "),
            value=value,
            unit=unit,
            description=feature.description if feature is not None else "",
        ))
    return rows
