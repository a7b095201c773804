"""Readability formulas (Appendix 11.1, group 2) and the paper's Amstad Flesch.

All formulas are computed from :class:`~interlang.features.basic.SurfaceCounts` (see that
module for what counts as a word, sentence, character). With W = alpha words, S = sentences,
Y = syllables, P = polysyllables (≥ 3 syllables), C = letters+digits, L = letters:

* Wiener Sachtextformel, first variant (Bamberger & Vanecek 1984), German only:
  ``0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875`` with MS = % of words with ≥ 3
  syllables, SL = W/S, IW = % of words with > 6 letters, ES = % of one-syllable words. It is a
  regression on German school-grade judgements, so for other languages it is unavailable.
* Flesch (Amstad 1978), German only: ``180 − W/S − 58.5·Y/W``.
* Flesch–Kincaid Grade (Kincaid et al. 1975): ``0.39·W/S + 11.8·Y/W − 15.59``.
* Gunning Fog (1952): ``0.4·(W/S + 100·P/W)`` (all words of ≥ 3 syllables count as complex;
  Gunning's exceptions for proper nouns and -ed/-es/-ing are not applied).
* SMOG (McLaughlin 1969): ``1.0430·√(P·30/S) + 3.1291``; the 30/S normalisation is the
  standard way to apply it to texts with fewer (or more) than 30 sentences.
* ARI (Smith & Senter 1967): ``4.71·C/W + 0.5·W/S − 21.43``.
* Coleman–Liau (1975): ``0.0588·(100·L/W) − 0.296·(100·S/W) − 15.8`` (textstat rounds the
  first constant to 0.058).
* Average syllables per word ``Y/W`` and characters per word ``C/W``.

Flesch–Kincaid, Fog, SMOG, ARI and Coleman–Liau were calibrated on English; the paper applies
them to German unchanged, and so do we (for every language): they are features, not grades.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from interlang.features.base import Feature, Unavailable, Value, extractor, safe_div
from interlang.features.basic import SurfaceCounts, flesch_reading_ease, surface_counts
from interlang.text.document import Document


def wiener_sachtextformel(c: SurfaceCounts) -> float:
    """First Wiener Sachtextformel (German school grade, 4 = easy … 15 = very hard)."""
    ms = 100 * safe_div(c.polysyllables, c.alpha_words)
    iw = 100 * safe_div(c.long_words, c.alpha_words)
    es = 100 * safe_div(c.monosyllables, c.alpha_words)
    return 0.1935 * ms + 0.1672 * c.words_per_sentence + 0.1297 * iw - 0.0327 * es - 0.875


def flesch_kincaid_grade(c: SurfaceCounts) -> float:
    return 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59


def gunning_fog(c: SurfaceCounts) -> float:
    return 0.4 * (c.words_per_sentence + 100 * safe_div(c.polysyllables, c.alpha_words))


def smog(c: SurfaceCounts) -> float:
    return 1.0430 * math.sqrt(safe_div(c.polysyllables * 30, c.sentences)) + 3.1291


def automated_readability_index(c: SurfaceCounts) -> float:
    return 4.71 * safe_div(c.characters, c.alpha_words) + 0.5 * c.words_per_sentence - 21.43


def coleman_liau(c: SurfaceCounts) -> float:
    letters_per_100 = 100 * safe_div(c.letters, c.alpha_words)
    sentences_per_100 = 100 * safe_div(c.sentences, c.alpha_words)
    return 0.0588 * letters_per_100 - 0.296 * sentences_per_100 - 15.8


def _f(name: str, label: str, description: str, unit: str, languages: set[str] | None = None) -> Feature:
    return Feature(
        name, "readability", description, unit, frozenset(languages) if languages else None, label=label
    )


_FEATURES = [
    _f(
        "read_wstf", "Wiener Sachtextformel",
        "Wiener Sachtextformel (first variant): German school grade 4–15; higher is harder.",
        "grade",
        {"de"},
    ),
    _f(
        "read_flesch_amstad", "Flesch–Amstad Reading Ease",
        "Flesch Reading Ease, Amstad's German adaptation (180 − ASL − 58.5·ASW); higher is easier. "
        "Same value as basic_flesch_reading_ease for German.",
        "score",
        {"de"},
    ),
    _f("read_flesch_kincaid", "Flesch–Kincaid Grade Level", "Flesch–Kincaid Grade Level (English-calibrated).", "grade"),
    _f("read_gunning_fog", "Gunning Fog Index", "Gunning Fog index (English-calibrated).", "grade"),
    _f("read_smog", "SMOG Index", "SMOG index, normalised to 30 sentences (English-calibrated).", "grade"),
    _f("read_ari", "Automated Readability Index", "Automated Readability Index (English-calibrated).", "grade"),
    _f("read_coleman_liau", "Coleman–Liau Index", "Coleman–Liau index (English-calibrated).", "grade"),
    _f("read_syllables_per_word", "Syllables per word", "Average syllables per word.", "syllables/word"),
    _f("read_chars_per_word", "Characters per word", "Average letters and digits per word.", "characters/word"),
]


@extractor("readability", _FEATURES)
def readability_features(doc: Document) -> Mapping[str, Value]:
    """Group 2: the seven formulas of the paper's readability vote plus two averages."""
    c = surface_counts(doc)
    if not c.alpha_words or not c.sentences:
        reason = Unavailable("no words with letters")
        return {f.name: reason for f in _FEATURES}
    return {
        "read_wstf": wiener_sachtextformel(c),
        "read_flesch_amstad": flesch_reading_ease(c, "de"),
        "read_flesch_kincaid": flesch_kincaid_grade(c),
        "read_gunning_fog": gunning_fog(c),
        "read_smog": smog(c),
        "read_ari": automated_readability_index(c),
        "read_coleman_liau": coleman_liau(c),
        "read_syllables_per_word": c.syllables_per_word,
        "read_chars_per_word": safe_div(c.characters, c.alpha_words),
    }
