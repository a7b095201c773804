"""Masking of give-aways: a table of tricky cases per language, and cleaning counts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from interlang.corpora.clean import clean_records, clean_text, normalise_punctuation
from interlang.corpora.clean.masking import Masker
from interlang.corpora.record import Record

EN_CASES = [
    ("I come from Germany.", "I come from Country."),
    ("i love germany and english food", "i love Country and Nationality food"),
    ("I ate a turkey sandwich.", "I ate a turkey sandwich."),
    ("Turkey sandwich for lunch.", "Turkey sandwich for lunch."),
    ("Turkey is delicious.", "Turkey is delicious."),
    ("I visited Turkey. Turkey is nice.", "I visited Country. Country is nice."),
    ("We bought china plates in China.", "We bought china plates in Country."),
    ("Polish the shoes.", "Polish the shoes."),
    ("Polish people speak Polish.", "Nationality people speak Language."),
    ("We ate French fries.", "We ate French fries."),
    ("Germany's economy is strong.", "Country's economy is strong."),
    ("I live in Sorocaba, Brazil.", "I live in City, Country."),
    ("I was born in Saudi Arabia.", "I was born in Country."),
    ("Germanic languages differ.", "Germanic languages differ."),
    ("Reading is fun.", "Reading is fun."),
]
DE_CASES = [
    ("Meine Muttersprache ist Rumänisch.", "Meine Muttersprache ist Language."),
    ("Ich komme aus der Türkei.", "Ich komme aus der Country."),
    ("Wir singen türkische Lieder.", "Wir singen Nationality Lieder."),
    ("Ich lebe in Deutschland, die deutschen Leute sind nett.", "Ich lebe in Country, die Nationality Leute sind nett."),
    ("Meine Russischlehrerin kommt aus Polen.", "Meine Languagelehrerin kommt aus Country."),
    ("Ich komme aus Klein-Xdorf.", "Ich komme aus City."),
    ("Das Essen war gut.", "Das Essen war gut."),
    ("Ich bin Spanierin und wohne in Wien.", "Ich bin Nationality und wohne in City."),
    ("Die Wirtschaft Deutschlands wächst.", "Die Wirtschaft Country wächst."),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_masking(text: str, expected: str) -> None:
    assert Masker("en").mask(text).text == expected


@pytest.mark.parametrize(("text", "expected"), DE_CASES)
def test_german_masking(text: str, expected: str) -> None:
    assert Masker("de").mask(text).text == expected


def test_custom_table_and_counts() -> None:
    masker = Masker("en", {"freedonia": ("Country", False)}, origin_cues=False)
    result = masker.mask("Freedonia and freedonia, not Freedonian.")
    assert result.text == "Country and Country, not Freedonian."
    assert result.counts == Counter({"Country": 2})


def test_punctuation_runs() -> None:
    assert normalise_punctuation("Really!!! Why??? Well...... ok,, fine") == "Really! Why? Well... ok, fine"


def test_icle_codes_stripped() -> None:
    assert "BGSU1004" not in clean_text("Essay BGSU1004 about life.", "en")


def test_clean_records_counts() -> None:
    base = "The weather was very nice and we went to the beach with all of our friends today"
    records = [
        Record("a", base, "en", l1="X"),
        Record("b", base.upper() + "  ", "en", l1="X"),  # exact duplicate after normalisation
        Record("c", base + " again", "en", l1="Y"),  # near duplicate
        Record("d", "", "en"),
        Record("e", "Completely different text about cooking pasta at home with my family", "en"),
        Record("f", "I come from France!!!", "en", l1="French"),
    ]
    out, report = clean_records(records, near_threshold=0.8)
    assert [r.id for r in out] == ["a", "e", "f"]
    assert report.exact_duplicates == 1 and report.near_duplicates == 1
    assert report.dropped == Counter({"empty text": 1})
    assert out[2].text == "I come from Country!" and out[2].metadata["masked"] == {"Country": 1}


# Words naming each L1 (its language, people or country), English and German stems.
GIVEAWAYS = {
    "Arabic": r"arab|saudi|egypt|syri|ägypt",
    "Bulgarian": r"bulgar",
    "Chinese": r"chin[ae]|chines|mandarin",
    "Czech": r"czech|tschech",
    "Dutch": r"dutch|netherland|holland|niederländ",
    "English": r"england|engländ|english|englisch|britain|british|brit",
    "Finnish": r"finn|finland",
    "French": r"french|france|französ|frankreich",
    "German": r"german|deutsch",
    "Greek": r"greek|greece|griech",
    "Hungarian": r"hungar|ungar",
    "Italian": r"ital",
    "Japanese": r"japan",
    "Korean": r"korea",
    "Lithuanian": r"lithuan|litau",
    "Macedonian": r"macedon|mazedon",
    "Norwegian": r"norw",
    "Persian": r"persia|iran|farsi",
    "Polish": r"\bpol(?:and|en|nisch|in|e)\b|\bpolish",
    "Portuguese": r"portug|brazil|brasil",
    "Punjabi": r"punjab|pakistan|india",
    "Russian": r"russ",
    "Serbian": r"serb",
    "Spanish": r"spani|spain|mexic|mexik",
    "Swedish": r"swed|schwed",
    "Tswana": r"tswana|botswana",
    "Turkish": r"turk|türk",
    "Urdu": r"urdu|pakistan",
}


def _residual(records: list[Record]) -> list[str]:
    hits = []
    for r in records:
        pattern = GIVEAWAYS.get(str(r.l1))
        if pattern and re.search(pattern, r.text, flags=re.IGNORECASE):
            hits.append(r.id)
    return hits


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["icle500", "merlin-de"])
def test_no_l1_leak_after_cleaning(data_dir, corpus: str) -> None:
    from interlang.corpora import read_corpus

    records, _ = read_corpus(corpus, data_dir=data_dir)
    before = _residual(records)
    cleaned, _ = clean_records(records)
    after = _residual(cleaned)
    print(f"{corpus}: texts naming their writer's L1 before {len(before)}, after {len(after)}")
    assert len(before) > 20  # the check can see leaks
    assert len(after) <= 0.02 * len(records), after[:20]
