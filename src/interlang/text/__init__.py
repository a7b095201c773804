"""Raw text → :class:`Document`, per language, behind one interface."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from interlang.errors import EmptyTextError, InputError
from interlang.text import spacy_backend as _spacy_backend  # noqa: F401  (registers the backend)
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
    "parse_many",
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


def _check(text: str) -> None:
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"text has {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if not any(c.isalnum() for c in text):
        raise EmptyTextError("the text is empty or has no words")


def parse(text: str, lang: str, backend: str | None = None) -> Document:
    """Parse ``text`` in language ``lang``; raises :class:`EmptyTextError` if it has no words."""
    code = get_language(lang).code
    _check(text)
    name = backend or default_backend(code)
    return _parser(code, name)(text)


def parse_many(
    texts: Iterable[str],
    lang: str,
    backend: str | None = None,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Document]:
    """Parse many texts in one language, in order; same results as :func:`parse` per text.

    Batched through ``nlp.pipe`` where the backend supports it (spaCy), for throughput; other
    backends parse text by text. Each text is checked as it is reached, like :func:`parse`.
    """
    code = get_language(lang).code
    name = backend or default_backend(code)
    parser = _parser(code, name)

    def checked() -> Iterator[str]:
        for text in texts:
            _check(text)
            yield text

    pipe = getattr(parser, "pipe", None)
    if pipe is None:
        for text in checked():
            yield parser(text)
    else:
        yield from pipe(checked(), batch_size=batch_size, n_process=n_process)
