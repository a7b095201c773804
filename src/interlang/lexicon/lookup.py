"""Read-only lookup in a built CEFR lexicon (``<lang>.tsv.gz``)."""

from __future__ import annotations

import csv
import gzip
import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from interlang.lexicon.builder import LEVELS, PACKAGE_DATA, SOURCE_PRIORITY, key
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
        self._index: dict[str, list[Entry]] = {}
        for e in entries:
            self._index.setdefault(key(e.lemma), []).append(e)
        self._unaccented: dict[str, str] = {}
        if lang == "el":  # learners often drop Greek accents
            for k in self._index:
                self._unaccented.setdefault(_strip_accents(k), k)

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
        return sum(len(v) for v in self._index.values())

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
    path = PACKAGE_DATA / f"{code}.tsv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"no lexicon built for {code!r}; run `interlang lexicon build --lang {code}`")
    return Lexicon.from_file(path, code)
