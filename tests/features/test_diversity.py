"""Lexical diversity: hand-computed values on tiny token lists, and the length guards."""

from __future__ import annotations

import math

import pytest

from interlang.features import Unavailable, extract
from interlang.features.diversity import hdd, mattr, mtld
from interlang.text import parse


def test_mtld_by_hand() -> None:
    # forward: a b c a b → TTR 3/5 = 0.6 ≤ 0.72 closes a factor; "c" left, TTR 1 → partial 0.
    # 6 tokens / 1 factor = 6 in both directions.
    assert mtld(list("abcabc")) == pytest.approx(6.0)


def test_mtld_partial_factor_by_hand() -> None:
    # "a a": TTR 1 then 0.5 → one factor, nothing left → 2/1; backward the same.
    assert mtld(["a", "a"]) == pytest.approx(2.0)
    # "a b a": after "a b a" TTR 2/3 = 0.667 ≤ 0.72 → 1 factor → 3.
    assert mtld(["a", "b", "a"]) == pytest.approx(3.0)
    # "a b c a" forward: TTR 0.75 at the end → partial (1 − 0.75)/0.28; backward same sequence.
    assert mtld(list("abca")) == pytest.approx(4 / (0.25 / 0.28))


def test_mtld_without_any_repetition_is_undefined() -> None:
    value = mtld(list("abcdef"))
    assert isinstance(value, Unavailable) and "no word repeats" in value.reason


def test_mattr_by_hand_and_short_text() -> None:
    # windows of 3 over a b a c: {a,b}=2/3, {b,a,c}=3/3 → (2/3 + 1)/2
    assert mattr(list("abac"), window=3) == pytest.approx(5 / 6)
    short = mattr(list("abc"), window=50)
    assert isinstance(short, Unavailable) and "fewer than the 50-word" in short.reason


def test_hdd_by_hand() -> None:
    words = [f"w{i}" for i in range(42)]
    assert hdd(words) == pytest.approx(1.0)
    # every type twice in 84 tokens: P(absent from 42 draws) = C(82,42)/C(84,42) = 42·41/(84·83)
    assert hdd(words * 2) == pytest.approx(1 - (42 * 41) / (84 * 83))
    assert isinstance(hdd(words[:41]), Unavailable)


def test_extractor_on_short_text_reports_reasons() -> None:
    fv = extract(parse("Der Hund und der Hund und die Katze.", "de", backend="rules"), ["diversity"])
    # forms: der hund und der hund und die katze → 5 types / √8
    assert fv["div_root_ttr"] == pytest.approx(5 / math.sqrt(8))
    assert math.isnan(fv["div_mattr"]) and "window" in fv.unavailable["div_mattr"]
    assert math.isnan(fv["div_hdd"])
    assert math.isfinite(fv["div_mtld"])
    # lemmas (simplemma): der hund und der hund und der katze → 4 types of 8
    assert fv["div_lemma_ttr"] == pytest.approx(4 / 8)


def test_mattr_is_stable_where_ttr_falls_with_length() -> None:
    base = (
        "The students wrote long essays about their families and their friends while the "
        "teachers read carefully every single sentence they had written in the classroom. "
    )
    short = parse(base * 2, "en", backend="rules")
    long = parse(base * 8, "en", backend="rules")
    fs, fl = extract(short), extract(long)
    assert fl["basic_ttr"] < fs["basic_ttr"] * 0.5
    assert fl["div_mattr"] == pytest.approx(fs["div_mattr"], rel=0.05)
