"""Vocabulary profile features on hand-built documents with a small injected lexicon."""

from __future__ import annotations

import math

import pytest

import interlang.lexicon.lookup as lookup
from interlang.features.base import Unavailable
from interlang.features.vocabulary import (
    counted_tokens,
    vocabulary_features,
    vocabulary_profile,
    vocabulary_ratio_features,
)
from interlang.lexicon.lookup import Entry, Lexicon
from interlang.text.document import LEMMAS, POS, SENTENCES, TOKENS, Document, Sentence, Token


def _doc(lang: str, words: list[tuple[str, str, str]], tagged: bool) -> Document:
    """One sentence of (text, lemma, upos) tokens."""
    tokens = tuple(Token(i, text, lemma, upos if tagged else "", {}, -1, "", 0) for i, (text, lemma, upos) in enumerate(words))
    caps = {TOKENS, SENTENCES, LEMMAS} | ({POS} if tagged else set())
    return Document(" ".join(w[0] for w in words), lang, tokens, (Sentence(0, 0, len(tokens)),), frozenset(caps), "test")


@pytest.fixture
def tiny_en(monkeypatch: pytest.MonkeyPatch) -> Lexicon:
    lex = Lexicon(
        "en",
        [
            Entry("the", "DET", "A1", "cefrj", 1, ""),
            Entry("cat", "NOUN", "A1", "cefrj", 900, ""),
            Entry("sleep", "VERB", "A1", "cefrj", 800, ""),
            Entry("peacefully", "ADV", "B2", "cefrj", 9000, ""),
            Entry("Monday", "NOUN", "A1", "cefrj", 700, ""),
            Entry("serendipity", "", "C2", "freq", 40000, ""),
        ],
    )
    monkeypatch.setattr(lookup, "_load", lambda code: lex)
    return lex


WORDS = [
    ("The", "the", "DET"),
    ("cat", "cat", "NOUN"),
    ("Tom", "Tom", "PROPN"),
    ("sleeps", "sleep", "VERB"),
    ("peacefully", "peacefully", "ADV"),
    ("on", "on", "ADP"),
    ("Monday", "Monday", "PROPN"),
    ("3", "3", "NUM"),
    ("serendipity", "serendipity", "NOUN"),
    (".", ".", "PUNCT"),
]


def test_profile_with_pos(tiny_en: Lexicon) -> None:
    doc = _doc("en", WORDS, tagged=True)
    # counted: The cat sleeps peacefully on serendipity = 6 (Tom, Monday PROPN; 3; '.')
    v = vocabulary_features(doc)
    assert v["vocab_pct_a1"] == pytest.approx(100 * 3 / 6)
    assert v["vocab_pct_b2"] == pytest.approx(100 / 6)
    assert v["vocab_pct_c2"] == pytest.approx(100 / 6)
    assert v["vocab_pct_unknown"] == pytest.approx(100 / 6)  # "on" is not in the tiny lexicon
    assert v["vocab_pct_a2"] == 0.0
    r = vocabulary_ratio_features(doc)
    assert r["vocab_basic_ratio"] == pytest.approx(3 / 5)
    assert r["vocab_intermediate_ratio"] == pytest.approx(1 / 5)
    assert r["vocab_advanced_ratio"] == pytest.approx(1 / 5)


def test_untagged_english_drops_capitalised_non_initial_words_but_keeps_listed_ones(tiny_en: Lexicon) -> None:
    doc = _doc("en", WORDS, tagged=False)
    texts = [t.text for t in counted_tokens(doc, tiny_en)]
    # Tom dropped (capitalised, not sentence-initial); Monday kept (a curated list word); The is initial.
    assert texts == ["The", "cat", "sleeps", "peacefully", "on", "Monday", "serendipity"]


def test_untagged_german_keeps_capitalised_nouns(monkeypatch: pytest.MonkeyPatch) -> None:
    lex = Lexicon("de", [Entry("Haus", "", "A1", "freq", 300, ""), Entry("groß", "", "A1", "freq", 100, "")])
    monkeypatch.setattr(lookup, "_load", lambda code: lex)
    doc = _doc("de", [("Das", "der", ""), ("Haus", "Haus", ""), ("ist", "sein", ""), ("gross", "gross", "")], tagged=False)
    assert len(counted_tokens(doc, lex)) == 4
    profile = vocabulary_profile(doc)
    assert profile["A1"] == ["Haus", "gross"]  # gross found through the ss → ß fallback
    assert profile["unknown"] == ["Das", "ist"]


def test_zipf_features_hand_computed(tiny_en: Lexicon) -> None:
    from interlang.lexicon.morph import zipf

    doc = _doc("en", [("the", "the", "DET"), ("xqzzyv", "xqzzyv", "NOUN")], tagged=True)
    v = vocabulary_features(doc)
    assert v["lex_mean_zipf"] == pytest.approx(zipf("the", "en"))  # unknown form left out of the mean
    assert v["lex_pct_rare"] == pytest.approx(50.0)  # the unknown form is rare


def test_empty_denominator_is_unavailable(tiny_en: Lexicon) -> None:
    doc = _doc("en", [("Tom", "Tom", "PROPN"), ("3", "3", "NUM")], tagged=True)
    v = vocabulary_features(doc)
    assert all(isinstance(x, Unavailable) for x in v.values())
    r = vocabulary_ratio_features(doc)
    assert all(isinstance(x, Unavailable) for x in r.values())


def test_extract_with_shipped_lexicon() -> None:
    from interlang.features.base import extract
    from interlang.text import parse

    fv = extract(parse("Ich wohne in einem kleinen Haus.", "de"), groups=["vocabulary", "vocabulary_ratios"])
    total = sum(fv[f"vocab_pct_{lvl}"] for lvl in ("a1", "a2", "b1", "b2", "c1", "c2", "unknown"))
    assert total == pytest.approx(100.0)
    assert fv["vocab_pct_a1"] == pytest.approx(100.0)  # six of the commonest German lemmas
    assert not math.isnan(fv["lex_mean_zipf"])
