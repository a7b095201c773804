"""CEFR word lexicons (de, en, el, it, cs): built from seed lists and frequency bands, then looked up.

``build(lang)`` regenerates ``data/<lang>.tsv.gz`` reproducibly; ``Lexicon.load(lang)`` reads
the shipped file. See :mod:`interlang.lexicon.builder` for the method and
:mod:`interlang.lexicon.morph` for the morphosyntactic word classes.
"""

from __future__ import annotations

from interlang.lexicon.builder import LEVELS, BuildInfo, build, frequency_level
from interlang.lexicon.lookup import Entry, Lexicon

__all__ = ["LEVELS", "BuildInfo", "Entry", "Lexicon", "build", "frequency_level"]
