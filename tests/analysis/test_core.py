"""Property tests: any input gives an analysis or one clear error, never a crash."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, event, given, settings
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


@pytest.mark.parametrize("bad", [None, 123, b"bytes", ["a list"], 4.5])
def test_wrong_type_is_a_type_error_naming_the_accepted_types(bad: object) -> None:
    with pytest.raises(TypeError, match="str or an interlang Document") as info:
        interlang.analyze(bad)  # type: ignore[arg-type]
    assert type(bad).__name__ in str(info.value)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "\u00a0\u2003"])
@pytest.mark.parametrize("lang", [None, "en"])
def test_empty_text_is_reported_before_language_detection(text: str, lang: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import interlang.analysis.core as core

    def no_detection(_: str) -> tuple[str | None, float]:
        raise AssertionError("language detection ran on an empty text")

    monkeypatch.setattr(core, "_detect", no_detection)
    with pytest.raises(EmptyTextError, match=r"^the text is empty$"):
        interlang.analyze(text, lang=lang)


def test_punctuation_only_says_no_words_not_language() -> None:
    with pytest.raises(EmptyTextError, match="no words"):
        interlang.analyze("... !!! ???")


def test_a_parsed_document_is_accepted() -> None:
    from interlang.text import parse

    doc = parse(sample_text("en"), "en")
    analysis = interlang.analyze(doc, level=False, l1=False)
    assert analysis.doc is doc and analysis.lang == "en" and analysis.lang_source == "document"
    with pytest.raises(InputError, match="parsed as 'en'"):
        interlang.analyze(doc, lang="de")


def test_analyze_many_names_the_row() -> None:
    from interlang.analysis import analyze_many

    with pytest.raises(EmptyTextError, match=r"^texts\[1\]: the text is empty$") as info:
        analyze_many(["Hello, this is a text.", "   "], lang="en", level=False, l1=False)
    assert info.value.row == 1
    with pytest.raises(TypeError, match=r"^texts\[2\]: .*not NoneType"):
        analyze_many(["One text.", "Two texts.", None], lang="en", level=False, l1=False)  # type: ignore[list-item]
    with pytest.raises(InputError, match=r"^texts\[0\]: could not tell"):
        analyze_many(["xq zvv"], level=False, l1=False)
    with pytest.raises(TypeError, match="sequence of texts"):
        analyze_many("one text", lang="en")


# ---------------------------------------------------------------- fuzzing: only the documented errors

_PIECES = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=["Cs"]), max_size=60),  # any code point
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"]), max_size=20),  # controls, marks, odd spaces
    st.text(st.sampled_from(list("שלום עולם مرحبا بالعالم \u202e\u202d\u200f\u200e")), max_size=40),  # RTL + bidi marks
    st.lists(st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧", "🇩🇪", "\ufe0f", " "]), max_size=20).map("".join),  # emoji, ZWJ, flags
    st.text(st.sampled_from(list(".,;:!?…—–-()[]{}«»\"'/\\*&%$#@")), min_size=1, max_size=40),  # only punctuation
    st.integers(min_value=300, max_value=6000).map(lambda n: "x" * n),  # one very long token
    st.sampled_from(["Ich lerne Deutsch.", "I like tea.", "Μου αρέσει το τσάι.", "你好 мир ¿qué?"]),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_PIECES, min_size=1, max_size=6), lang=st.sampled_from([None, "de", "en", "el", "de", "en", "el", "xx"]))
def test_fuzzed_text_gives_an_analysis_or_a_documented_error(parts: list[str], lang: str | None) -> None:
    from interlang.errors import UnsupportedLanguage

    text = " ".join(parts)
    try:
        analysis = interlang.analyze(text, lang=lang)
    except UnsupportedLanguage:
        assert lang == "xx"
        event("unsupported language")
        return
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)  # one clear line
        event(f"input error: {exc.reason[:20]}")
        return
    assert lang != "xx"
    event("analysed")
    _check(analysis)
    analysis.to_dict()


@settings(max_examples=30, deadline=None)
@given(value=st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.lists(st.text(max_size=5), max_size=3)))
def test_fuzzed_non_text_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="str or an interlang Document"):
        interlang.analyze(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "lang,text,model,trained",
    [
        ("it", "Cara Anna, ti scrivo perché la prossima settimana vengo a Roma. Vorrei vederti e "
               "andare insieme al mare. Io lavoro in un ufficio e ho poco tempo, ma sabato sono libera. "
               "Scrivimi presto, un abbraccio, Maria.", "level-it", ["A1", "B1"]),
        ("cs", "Milá Petro, děkuji za tvůj dopis. Tento týden mám hodně práce, ale v sobotu mám čas. "
               "Chtěla bych jít do kina nebo do parku. Moje sestra přijede v neděli a budeme vařit "
               "oběd. Napiš mi brzy, tvoje Jana.", "level-cs", ["A2", "B2"]),
    ],
)
def test_italian_and_czech_learner_texts_get_a_proficiency_in_the_trained_range(
    lang: str, text: str, model: str, trained: list[str]
) -> None:
    result = interlang.analyze(text, lang=lang)
    assert result.level is not None and result.level["model"] == model
    assert result.level["task"] == "proficiency" and result.level["range"]["trained"] == trained
    assert result.level["level"] in ("A1", "A2", "B1", "B2")
    reading = interlang.analyze(text, lang=lang, learner=False)
    assert reading.level is None and reading.difficulty is not None  # a reading text: difficulty only
