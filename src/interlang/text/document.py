"""The one document model every feature and model reads, whatever the language or backend.

A backend (trained spaCy pipeline, rule-based fallback) turns raw text into a
:class:`Document`. ``capabilities`` says which annotation layers are real, so a feature that
needs, say, dependency arcs reports itself *unavailable* instead of computing a silent zero.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

T = TypeVar("T")

#: Annotation layers a backend may provide.
TOKENS = "tokens"
SENTENCES = "sentences"
LEMMAS = "lemmas"
POS = "pos"
MORPH = "morph"
DEPS = "deps"
ALL_LAYERS = frozenset({TOKENS, SENTENCES, LEMMAS, POS, MORPH, DEPS})


@dataclass(frozen=True, slots=True)
class Token:
    """One token with Universal Dependencies annotation (empty strings where unavailable)."""

    i: int
    text: str
    lemma: str
    upos: str
    feats: Mapping[str, str]
    head: int
    """Document index of the syntactic head; equal to ``i`` for a root, ``-1`` without a parse."""
    dep: str
    sent: int
    whitespace: str = " "
    # Derived once at construction: features ask these of every token many times.
    is_punct: bool = field(init=False, repr=False, compare=False)
    is_word: bool = field(init=False, repr=False, compare=False)
    """A word for counting: not punctuation, not whitespace, contains a letter or digit."""
    is_alpha_word: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        has_alnum = any(c.isalnum() for c in self.text)
        punct = (self.upos in {"PUNCT", "SYM"} and not has_alnum) if self.upos else not has_alnum
        word = not punct and has_alnum
        object.__setattr__(self, "is_punct", punct)
        object.__setattr__(self, "is_word", word)
        object.__setattr__(self, "is_alpha_word", word and any(c.isalpha() for c in self.text))

    @property
    def is_root(self) -> bool:
        return self.head == self.i


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a half-open token range ``[start, end)`` of its document."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A parsed text: tokens, sentences and what the backend could annotate."""

    text: str
    lang: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    capabilities: frozenset[str]
    backend: str
    warnings: tuple[str, ...] = field(default=())

    def has(self, layer: str) -> bool:
        return layer in self.capabilities

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        return self.tokens[sentence.start : sentence.end]

    def iter_sentences(self) -> Iterator[tuple[Token, ...]]:
        for sentence in self.sentences:
            yield self.sentence_tokens(sentence)

    @cached_property
    def words(self) -> tuple[Token, ...]:
        """Tokens that count as words (no punctuation or symbols)."""
        return tuple(t for t in self.tokens if t.is_word)

    @cached_property
    def alpha_words(self) -> tuple[Token, ...]:
        """Words containing at least one letter (numbers excluded): used by readability."""
        return tuple(t for t in self.tokens if t.is_alpha_word)

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, run once per document and ``key``: what several feature groups share.

        Higher floors keep per-document work here (each token's lexicon entry, the counted
        tokens) so that it is done once however many groups ask. Not part of equality, and
        dropped when the document is pickled (it is cheap to recompute, and may hold
        unpicklable resources).
        """
        cache: dict[Hashable, Any] = self.__dict__.setdefault("_derived", {})
        if key not in cache:
            cache[key] = compute()
        value: T = cache[key]
        return value

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_derived", None)
        return state

    def __len__(self) -> int:
        return len(self.tokens)
