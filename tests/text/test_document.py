from __future__ import annotations

import pytest

from interlang.errors import EmptyTextError, InputError, UnsupportedLanguage
from interlang.text import parse
from interlang.text.document import LEMMAS, SENTENCES, TOKENS


def test_rules_backend_gives_tokens_sentences_lemmas() -> None:
    doc = parse("Das ist ein Test. Wir gehen nach Hause!", "de", backend="rules")
    assert doc.backend == "rules"
    assert {TOKENS, SENTENCES, LEMMAS} <= doc.capabilities
    assert len(doc.sentences) == 2
    assert [t.text for t in doc.words] == ["Das", "ist", "ein", "Test", "Wir", "gehen", "nach", "Hause"]
    assert doc.tokens[7].lemma == "gehen" or doc.tokens[6].lemma == "gehen"
    # Sentence ranges are contiguous and cover every token.
    assert doc.sentences[0].start == 0
    assert doc.sentences[-1].end == len(doc.tokens)
    for a, b in zip(doc.sentences, doc.sentences[1:], strict=False):
        assert a.end == b.start
    assert all(t.sent == s.index for s in doc.sentences for t in doc.sentence_tokens(s))


@pytest.mark.parametrize("text", ["", "   \n\t ", "!!! ... ???"])
def test_text_without_words_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyTextError, match="no words"):
        parse(text, "en")


def test_unknown_language_names_the_supported_ones() -> None:
    with pytest.raises(UnsupportedLanguage, match="cs, de, el, en, it"):
        parse("Hello", "xx")


def test_region_codes_are_accepted() -> None:
    assert parse("Hello world.", "en-GB").lang == "en"


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(InputError, match="must be a str"):
        parse(b"bytes", "en")  # type: ignore[arg-type]
