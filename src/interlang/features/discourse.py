"""Discourse connectives by CEFR level (the paper's "advanced and sophisticated connectives").

Learners move from ``and``/``but``/``und``/``και`` to ``however``, ``nevertheless``,
``insofern``, ``ωστόσο``: the share of connectives acquired late is a proficiency signal. The
per-level lists live in :attr:`LanguageResources.connectives` (A1 … C1).

Matching is lexical: within each sentence the lower-cased words (apostrophes removed) are
scanned left to right and the longest listed connective starting at each word is taken, so
"on the other hand" counts once and not as "on"/"other". There is no disambiguation ("so" as
intensifier, "damit" as pronominal adverb also match), so counts are upper bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from interlang.features.base import Feature, Unavailable, Value, extractor, safe_div
from interlang.text.document import Document
from interlang.text.languages import get_language

LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
ADVANCED = frozenset({"B2", "C1", "C2"})
SOPHISTICATED = frozenset({"C1", "C2"})
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")


def _norm(word: str) -> str:
    return word.lower().translate(_APOSTROPHES)


@lru_cache(maxsize=8)
def _lexicon(lang: str) -> tuple[dict[tuple[str, ...], str], int]:
    """Connective word tuple → level, and the longest connective in words."""
    table: dict[tuple[str, ...], str] = {}
    for level in LEVELS:
        for phrase in get_language(lang).connectives.get(level, ()):
            key = tuple(_norm(w) for w in phrase.split())
            table.setdefault(key, level)  # the earliest level wins for duplicates
    return table, max((len(k) for k in table), default=0)


def find_connectives(doc: Document) -> list[tuple[str, str]]:
    """Every connective occurrence in ``doc`` as ``(connective, level)``, in text order."""
    table, longest = _lexicon(get_language(doc.lang).code)
    found: list[tuple[str, str]] = []
    for sent in doc.iter_sentences():
        words = [w for w in (_norm(t.text) for t in sent if t.is_word) if w]
        i = 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + size])
                if key in table:
                    found.append((" ".join(key), table[key]))
                    i += size
                    break
            else:
                i += 1
    return found


def _f(name: str, label: str, description: str, unit: str) -> Feature:
    return Feature(name, "discourse", description, unit, label=label)


_FEATURES = [
    _f("disc_connectives_per_sentence", "Connectives per sentence", "Connectives per sentence.", "connectives/sentence"),
    _f("disc_connectives_per_100_words", "Connectives per 100 words", "Connectives per 100 words.", "connectives/100 words"),
    _f("disc_distinct_connectives", "Distinct connectives", "Number of different connectives used.", "connectives"),
    _f("disc_advanced_ratio", "Connectives at B2 or above", "Share of connectives at B2 or above.", "ratio"),
    _f("disc_sophisticated_ratio", "Connectives at C1 or above", "Share of connectives at C1 or above.", "ratio"),
    _f("disc_mean_level", "Mean connective level", "Mean CEFR level of the connectives used (A1 = 1 … C2 = 6).", "level"),
]


@extractor("discourse", _FEATURES)
def discourse_features(doc: Document) -> Mapping[str, Value]:
    """Density, variety and level of connectives."""
    found = find_connectives(doc)
    n = len(found)
    sentences = sum(1 for sent in doc.iter_sentences() if any(t.is_word for t in sent))
    none = Unavailable("no connectives in the text")
    return {
        "disc_connectives_per_sentence": safe_div(n, sentences),
        "disc_connectives_per_100_words": 100 * safe_div(n, len(doc.words)),
        "disc_distinct_connectives": float(len({c for c, _ in found})),
        "disc_advanced_ratio": safe_div(sum(lv in ADVANCED for _, lv in found), n) if n else none,
        "disc_sophisticated_ratio": (
            safe_div(sum(lv in SOPHISTICATED for _, lv in found), n) if n else none
        ),
        "disc_mean_level": (
            safe_div(sum(LEVELS.index(lv) + 1 for _, lv in found), n) if n else none
        ),
    }
