"""Read-only lookup in a built CEFR lexicon (``<lang>.tsv.gz``), once per token of a document.

:func:`document_lexicon` gives a document's tokens their entries, each looked up once (lemma,
then surface form, then a simplemma lemma) and shared by every feature group that asks.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from interlang.lexicon.schema import LEVELS, PACKAGE_DATA, SOURCE_PRIORITY, key
from interlang.text.document import Document, Token
from interlang.text.languages import get_language

#: UPOS tags a tagger may assign where a list has the neighbouring tag (tried after an exact match).
_COMPATIBLE: dict[str, frozenset[str]] = {
    "VERB": frozenset({"AUX"}),
    "AUX": frozenset({"VERB"}),
    "CCONJ": frozenset({"SCONJ"}),
    "SCONJ": frozenset({"CCONJ", "ADV"}),
    "DET": frozenset({"PRON"}),
    "PRON": frozenset({"DET"}),
    "PROPN": frozenset({"NOUN"}),
    "ADV": frozenset({"ADJ"}),
    "ADJ": frozenset({"ADV", "VERB"}),
    "PART": frozenset({"ADV", "ADP"}),
}


@dataclass(frozen=True, slots=True)
class Entry:
    lemma: str
    upos: str
    level: str
    source: str
    rank: int | None
    alt: str

    @property
    def level_index(self) -> int:
        return LEVELS.index(self.level)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _best(entries: list[Entry]) -> Entry:
    """Most trusted source first, then the most basic level (the commonest sense)."""
    return min(entries, key=lambda e: (SOURCE_PRIORITY.get(e.source, 9), e.level_index, e.upos))


class Lexicon:
    """Lemma (+UPOS) → CEFR level for one language; keys are lower-cased lemmas."""

    def __init__(self, lang: str, entries: list[Entry]) -> None:
        self.lang = lang
        index: dict[str, list[Entry]] = {}
        for e in entries:
            index.setdefault(key(e.lemma), []).append(e)
        unaccented: dict[str, str] = {}
        if lang == "el":  # learners often drop Greek accents
            for k in index:
                unaccented.setdefault(_strip_accents(k), k)
        self._index: Mapping[str, list[Entry]] = index
        self._unaccented: Mapping[str, str] = unaccented

    @classmethod
    def _from_tables(cls, lang: str, index: Mapping[str, list[Entry]], unaccented: Mapping[str, str]) -> Lexicon:
        self = cls.__new__(cls)
        self.lang = lang
        self._index = index
        self._unaccented = unaccented
        return self

    @classmethod
    def from_file(cls, path: str | Path, lang: str) -> Lexicon:
        with gzip.open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
        entries = [
            Entry(
                row["lemma"],
                row["upos"],
                row["level"],
                row["source"],
                int(row["rank"]) if row["rank"] else None,
                row.get("alt", "") or "",
            )
            for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        ]
        return cls(lang, entries)

    @staticmethod
    def load(lang: str) -> Lexicon:
        """The shipped lexicon of ``lang`` (cached)."""
        return _load(get_language(lang).code)

    def __len__(self) -> int:
        return sum(len(self._index[k]) for k in self._index)

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and self._entries(lemma) is not None

    def keys(self) -> frozenset[str]:
        return frozenset(self._index)

    def _entries(self, lemma: str) -> list[Entry] | None:
        k = key(lemma)
        if not k:
            return None
        found = self._index.get(k)
        if found is not None:
            return found
        if self.lang == "de" and "ss" in k:  # Swiss/older spelling: gross → groß
            found = self._index.get(k.replace("ss", "ß"))
            if found is not None:
                return found
        if self._unaccented:
            target = self._unaccented.get(_strip_accents(k))
            if target is not None:
                return self._index[target]
        return None

    def entry(self, lemma: str, upos: str | None = None) -> Entry | None:
        """Exact-POS entry first, then a compatible POS, then any POS (best source, lowest level)."""
        entries = self._entries(lemma)
        if not entries:
            return None
        if upos:
            exact = [e for e in entries if e.upos == upos]
            if exact:
                return _best(exact)
            near = [e for e in entries if e.upos in _COMPATIBLE.get(upos, frozenset())]
            if near:
                return _best(near)
        return _best(entries)

    def level(self, lemma: str, upos: str | None = None) -> str | None:
        e = self.entry(lemma, upos)
        return e.level if e is not None else None

    def frequency_rank(self, lemma: str) -> int | None:
        """1-based rank of the lemma in the aggregated wordfreq list (None if beyond the cap)."""
        entries = self._entries(lemma)
        ranks = [e.rank for e in entries or () if e.rank is not None]
        return min(ranks) if ranks else None


@lru_cache(maxsize=8)
def _load(code: str) -> Lexicon:
    """The shipped lexicon, looked up in a per-user disk table built once from the TSV."""
    from interlang.resources import disk_table, file_stamp

    path = PACKAGE_DATA / f"{code}.tsv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"no lexicon built for {code!r}; run `interlang lexicon build --lang {code}`")
    parsed: list[Lexicon] = []

    def parsed_lexicon() -> Lexicon:
        if not parsed:
            parsed.append(Lexicon.from_file(path, code))
        return parsed[0]

    def build_index() -> Iterator[tuple[str, str]]:
        index = parsed_lexicon()._index
        for k in index:
            yield k, json.dumps([[e.lemma, e.upos, e.level, e.source, e.rank, e.alt] for e in index[k]])

    def build_unaccented() -> Iterator[tuple[str, str]]:
        yield from parsed_lexicon()._unaccented.items()

    stamp = (file_stamp(path),)
    index = disk_table(f"lexicon-{code}", stamp, build_index)
    unaccented = disk_table(f"lexicon-{code}-unaccented", stamp, build_unaccented)
    return Lexicon._from_tables(code, _DecodedIndex(index), unaccented)


class _DecodedIndex(Mapping[str, list[Entry]]):
    """key → entries over a disk table of JSON rows, decoding each key once."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = table
        self._decoded: dict[str, list[Entry] | None] = {}

    def get(self, k: str, default: Any = None) -> Any:
        if k not in self._decoded:
            raw = self._table.get(k)
            self._decoded[k] = None if raw is None else [Entry(*row) for row in json.loads(raw)]
        found = self._decoded[k]
        return default if found is None else found

    def __getitem__(self, k: str) -> list[Entry]:
        found = self.get(k)
        if found is None:
            raise KeyError(k)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


