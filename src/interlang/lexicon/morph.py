"""Morphosyntactic word classes: irregular verbs, separable verbs, compounds, internationalisms.

The CEFR paper took these from Wiktionary, which is not available offline; these are the
project's own resources and rules (irregular verb lists in ``resources/``, prefix lists and
suffix rules below, compound splitting against wordfreq). Each function is a pure word-level
test, so the document-level features in :mod:`interlang.features.morphosyntax` stay thin.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from interlang.text.languages import get_language

_RESOURCES = Path(__file__).resolve().parent / "resources"

#: German separable verb particles (stressed, detachable in main clauses), longest first.
SEPARABLE_PREFIXES_DE: tuple[str, ...] = tuple(
    sorted(
        {
            "ab", "an", "auf", "aus", "bei", "da", "dabei", "dar", "davon", "dazu", "ein", "empor",
            "entgegen", "fern", "fest", "fort", "frei", "heim", "her", "herab", "heran", "herauf",
            "heraus", "herbei", "herein", "herüber", "herum", "herunter", "hervor", "hin", "hinab",
            "hinauf", "hinaus", "hinein", "hinüber", "hinunter", "hinzu", "kennen", "los", "mit",
            "nach", "nieder", "statt", "teil", "vor", "voran", "voraus", "vorbei", "vorüber", "weg",
            "weiter", "wieder", "zu", "zurecht", "zurück", "zusammen",
        },
        key=lambda p: (-len(p), p),
    )
)  # fmt: skip
#: Inseparable verb prefixes (never detach), used when looking up a prefixed verb's base.
INSEPARABLE_PREFIXES_DE: tuple[str, ...] = ("miss", "emp", "ent", "zer", "be", "er", "ge", "ver")
#: Prefixed verbs that are weak although their base is strong (denominal or re-formed verbs).
_WEAK_DE = frozenset({"begleiten", "bereiten", "bewegen", "veranlassen", "beauftragen", "vorbereiten", "bekleiden", "beinhalten", "verhalten"})
_PREFIXES_EN: tuple[str, ...] = ("under", "over", "with", "fore", "out", "mis", "un", "up", "re")
_WEAK_EN = frozenset({"relay", "refit", "rebound", "resound", "remind", "research", "outfit", "unwind"})
_IRREGULAR_ENDINGS_EL: tuple[str, ...] = ("βαίνω", "λαμβάνω", "φέρνω", "βγαίνω", "τυχαίνω", "μαθαίνω", "λαβαίνω", "στέλνω", "έρχομαι")

#: Linking elements between German compound parts.
LINKING_DE: tuple[str, ...] = ("es", "en", "er", "s", "n", "e")
#: Words that look like compound parts but are derivational suffixes or particles.
_NOT_PARTS_DE = frozenset(
    {
        "ung", "heit", "keit", "schaft", "nis", "tum", "chen", "lein", "ling", "ion", "tät", "ität",
        "ismus", "ist", "ant", "ent", "enz", "ler", "ner", "erei", "bar", "lich", "los", "sam", "haft",
        "ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "zu", "um", "über", "unter",
        "durch", "gegen", "ohne", "hin", "her", "weg", "wie", "was", "der", "die", "das", "den", "dem",
        "des", "ich", "sie", "wir", "ihr", "und", "oder", "aber", "nicht", "mehr", "voll", "ver", "zer",
        "ers", "eine", "einer", "einen", "ins", "ans", "aufs", "vom", "zum", "zur", "bis", "sich",
        "ten", "ter", "ren", "tor", "gen", "men", "sen", "ste", "sten", "ene", "ens", "sch", "unte",
    }
)  # fmt: skip
_NOT_PARTS_EN = frozenset(
    {
        "the", "and", "for", "her", "him", "his", "its", "our", "out", "off", "one", "any", "all",
        "how", "who", "what", "when", "where", "there", "here", "some", "every", "ever", "with",
        "into", "onto", "upon", "under", "over", "them", "they", "then", "than", "not", "nor",
        "ion", "ing", "ment", "ness", "less", "ful", "able", "ship", "hood", "dom", "ism", "ist", "ate",
    }
)  # fmt: skip

#: German loan-word suffix → English spellings of the same suffix (for the cognate check).
INTERNATIONAL_SUFFIXES_DE: dict[str, tuple[str, ...]] = {
    "ation": ("ation",),
    "ion": ("ion",),
    "ität": ("ity",),
    "ismus": ("ism",),
    "istisch": ("istic",),
    "ist": ("ist",),
    "ieren": ("", "e", "ate", "y", "ize", "ise"),
    "ik": ("ic", "ics"),
    "isch": ("ic", "ical"),
    "ur": ("ure",),
    "ie": ("y", "ie"),
    "iv": ("ive",),
    "ös": ("ous",),
    "ell": ("al",),
    "al": ("al",),
    "enz": ("ence", "ency"),
    "anz": ("ance",),
    "ent": ("ent",),
    "ant": ("ant",),
    "eur": ("eur", "or", "er"),
    "age": ("age",),
    "ade": ("ade",),
    "ment": ("ment",),
    "em": ("em",),
    "är": ("ary", "ar"),
    "ar": ("ar", "ary"),
    "on": ("one", "on"),
}
#: English Latinate / international suffixes.
INTERNATIONAL_SUFFIXES_EN: tuple[str, ...] = (
    "tion", "sion", "ity", "ous", "ive", "ment", "ance", "ence", "ism", "ist", "ize", "ise", "ate",
    "ure", "ible", "able", "al", "ic", "ical", "ory", "ary", "ant", "ent", "logy", "graphy",
)  # fmt: skip
_NOT_INTERNATIONAL_EN = frozenset({"otherwise", "likewise", "clockwise", "ashore", "sometimes", "comfortable"})


@lru_cache(maxsize=4)
def irregular_verbs(lang: str) -> frozenset[str]:
    """The shipped irregular verb list of ``lang`` (empty if none)."""
    path = _RESOURCES / f"irregular_verbs_{get_language(lang).code}.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def is_irregular_verb(lemma: str, lang: str) -> bool:
    """Whether a verb lemma is irregular, prefixed derivatives included (``ankommen``, ``overcome``)."""
    code = get_language(lang).code
    word = lemma.strip().lower()
    verbs = irregular_verbs(code)
    if code == "de":
        return _irregular_de(word, verbs, depth=2)
    if code == "en":
        if word in _WEAK_EN:
            return False
        if word in verbs:
            return True
        return any(word.startswith(p) and word[len(p) :] in verbs and len(word) - len(p) >= 2 for p in _PREFIXES_EN)
    if code == "el":
        return word in verbs or word.endswith(_IRREGULAR_ENDINGS_EL)
    return False


def _irregular_de(word: str, verbs: frozenset[str], depth: int) -> bool:
    if word in _WEAK_DE:
        return False
    if word in verbs:
        return True
    if depth == 0:
        return False
    for p in (*SEPARABLE_PREFIXES_DE, *INSEPARABLE_PREFIXES_DE):
        rest = word[len(p) :]
        if word.startswith(p) and len(rest) >= 3 and _irregular_de(rest, verbs, depth - 1):
            return True
    return False


def separable_prefix_de(lemma: str) -> str | None:
    """The separable particle of a German verb lemma (``anrufen`` → ``an``), else None.

    The remainder must itself be a verb infinitive known to wordfreq (``antworten`` is not
    *an* + *tworten*); an inseparable prefix after the particle is allowed (``anerkennen``).
    """
    word = lemma.strip().lower()
    for p in SEPARABLE_PREFIXES_DE:
        rest = word[len(p) :]
        if word.startswith(p) and len(rest) >= 3 and rest.endswith(("en", "ern", "eln")) and _zipf(rest, "de") >= 2.5:
            return p
    return None


# ----------------------------------------------------------------------------- frequencies


@lru_cache(maxsize=4)
def _freq_dict(lang: str) -> Any:
    from interlang.resources import wordfreq_table

    return wordfreq_table(get_language(lang).wordfreq_code, "best")


def _zipf(word: str, lang: str) -> float:
    """Zipf frequency of an exact lower-case form (0 when wordfreq does not know it)."""
    f = _freq_dict(lang).get(word.casefold(), 0.0)  # wordfreq keys are case-folded (ß→ss, ς→σ)
    return math.log10(f * 1e9) if f > 0 else 0.0


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of a word form, 0 for unknown forms."""
    return _zipf(word.lower(), lang)


