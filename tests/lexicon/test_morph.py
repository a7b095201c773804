"""Word-level morphosyntactic tests: irregular, separable, compound, international."""

from __future__ import annotations

import pytest

from interlang.lexicon.morph import (
    is_international,
    is_irregular_verb,
    separable_prefix_de,
    split_compound,
)


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [("gehen", True), ("ankommen", True), ("verstehen", True), ("anerkennen", True), ("spielen", False), ("begleiten", False), ("vorbereiten", False)],
)
def test_irregular_de(lemma: str, expected: bool) -> None:
    assert is_irregular_verb(lemma, "de") is expected


def test_irregular_en_el() -> None:
    assert is_irregular_verb("go", "en") and is_irregular_verb("overcome", "en")
    assert not is_irregular_verb("walk", "en") and not is_irregular_verb("relay", "en")
    assert is_irregular_verb("ανεβαίνω", "el") and not is_irregular_verb("αγοράζω", "el")


def test_separable_prefix() -> None:
    assert separable_prefix_de("anrufen") == "an"
    assert separable_prefix_de("zurückkommen") == "zurück"
    assert separable_prefix_de("antworten") is None  # *tworten* is not a verb
    assert separable_prefix_de("verstehen") is None


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Bahnhofsuhr", ["bahn", "hof", "uhr"]),
        ("Muttersprache", ["mutter", "sprache"]),
        ("Schulbuch", ["schule", "buch"]),
        ("Haushaltsführung", ["haus", "halt", "führung"]),
        ("Freundschaft", None),
        ("Zeitung", None),
    ],
)
def test_split_compound_de(word: str, parts: list[str] | None) -> None:
    assert split_compound(word, "de") == parts


def test_split_compound_en() -> None:
    assert split_compound("bedroom", "en") == ["bed", "room"]
    assert split_compound("well-known", "en") == ["well", "known"]
    assert split_compound("information", "en") is None
    assert split_compound("σιδηρόδρομος", "el") is None


def test_international() -> None:
    assert all(is_international(w, "de") for w in ("Universität", "Kultur", "Kommunikation", "studieren", "Familie"))
    assert not any(is_international(w, "de") for w in ("Tisch", "Mensch", "Zeitung"))
    assert is_international("information", "en") and not is_international("house", "en")
    assert not is_international("πληροφορία", "el")
