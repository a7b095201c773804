"""The feature registry: every feature reads well for a person (label, unit, description)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from interlang.features import Feature, list_features
from interlang.text.languages import supported_languages


def test_every_registered_feature_has_a_label_unit_and_description() -> None:
    feats = list_features()
    assert len(feats) >= 56
    for f in feats:
        assert f.label.strip(), f"{f.name} has no label"
        assert f.unit.strip(), f"{f.name} has no unit"
        assert f.description.strip(), f"{f.name} has no description"
        assert f.title == f.label
        assert "_" not in f.label, f"{f.name}: the label is a raw name ({f.label!r})"


@pytest.mark.parametrize("lang", list(supported_languages()))
def test_labels_are_unique_per_language(lang: str) -> None:
    counts = Counter(f.label.casefold() for f in list_features(lang=lang))
    assert not [label for label, n in counts.items() if n > 1]


def test_labels_a_linguist_would_write() -> None:
    by_name = {f.name: f for f in list_features()}
    assert by_name["basic_words"].label == "Words"
    assert by_name["read_wstf"].label == "Wiener Sachtextformel"
    assert by_name["vocab_pct_a1"].label == "% words at A1"


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("words", 240.0, "240 words"),
        ("words/sentence", 14.26, "14.3 words/sentence"),
        ("%", 12.0, "12 %"),
        ("%", 2.04, "2.0 %"),
        ("ratio", 0.0684, "0.07"),
        ("fraction", 0.986, "0.99"),
        ("grade", 8.34, "grade 8.3"),
        ("zipf", 5.83, "Zipf 5.8"),
        ("score", 1234.5, "1,234"),
        ("ratio", math.nan, "n/a"),
    ],
)
def test_format_value(unit: str, value: float, shown: str) -> None:
    assert Feature("x_y", "basic", "d", unit, label="X").format_value(value) == shown


def test_title_falls_back_to_the_name() -> None:
    assert Feature("my_new_feature", "basic", "d", "words").title == "my new feature"