# ------------------------------------------------------------------------ tokens of a document


@dataclass(frozen=True, slots=True)
class TokenLookup:
    """A token's lexicon entry and which of its forms found it."""

    entry: Entry | None
    #: "lemma", "form" or "simplemma" (the candidate that matched); "" when none did.
    matched: str

    @property
    def level(self) -> str | None:
        return self.entry.level if self.entry is not None else None


def look_up_token(lexicon: Lexicon, t: Token) -> TokenLookup:
    """Look ``t`` up: its lemma, then its surface form, then a simplemma lemma (POS-aware).

    The fallbacks matter for tagger lemmas the lexicon does not use (spaCy vs simplemma) and
    for learner spellings the lemmatiser leaves alone. This is *the* per-token lookup:
    :class:`DocumentLexicon` calls it once per token.
    """
    upos = t.upos or None
    tried: list[str] = []
    for kind, candidate in (("lemma", t.lemma), ("form", t.text)):
        if candidate and candidate not in tried:
            tried.append(candidate)
            e = lexicon.entry(candidate, upos)
            if e is not None:
                return TokenLookup(e, kind)
    lemma = _simplemma(t.text, lexicon.lang)
    if lemma in (t.text, t.lemma):
        return TokenLookup(None, "")
    e = lexicon.entry(lemma, upos)
    return TokenLookup(e, "simplemma" if e is not None else "")


@lru_cache(maxsize=65536)
def _simplemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang))
    except ValueError:
        return word


class DocumentLexicon:
    """One document's tokens with their lexicon entries, each looked up at most once."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._found: dict[int, TokenLookup] = {}

    def lookup(self, t: Token) -> TokenLookup:
        found = self._found.get(t.i)
        if found is None:
            found = self._found[t.i] = look_up_token(self.lexicon, t)
        return found

    def entry(self, t: Token) -> Entry | None:
        return self.lookup(t).entry

    def level(self, t: Token) -> str | None:
        return self.lookup(t).level

    def __len__(self) -> int:
        """How many tokens have been looked up so far."""
        return len(self._found)


def document_lexicon(doc: Document, lexicon: Lexicon | None = None) -> DocumentLexicon:
    """``doc``'s per-token lexicon entries (the shipped lexicon by default), shared per document."""
    lex = lexicon if lexicon is not None else Lexicon.load(doc.lang)
    # Keyed by the lexicon object (the cache holds it, so the id cannot be reused meanwhile).
    return doc.derived(("lexicon", id(lex)), lambda: DocumentLexicon(lex))
