"""POS sequences, per-family inputs and vectorisers of the n-gram models."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from interlang.models.ngram.inputs import family_inputs, make_vectorizer, pos_sequence


@dataclass
class _Token:
    text: str
    upos: str
    sent: int


@dataclass
class _Doc:
    tokens: list[_Token]


def test_pos_sequence_keeps_function_words_and_marks_sentences() -> None:
    doc = _Doc([
        _Token("The", "DET", 0), _Token("cat", "NOUN", 0), _Token("sleeps", "VERB", 0), _Token(".", "PUNCT", 0),
        _Token("It", "PRON", 1), _Token("dreams", "VERB", 1), _Token(",", "PUNCT", 1),
    ])
    assert pos_sequence(doc) == "BOS the NOUN VERB P. BOS it VERB P,"


def test_family_inputs_without_cleaning_are_the_texts() -> None:
    texts = ["One text.", "Another  text!"]
    inputs = family_inputs(texts, ("char", "word"), "en", clean=False)
    assert inputs == {"char": texts, "word": texts}


def test_unknown_family_is_refused() -> None:
    assert make_vectorizer("char", None, "en").analyzer == "char"
    with pytest.raises(ValueError, match="unknown feature family"):
        make_vectorizer("phonemes", None, "en")
