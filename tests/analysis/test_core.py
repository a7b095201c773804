"""Property tests: any input gives an analysis or one clear error, never a crash."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interlang
from interlang.analysis import sample_text
from interlang.errors import EmptyTextError, InputError


def _check(analysis: interlang.analysis.Analysis) -> None:
    for name, value in analysis.features.values.items():
        assert math.isfinite(value) or name in analysis.features.unavailable, name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=0, max_size=400), lang=st.sampled_from(["de", "en", "el"]))
def test_arbitrary_unicode_never_crashes(text: str, lang: str) -> None:
    try:
        analysis = interlang.analyze(text, lang=lang)
    except EmptyTextError:
        assert not any(c.isalnum() for c in text)
        return
    _check(analysis)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t"])
def test_empty_and_whitespace_are_a_clear_error(text: str) -> None:
    with pytest.raises(InputError):
        interlang.analyze(text, lang="en")


def test_one_word_gives_nan_with_reasons_and_one_warning() -> None:
    analysis = interlang.analyze("Hallo", lang="de")
    assert analysis.features["basic_words"] == 1
    assert analysis.features.unavailable  # e.g. MATTR needs a window of words
    short = [w for w in analysis.warnings if "short text" in w]
    assert len(short) == 1
    _check(analysis)


def test_mixed_script_text() -> None:
    analysis = interlang.analyze("Ich lerne Griechisch: καλημέρα heißt guten Morgen, 你好 ist Chinesisch.", lang="de")
    assert analysis.features["basic_words"] >= 9
    _check(analysis)


def test_language_is_detected_when_not_given() -> None:
    assert interlang.analyze(sample_text("de")).lang == "de"
    assert interlang.analyze(sample_text("en")).lang == "en"
    assert interlang.analyze(sample_text("el")).lang == "el"


def test_undetectable_language_asks_for_lang() -> None:
    with pytest.raises(InputError, match="--lang"):
        interlang.analyze("xq zvv")


@pytest.mark.slow
def test_100k_word_text() -> None:
    sample = sample_text("en")
    text = (sample + "\n\n") * (100_000 // len(sample.split()) + 2)
    analysis = interlang.analyze(text, lang="en")
    assert analysis.features["basic_words"] >= 100_000
    _check(analysis)


def test_analysis_shows_top3_l1_with_a_short_text_note() -> None:
    from interlang.analysis import analyze
    from interlang.models.shipped import shipped_path

    if shipped_path("l1-en") is None:
        pytest.skip("l1-en is not installed")
    short = analyze("I am agree with this opinion because it is very important for me.", lang="en")
    assert short.l1 is not None and len(short.l1["top"]) == 3
    assert short.l1["too_short"] and "too short" in short.l1["note"]
    probs = [p for _, p in short.l1["top"]]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1 + 1e-9
    long_text = " ".join(["In my opinion the education is the most important thing in the life of every person."] * 8)
    result = analyze(long_text, lang="en")
    assert result.l1 is not None and not result.l1["too_short"] and result.l1["note"] is None
    assert result.to_dict()["l1"]["top"] == result.l1["top"]
    assert analyze(long_text, lang="en", l1=False).l1 is None