# ----------------------------------------------------------------------------- compounds


def split_compound(word: str, lang: str) -> list[str] | None:
    """Parts of a closed compound (``Bahnhofsuhr`` → bahnhof, uhr), or None.

    German: two or more parts of at least 3 letters known to wordfreq (Zipf ≥ 3 for
    modifiers, ≥ 2.5 for the head), joined by optional linking elements
    (-s-, -es-, -n-, -en-, -e-, -er-) or with an elided -e (*Schulbuch*). English: hyphenated
    words whose parts are all words, or closed compounds of two known words (Zipf ≥ 3.5).
    """
    code = get_language(lang).code
    w = word.strip().lower()
    if code == "en":
        if "-" in w:
            parts = [p for p in w.split("-")]
            if len(parts) >= 2 and all(len(p) >= 2 and p.isalpha() and _zipf(p, "en") >= 3.0 for p in parts):
                return parts
            return None
        return _split_en(w)
    if code == "de":
        if "-" in w:
            parts = w.split("-")
            if len(parts) >= 2 and all(len(p) >= 2 and p.isalpha() for p in parts):
                return parts
            return None
        result = _split_de(w, 0)
        return list(result) if result else None
    return None


def _split_en(w: str) -> list[str] | None:
    if len(w) < 6 or not w.isalpha():
        return None
    for i in range(len(w) - 3, 2, -1):
        left, right = w[:i], w[i:]
        if left in _NOT_PARTS_EN or right in _NOT_PARTS_EN:
            continue
        if _zipf(left, "en") >= 3.5 and _zipf(right, "en") >= 3.5:
            return [left, right]
    return None


