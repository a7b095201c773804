"""Sentence spans without a parser, in several scripts."""

from __future__ import annotations

from interlang.text.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_end_punctuation_splits() -> None:
    assert _split("I saw him. He ran away! Did he? Yes.") == ["I saw him.", "He ran away!", "Did he?", "Yes."]


def test_abbreviations_ordinals_and_quoted_speech_do_not() -> None:
    assert _split("Dr. Smith lives in St. Louis. He left.") == ["Dr. Smith lives in St. Louis.", "He left."]
    assert _split("Das ist z.B. gut. Am 3. Mai kam er.") == ["Das ist z.B. gut.", "Am 3. Mai kam er."]
    assert _split('"Go!" she said. Then left.') == ['"Go!" she said.', "Then left."]


def test_paragraphs_headings_and_other_scripts() -> None:
    assert _split("Title\n\nFirst line. Second.") == ["Title", "First line.", "Second."]
    assert _split("नमस्ते। आप कैसे हैं?") == ["नमस्ते।", "आप कैसे हैं?"]
    assert _split("これはペンです。 あれは本です。") == ["これはペンです。", "あれは本です。"]


def test_spans_index_the_original_text() -> None:
    text = "  One.   Two!  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["One.", "Two!"]
    assert split_sentences("") == [] and split_sentences("   ") == []
