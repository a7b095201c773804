"""Basic text statistics on short texts counted by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interlang.features import extract, list_features
from interlang.features.basic import surface_counts
from interlang.text import parse
from interlang.text.document import SENTENCES, TOKENS, Document, Sentence, Token


def test_counts_and_ratios_by_hand() -> None:
    doc = parse("The dog sees the dog. It runs 100 metres!", "en", backend="rules")
    fv = extract(doc, ["basic"])
    # words: The dog sees the dog | It runs 100 metres → 9 (the number counts as a word)
    assert fv["basic_words"] == 9
    assert fv["basic_sentences"] == 2
    assert fv["basic_mean_sentence_length"] == pytest.approx(4.5)
    # types (lower-cased): the dog sees it runs 100 metres → 7
    assert fv["basic_ttr"] == pytest.approx(7 / 9)
    # characters: 3+3+4+3+3+2+4+3+6 = 31
    assert fv["basic_mean_word_length"] == pytest.approx(31 / 9)


def test_readability_words_exclude_numbers() -> None:
    c = surface_counts(parse("The dog sees the dog. It runs 100 metres!", "en", backend="rules"))
    assert c.words == 9 and c.alpha_words == 8
    # syllables: the dog sees the dog it runs me-tres → 1*7 + 2
    assert c.syllables == 9
    assert c.words_per_sentence == pytest.approx(4.0)


def test_flesch_per_language() -> None:
    en = extract(parse("The cat sat on the mat.", "en", backend="rules"), ["basic"])
    assert en["basic_flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)
    de = extract(parse("Der Hund bellt laut.", "de", backend="rules"), ["basic"])
    assert de["basic_flesch_reading_ease"] == pytest.approx(180 - 4 - 58.5 * 1)
    el = extract(parse("Ο σκύλος γαβγίζει.", "el", backend="rules"), ["basic"])
    assert math.isnan(el["basic_flesch_reading_ease"])
    assert "Greek" in el.unavailable["basic_flesch_reading_ease"]


def test_sentence_without_words_is_not_counted() -> None:
    words = ["Hallo", "Welt", ".", "***", "Tschüss", "."]
    sent_of = [0, 0, 0, 1, 2, 2]
    tokens = tuple(Token(i, w, w, "", {}, -1, "", sent_of[i]) for i, w in enumerate(words))
    doc = Document(
        text=" ".join(words),
        lang="de",
        tokens=tokens,
        sentences=(Sentence(0, 0, 3), Sentence(1, 3, 4), Sentence(2, 4, 6)),
        capabilities=frozenset({TOKENS, SENTENCES}),
        backend="test",
    )
    fv = extract(doc, ["basic"])
    assert fv["basic_sentences"] == 2
    assert fv["basic_mean_sentence_length"] == pytest.approx(1.5)


def test_every_feature_is_registered_with_description_and_unit() -> None:
    feats = list_features("basic")
    assert [f.name for f in feats] == [
        "basic_words",
        "basic_sentences",
        "basic_mean_sentence_length",
        "basic_ttr",
        "basic_flesch_reading_ease",
        "basic_mean_word_length",
    ]
    assert all(f.description and f.unit for f in feats)


# --- property: any text through parse → extract ------------------------------------------

MY_GROUPS = ["basic", "readability", "syntax", "diversity", "discourse"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300
    ),
    lang=st.sampled_from(["en", "de", "el"]),
    default_backend=st.booleans(),
)
def test_any_text_gives_finite_values_or_nan_with_reason(
    text: str, lang: str, default_backend: bool
) -> None:
    assume(any(c.isalnum() for c in text))
    doc = parse(text, lang, backend=None if default_backend else "rules")
    fv = extract(doc, MY_GROUPS)
    assert set(fv) == {f.name for g in MY_GROUPS for f in list_features(g)}
    for name, value in fv.items():
        assert math.isfinite(value) or (math.isnan(value) and fv.unavailable.get(name)), name


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["und", "aber", "Haus", "jedoch", "Universität", "the", "however", "και", "ωστόσο",
             "123", "!", ",", "darüber", "hinaus", "Ideen", "on", "other", "hand"]
        ),
        min_size=1,
        max_size=80,
    ),
    lang=st.sampled_from(["en", "de", "el"]),
)
def test_word_salad_gives_bounded_ratios(words: list[str], lang: str) -> None:
    text = " ".join(words) + "."
    assume(any(c.isalnum() for c in text))
    fv = extract(parse(text, lang, backend="rules"), MY_GROUPS)
    for name in ("basic_ttr", "div_mattr", "div_hdd", "disc_advanced_ratio"):
        v = fv[name]
        assert math.isnan(v) or 0 <= v <= 1, (name, v)
    assert fv["basic_words"] >= fv["basic_sentences"] >= 1 or fv["basic_words"] == 0
