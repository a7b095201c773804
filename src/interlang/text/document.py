"""The one document model every feature and model reads, whatever the language or backend.

A backend (trained spaCy pipeline, rule-based fallback) turns raw text into a
:class:`Document`. ``capabilities`` says which annotation layers are real, so a feature that
needs, say, dependency arcs reports itself *unavailable* instead of computing a silent zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

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

    @property
    def is_punct(self) -> bool:
        if self.upos:
            return self.upos in {"PUNCT", "SYM"} and not any(c.isalnum() for c in self.text)
        return not any(c.isalnum() for c in self.text)

    @property
    def is_word(self) -> bool:
        """A word for counting: not punctuation, not whitespace, contains a letter or digit."""
        return not self.is_punct and any(c.isalnum() for c in self.text)

    @property
    def is_alpha_word(self) -> bool:
        return self.is_word and any(c.isalpha() for c in self.text)

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

    def __len__(self) -> int:
        return len(self.tokens)