@lru_cache(maxsize=65536)
def _is_german_word(part: str) -> bool:
    """Known to simplemma's German dictionary (filters wordfreq's URL and English debris)."""
    import simplemma

    return bool(simplemma.is_known(part, lang="de") or simplemma.is_known(part[:1].upper() + part[1:], lang="de"))


def _known_head_de(part: str) -> bool:
    return len(part) >= 3 and part not in _NOT_PARTS_DE and _zipf(part, "de") >= 2.5 and _is_german_word(part)


def _modifier_ok(part: str) -> bool:
    return len(part) >= 3 and part not in _NOT_PARTS_DE and _zipf(part, "de") >= 3.0 and _is_german_word(part)


def _known_modifier_de(part: str) -> str | None:
    """The modifier as a known word (with its linking element or elided -e undone), else None.

    Of the readings *part*, *part* minus a linking element and *part* + e, the most frequent
    known word wins: ``haus`` stays *haus* (not *hau* + s), ``bahnhofs`` is *bahnhof* + s.
    """
    candidates = [part] + [part[: -len(link)] for link in LINKING_DE if part.endswith(link)]
    if part not in _NOT_PARTS_DE:
        candidates.append(part + "e")  # elided -e: Schul-buch
    known = [c for c in candidates if _modifier_ok(c)]
    return max(known, key=lambda c: (_zipf(c, "de"), c)) if known else None


@lru_cache(maxsize=65536)
def _split_de(w: str, depth: int) -> tuple[str, ...] | None:
    if depth > 3 or len(w) < 6 or not w.isalpha():
        return None
    # German compounds are right-headed: take the longest known head with a known modifier
    # (Bahnhofs|uhr), then split the modifier further (Bahn|hof|uhr).
    for i in range(3, len(w) - 2):
        left, right = w[:i], w[i:]
        modifier = _known_modifier_de(left)
        if modifier is not None and _known_head_de(right):
            inner = _split_de(modifier, depth + 1)
            return (*(inner or (modifier,)), right)
    # No known head: the head may itself be a compound (Freizeit|aktivitäten is found above).
    for i in range(3, len(w) - 5):
        left, right = w[:i], w[i:]
        modifier = _known_modifier_de(left)
        if modifier is None:
            continue
        rest = _split_de(right, depth + 1)
        if rest:
            return (modifier, *rest)
    return None


# ----------------------------------------------------------------------------- internationalisms


def _strip_umlauts(text: str) -> str:
    text = text.replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _english_spellings(stem: str) -> set[str]:
    """German-to-English spelling variants of a stem (k→c, z→c, f→ph, umlauts dropped)."""
    base = _strip_umlauts(stem)
    variants = {base}
    for old, new in (("k", "c"), ("z", "c"), ("f", "ph"), ("ll", "l")):
        variants |= {v.replace(old, new) for v in variants}
    return variants


@lru_cache(maxsize=100_000)
def is_international(lemma: str, lang: str) -> bool:
    """Whether a word is an internationalism (Latin/Greek/French loan shared across languages).

    German: a loan-word suffix (-ion, -ität, -ismus, -ist, -ieren, -ik, -ur, -ie, …) *and* an
    English word of similar spelling (*Universität* ~ university, *Kultur* ~ culture).
    English: a Latinate suffix (-tion, -ity, -ous, -ive, -ment, …) on a word of 6+ letters.
    Other languages: no rule (always False; the feature reports itself unavailable).
    """
    code = get_language(lang).code
    w = lemma.strip().lower()
    if not w.isalpha():
        return False
    if code == "en":
        if len(w) < 6 or w in _NOT_INTERNATIONAL_EN:
            return False
        return w.endswith(INTERNATIONAL_SUFFIXES_EN)
    if code != "de" or len(w) < 5:
        return False
    for suffix, english in sorted(INTERNATIONAL_SUFFIXES_DE.items(), key=lambda kv: -len(kv[0])):
        if not w.endswith(suffix):
            continue
        stem = w[: -len(suffix)]
        if len(stem) < 2:
            continue
        for variant in _english_spellings(stem):
            for ending in english:
                if _zipf(variant + ending, "en") >= 2.5:
                    return True
    return False
