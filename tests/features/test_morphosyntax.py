"""Morphosyntactic features on hand-built documents (with and without POS / deps)."""

from __future__ import annotations

import pytest

from interlang.features.base import Unavailable
from interlang.features.morphosyntax import morphosyntax_features
from interlang.text.document import DEPS, LEMMAS, POS, SENTENCES, TOKENS, Document, Sentence, Token


def _doc(lang: str, rows: list[tuple[str, str, str, int, str]], layers: set[str]) -> Document:
    """rows: (text, lemma, upos, head, dep) in one sentence."""
    tokens = tuple(Token(i, t, lem, upos, {}, head, dep, 0) for i, (t, lem, upos, head, dep) in enumerate(rows))
    caps = frozenset({TOKENS, SENTENCES, LEMMAS} | layers)
    return Document(" ".join(r[0] for r in rows), lang, tokens, (Sentence(0, 0, len(tokens)),), caps, "test")


# Ich rufe dich an und spiele Fußball im Bahnhof .
DE = [
    ("Ich", "ich", "PRON", 1, "nsubj"),
    ("rufe", "rufen", "VERB", 1, "root"),
    ("dich", "du", "PRON", 1, "obj"),
    ("an", "an", "ADP", 1, "compound:prt"),
    ("und", "und", "CCONJ", 5, "cc"),
    ("spiele", "spielen", "VERB", 1, "conj"),
    ("Fußball", "Fußball", "NOUN", 5, "obj"),
    ("im", "in", "ADP", 8, "case"),
    ("Bahnhof", "Bahnhof", "NOUN", 5, "obl"),
    (".", ".", "PUNCT", 1, "punct"),
]


def test_german_with_parse() -> None:
    v = morphosyntax_features(_doc("de", DE, {POS, DEPS}))
    assert v["morph_pct_irregular_verbs"] == pytest.approx(50.0)  # rufen yes, spielen no
    assert v["morph_pct_separable_verbs"] == pytest.approx(50.0)  # rufe ... an
    assert v["morph_pct_compounds"] == pytest.approx(100.0)  # Fuß|ball, Bahn|hof
    assert v["morph_pct_international"] == 0.0


def test_without_parse_verb_features_are_unavailable() -> None:
    v = morphosyntax_features(_doc("de", [(t, lem, "", -1, "") for t, lem, *_ in DE], set()))
    assert isinstance(v["morph_pct_irregular_verbs"], Unavailable)
    assert isinstance(v["morph_pct_separable_verbs"], Unavailable)
    # Untagged German: capitalised non-initial words stand in for nouns (Fußball, Bahnhof).
    assert v["morph_pct_compounds"] == pytest.approx(100.0)


def test_no_verbs_gives_unavailable_not_zero() -> None:
    rows = [("Die", "der", "DET", 1, "det"), ("Universität", "Universität", "NOUN", 1, "root")]
    v = morphosyntax_features(_doc("de", rows, {POS, DEPS}))
    assert isinstance(v["morph_pct_irregular_verbs"], Unavailable)
    assert v["morph_pct_international"] == pytest.approx(50.0)  # Universität of Die, Universität


def test_english_phrasal_verb_and_greek() -> None:
    rows = [("They", "they", "PRON", 1, "nsubj"), ("gave", "give", "VERB", 1, "root"), ("up", "up", "ADP", 1, "compound:prt"), ("walking", "walk", "VERB", 1, "xcomp")]
    v = morphosyntax_features(_doc("en", rows, {POS, DEPS}))
    assert v["morph_pct_irregular_verbs"] == pytest.approx(50.0)
    assert v["morph_pct_separable_verbs"] == pytest.approx(50.0)
    el = morphosyntax_features(_doc("el", [("πήγα", "πηγαίνω", "VERB", 0, "root")], {POS, DEPS}))
    assert el["morph_pct_irregular_verbs"] == pytest.approx(100.0)
    assert set(el) == {"morph_pct_irregular_verbs"}  # the rest are not defined for Greek
