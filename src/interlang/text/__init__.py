"""Raw text → :class:`Document`, per language, behind one interface."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from interlang.errors import EmptyTextError, InputError
from interlang.text.backends import BACKENDS
from interlang.text.document import Document, Sentence, Token
from interlang.text.languages import LANGUAGES, get_language, supported_languages

__all__ = [
    "LANGUAGES",
    "Document",
    "Sentence",
    "Token",
    "get_language",
    "parse",
    "supported_languages",
]

#: Hard cap on input size: beyond this a text is refused rather than exhausting memory.
MAX_CHARS = 2_000_000


def default_backend(lang: str) -> str:
    """The trained pipeline when one ships for ``lang``, else the rule-based fallback."""
    from interlang.text import pipelines

    return pipelines.backend_name(lang) or "rules"


@lru_cache(maxsize=16)
def _parser(lang: str, backend: str) -> Callable[[str], Document]:
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise InputError(f"unknown text backend {backend!r}; known: {', '.join(sorted(BACKENDS))}") from None
    return factory(lang)


def parse(text: str, lang: str, backend: str | None = None) -> Document:
    """Parse ``text`` in language ``lang``; raises :class:`EmptyTextError` if it has no words."""
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"text has {len(text):,} characters; the limit is {MAX_CHARS:,}")
    code = get_language(lang).code
    if not any(c.isalnum() for c in text):
        raise EmptyTextError("the text is empty or has no words")
    name = backend or default_backend(code)
    return _parser(code, name)(text)
