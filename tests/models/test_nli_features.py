from __future__ import annotations

from interlang.models.nli_features import (
    SpellingFeatures,
    function_word_vocabulary,
    misspelled_words,
)


def test_function_words_per_language() -> None:
    en, de = function_word_vocabulary("en"), function_word_vocabulary("de")
    assert "the" in en and "der" in de and "the" not in de
    assert len(en) == len(set(en))


def test_misspellings_skip_placeholders() -> None:
    words = misspelled_words("I receeved the informashun from Country yesterdai.", "en")
    assert "receeved" in words and "yesterdai" in words
    assert "country" not in words and "the" not in words


def test_spelling_rate() -> None:
    rates = SpellingFeatures("en").fit(["x"]).rates(["the cat sat", "teh catt satt"])
    assert rates[0] == 0.0 and rates[1] > 0.6
