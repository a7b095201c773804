"""Connectives: matching (multi-word, longest first), densities and level shares by hand."""

from __future__ import annotations

import math

import pytest

from interlang.features import extract
from interlang.features.discourse import find_connectives
from interlang.text import LANGUAGES, parse


def test_english_multiword_and_levels_by_hand() -> None:
    doc = parse(
        "I like tea and coffee. On the other hand, my sister hates tea. "
        "Nevertheless, she drinks it because she is polite.",
        "en",
        backend="rules",
    )
    found = find_connectives(doc)
    assert found == [
        ("and", "A1"),
        ("on the other hand", "B2"),
        ("nevertheless", "B2"),
        ("because", "A2"),
    ]
    fv = extract(doc, ["discourse"])
    assert fv["disc_connectives_per_sentence"] == pytest.approx(4 / 3)
    assert fv["disc_connectives_per_100_words"] == pytest.approx(100 * 4 / 21)  # 5 + 8 + 8 words
    assert fv["disc_distinct_connectives"] == 4
    assert fv["disc_advanced_ratio"] == pytest.approx(2 / 4)
    assert fv["disc_sophisticated_ratio"] == 0
    assert fv["disc_mean_level"] == pytest.approx((1 + 4 + 4 + 2) / 4)


def test_german_longest_match_wins() -> None:
    doc = parse(
        "Ich lerne viel, so dass ich bestehe. Im Gegensatz dazu lernt er nicht, "
        "insofern ist er selbst schuld.",
        "de",
        backend="rules",
    )
    assert [c for c, _ in find_connectives(doc)] == ["so dass", "im gegensatz dazu", "insofern"]
    fv = extract(doc, ["discourse"])
    assert fv["disc_sophisticated_ratio"] == pytest.approx(1 / 3)
    assert fv["disc_advanced_ratio"] == pytest.approx(2 / 3)


def test_greek_accents_distinguish_or_from_article() -> None:
    doc = parse("Θέλω τσάι ή καφέ, αλλά η μητέρα μου θέλει νερό. Ωστόσο δεν πεινάω.", "el")
    assert [c for c, _ in find_connectives(doc)] == ["ή", "αλλά", "ωστόσο"]


def test_connectives_do_not_cross_sentences() -> None:
    doc = parse("He stood on the other. Hand me the book.", "en", backend="rules")
    assert find_connectives(doc) == []
    fv = extract(doc, ["discourse"])
    assert fv["disc_connectives_per_sentence"] == 0
    assert math.isnan(fv["disc_advanced_ratio"])
    assert "no connectives" in fv.unavailable["disc_advanced_ratio"]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_language_has_lists_for_a1_to_c1(lang: str) -> None:
    lists = LANGUAGES[lang].connectives
    assert all(lists.get(level) for level in ("A1", "A2", "B1", "B2", "C1"))
    flat = [c for level in lists.values() for c in level]
    assert len(flat) == len(set(flat)), "a connective is listed at two levels"
    assert all(c == c.lower() for c in flat)
