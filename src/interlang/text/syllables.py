"""Syllable counts: CMUdict for English, pyphen + vowel nuclei for German, rules for Greek.

Readability formulas (Flesch, SMOG, Wiener Sachtextformel) need syllables; getting them wrong
shifts every score. Nothing here downloads at run time (textstat's English counter calls
``nltk.download``).

* **English**: CMUdict (first, citation pronunciation); out-of-dictionary words count vowel
  groups with a silent-final-e rule.
* **German**: pyphen's hyphenation patterns split the word, then each piece counts its vowel
  nuclei, where the digraphs ``ai au äu ei eu ie aa ee oo ay ey`` are one nucleus and any other
  adjacent vowels are a hiatus (``The-a-ter``, ``Si-tu-a-ti-on``), which pyphen often leaves
  unsplit; pieces without a vowel (pyphen's stray ``eu-r-o-pa``) count nothing.
* **Greek**: orthography is close to phonemic, so a rule counter beats the hyphenation
  patterns: ``αι ει οι υι ου αυ ευ ηυ`` are one nucleus unless the first vowel carries the
  accent or the second a diaeresis (``τσά-ι``, ``χα-ϊ-δεύ-ω``); an unaccented ``ι υ ει οι``
  after a consonant and before a vowel merges with it (synizesis: ``παι-διά``, ``ποιος``);
  an accented vowel + ``ι`` before a consonant is one falling diphthong (``κο-ρόι-δο``).

Every word with at least one letter has at least one syllable; tokens without letters have 0.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from interlang.text.languages import LanguageResources, get_language


@lru_cache(maxsize=1)
def _cmudict() -> Any:
    """Word → syllables of its citation pronunciation (decoded once, cached on disk)."""
    from interlang.resources import cmudict_syllables

    return cmudict_syllables()


@lru_cache(maxsize=8)
def _pyphen(dict_name: str) -> Any:
    from interlang.resources import pyphen_hyphenator

    # pyphen's default margins (2, 2): with 1 it splits single letters ("i-de-e", "mau-e-r").
    return pyphen_hyphenator(dict_name)


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def _has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)


def _english_nuclei(w: str) -> int:
    """Vowel groups with a silent final e ("make", "time"), for words outside CMUdict."""
    res = get_language("en")
    count = 0
    prev_vowel = False
    for c in w:
        is_vowel = c in res.vowels
        if is_vowel and not prev_vowel:
            count += 1
        prev_vowel = is_vowel
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return count


def _piece_nuclei(w: str, res: LanguageResources) -> int:
    """Vowel nuclei in one hyphenation piece: listed digraphs are one, other vowel pairs two."""
    count = 0
    i = 0
    while i < len(w):
        c = w[i]
        if c == "u" and i > 0 and w[i - 1] == "q":  # "qu" is /kv/
            i += 1
            continue
        if c == "y" and i == 0 and len(w) > 1 and w[1] in res.vowels:  # "Yoga"
            i += 1
            continue
        if w[i : i + 2] in res.diphthongs:
            count += 1
            i += 2
            continue
        if c in res.vowels:
            count += 1
        i += 1
    return count


_GREEK_ACCENTED = set("άέήίόύώΐΰ")
_GREEK_DIAERESIS = set("ϊϋΐΰ")
_GREEK_I_LIKE = {"ι", "υ", "ει", "οι", "υι"}


def _greek_groups(w: str) -> list[tuple[bool, list[str], bool]]:
    """Runs of adjacent vowel units (a vowel letter or a digraph), each with whether a
    consonant letter precedes and follows the run."""
    res = get_language("el")
    groups: list[tuple[bool, list[str], bool]] = []
    current: list[str] = []
    prev_consonant = False
    i = 0
    while i < len(w):
        c = w[i]
        if c not in res.vowels:
            if current:
                current = []
            prev_consonant = c.isalpha()
            i += 1
            continue
        if not current:
            groups.append((prev_consonant, current, False))
        two = w[i : i + 2]
        step = 2 if two in res.diphthongs else 1
        current.append(w[i : i + step])
        i += step
        if i < len(w) and w[i] not in res.vowels and w[i].isalpha():
            groups[-1] = (groups[-1][0], current, True)
    return groups


def _greek_count(w: str) -> int:
    total = 0
    for after_consonant, units, before_consonant in _greek_groups(w):
        n = len(units)
        for j in range(len(units) - 1):
            unit, nxt = units[j], units[j + 1]
            if nxt == "ι" and unit in _GREEK_ACCENTED and before_consonant and j == len(units) - 2:
                n -= 1  # "κο-ρόι-δο", "νε-ράι-δα": accented vowel + ι before a consonant
            elif (
                unit in _GREEK_I_LIKE  # unaccented, no diaeresis (those are other strings)
                and (j > 0 or after_consonant)
                and nxt[0] not in _GREEK_DIAERESIS
            ):
                n -= 1  # synizesis: the i-sound glides onto the next vowel
        total += n
    return total


def count_nuclei(word: str, lang: str) -> int:
    """Rule-based count for ``word`` (no dictionary): at least 1 if it has a letter."""
    w = _norm(word)
    if not _has_letter(w):
        return 0
    code = get_language(lang).code
    if code == "en":
        n = _english_nuclei(w)
    elif code == "el":
        n = _greek_count(w)
    else:
        n = _piece_nuclei(w, get_language(code))
    return max(n, 1)


_NON_LETTER = re.compile(r"[^\w'-]+")


@lru_cache(maxsize=200_000)
def syllable_count(word: str, lang: str) -> int:
    """Number of syllables in ``word``; 0 for tokens without letters."""
    word = _NON_LETTER.sub("", word)
    if not _has_letter(word):
        return 0
    res = get_language(lang)
    if "-" in word.strip("-"):
        # Hyphenated compounds ("E-Mail", "well-known"): sum their parts.
        parts = [p for p in word.split("-") if _has_letter(p)]
        if len(parts) > 1:
            return sum(syllable_count(p, lang) for p in parts)
    w = _norm(word).strip("-'")
    if res.code == "en":
        # The first (citation) pronunciation, as textstat and most readability tools do:
        # later entries are reduced forms ("fam-ly") that would lower every score.
        known = _cmudict().get(w)
        if known:
            return known
        return count_nuclei(w, lang)
    if res.code == "el" or res.pyphen_dict is None:
        return count_nuclei(w, lang)
    pieces = _pyphen(res.pyphen_dict).inserted(w, hyphen="\u00ad").split("\u00ad")
    n = sum(_piece_nuclei(p, res) for p in pieces)
    return max(n, 1)
