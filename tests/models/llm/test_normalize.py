"""The label normaliser for free-text answers: aliases, case folding, first match, invalid."""

from __future__ import annotations

import pytest

from interlang.labels import LabelSet
from interlang.models.llm.normalize import LabelNormalizer

L1S = LabelSet.nominal(["Mandarin", "Portuguese", "Spanish", "Persian", "German", "Italian"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Chinese", "Mandarin"),
        ("Mandarin Chinese", "Mandarin"),
        ("zh", "Mandarin"),
        ("  mandarin. ", "Mandarin"),
        ("Brazilian", "Portuguese"),
        ("Portuguese (Brazil)", "Portuguese"),
        ("spanish", "Spanish"),
        ("SPANISH", "Spanish"),
        ('"Spanish"', "Spanish"),
        ("Farsi", "Persian"),
        ("Deutsch", "German"),
        ("The writer's native language is probably Italian, or maybe Spanish.", "Italian"),
        ("I would say Mandarin Chinese.", "Mandarin"),
        ("banana", None),
        ("", None),
        (None, None),
        ("French", None),  # a language, but not in the label set: invalid, not mapped
        ("The answer is es", None),  # short codes only count as the whole answer
        ("es", "Spanish"),
    ],
)
def test_l1_answers(answer: str | None, expected: str | None) -> None:
    assert LabelNormalizer(L1S).normalize(answer) == expected


def test_alias_reaches_the_name_the_label_set_uses() -> None:
    icle = LabelNormalizer(["Chinese", "Spanish"])  # ICLE calls Mandarin speakers "Chinese"
    assert icle("Mandarin") == "Chinese"
    assert icle("Mandarin Chinese") == "Chinese"
    assert icle("chinese") == "Chinese"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("B1+", "B1"), ("level B2", "B2"), ("The level is c1.", "C1"), ("A2-", "A2"), ("b1", "B1"),
     ("B1.2", "B1"), ("C2", None), ("advanced", None), ("12", None)],
)
def test_cefr_answers(answer: str, expected: str | None) -> None:
    assert LabelNormalizer(LabelSet.cefr(("A1", "A2", "B1", "B2", "C1"))).normalize(answer) == expected


def test_normalize_many_counts_invalid_and_extra_aliases() -> None:
    norm = LabelNormalizer(L1S, extra_aliases=[("castellano", "Spanish")])
    out, invalid = norm.normalize_many(["castellano", "Klingon", "farsi", "42"])
    assert out == ["Spanish", None, "Persian", None]
    assert invalid == 2
    with pytest.raises(ValueError, match="not a label"):
        LabelNormalizer(L1S, extra_aliases=[("x", "Klingon")])
