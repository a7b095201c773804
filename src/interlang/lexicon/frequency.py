"""Frequency bands: wordfreq word-form frequencies aggregated per simplemma lemma, then ranked.

Lemma ranks are cut into the paper's bands (1–2k A1, 2k–5k A2, 5k–10k B1, 10k–20k B2,
20k–35k C1, beyond C2) up to :data:`RANK_CAP`.
"""

from __future__ import annotations

import re
from collections import defaultdict

from interlang.lexicon.schema import key
from interlang.text.languages import get_language

__all__ = ["BANDS", "RANK_CAP", "frequency_level", "lemma_candidates", "rank_lemmas", "restore_spelling"]

#: Upper rank bounds (inclusive) of the paper's frequency bands.
BANDS: tuple[tuple[int, str], ...] = (
    (2_000, "A1"),
    (5_000, "A2"),
    (10_000, "B1"),
    (20_000, "B2"),
    (35_000, "C1"),
)
#: Lemmas ranked beyond this are left out (C2 covers ranks 35,001 to the cap).
RANK_CAP = 60_000

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def frequency_level(rank: int) -> str:
    """CEFR band of a 1-based lemma frequency rank."""
    for bound, level in BANDS:
        if rank <= bound:
            return level
    return "C2"


def lemma_candidates(word: str, lang: str) -> list[tuple[str, float]]:
    """Lemmas a lower-cased wordfreq form stands for, with the share of its frequency.

    wordfreq lower-cases everything, which hides German noun capitalisation: ``arbeit`` is
    lemmatised to *abarbeiten* but ``Arbeit`` to *Arbeit*. For German both spellings are
    lemmatised; where exactly one reading leaves the form unchanged (a base form) and the other
    does not, the form is ambiguous (``hat``: *haben*/*Hat*; ``sagen``: *sagen*/*Sage*) and
    the frequency is split evenly; otherwise the lower-case reading wins (``guten`` → *gut*).
    Two exceptions credit the noun: the verb reading is only an imperative (``haus`` →
    *hausen*, ``tag`` → *tagen*), or simplemma guessed a prefix (``arbeit`` → *abarbeiten*).
    """
    import simplemma

    lower = str(simplemma.lemmatize(word, lang=lang))
    if lang != "de":
        return [(lower, 1.0)]
    cap = str(simplemma.lemmatize(word[:1].upper() + word[1:], lang=lang))
    if "|" in cap or key(cap) == key(lower):
        return [(lower, 1.0)]
    lower_is_base = key(lower) == word
    cap_is_base = key(cap) == word
    if cap_is_base and not lower_is_base:
        lk = key(lower)
        if lk == word + "en" or lk == word + "n" or (word in lk and not lk.startswith(word)):
            return [(cap, 1.0)]
    if lower_is_base != cap_is_base:
        return [(lower, 0.5), (cap, 0.5)]
    return [(lower, 1.0)]


def keep_form(word: str, lang: str) -> bool:
    """Whether a wordfreq form is a word worth ranking (letters; single letters only where they are words)."""
    if not _WORD_RE.fullmatch(word):
        return False
    if len(word) == 1:
        return (lang == "en" and word in {"a", "i"}) or lang == "el"
    return True


#: ``ss`` that stands for ß: after a diphthong or long ie, or in a common long-vowel stem.
_ESZETT_RE = re.compile(r"(?:ei|ai|au|äu|eu|ie)ss|(?:stra|gro|grö|fu|fü|spa|gru|grü|sü|blo|sto|stö|so|klo|klö|bu|bü|gemä|mä)ss")


def restore_spelling(form: str, lang: str) -> str:
    """Undo wordfreq's case-folding where it breaks lemmatisation.

    Greek final sigma comes back as ς (``τησ`` → ``της``); a German ``ss`` becomes ``ß`` where
    standard spelling has ß (``strasse`` → ``straße``, ``weiss`` → ``weiß``) but not after a
    short vowel (``dass``, ``muss``, ``wasser`` stay).
    """
    if lang == "el":
        return re.sub(r"σ\b", "ς", form)
    if lang == "de" and "ss" in form:
        return _ESZETT_RE.sub(lambda m: m.group(0)[:-2] + "ß", form)
    return form


def rank_lemmas(lang: str, cap: int = RANK_CAP) -> list[tuple[str, float]]:
    """``(lemma, aggregated frequency)`` best first, ties broken by lemma for reproducibility."""
    import wordfreq

    code = get_language(lang).wordfreq_code
    freqs = wordfreq.get_frequency_dict(code, wordlist="best")
    total: dict[str, float] = defaultdict(float)
    display: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for form, freq in freqs.items():
        if not keep_form(form, lang):
            continue
        word = restore_spelling(form, lang)
        for lemma, share in lemma_candidates(word, lang):
            k = key(lemma)
            if not k or "|" in k:
                continue
            total[k] += freq * share
            display[k][lemma] += freq * share
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
    # Show the best-attested spelling (German nouns capitalised when simplemma gives them so).
    return [(max(display[k].items(), key=lambda kv: (kv[1], kv[0]))[0], f) for k, f in ranked]
