"""What a lexicon row means: the levels, which source wins, the lookup key, where lexicons live.

Shared by the builder (:mod:`interlang.lexicon.builder`) and the lookup
(:mod:`interlang.lexicon.lookup`), so both read a lemma and a source the same way.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["LEVELS", "PACKAGE_DATA", "SOURCE_PRIORITY", "key"]

LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")

#: Source priority when several seeds disagree: lower wins.
#: ``kelly-unrated``: KELLY-el rows marked C2 with zero corpus frequency (words carried over from
#: other languages' lists, not graded): a frequency level overrides them.
SOURCE_PRIORITY: dict[str, int] = {"cefrj": 0, "octanove": 0, "kelly": 1, "freq": 2, "kelly-unrated": 3}

PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def key(lemma: str) -> str:
    """Lookup key: lower-cased, trimmed (``lower`` rather than ``casefold`` keeps ß and final ς)."""
    return lemma.strip().lower().replace("’", "'")
