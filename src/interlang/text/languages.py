"""Per-language resources in one table, like textstat's per-language constants.

Adding a language means adding one :class:`LanguageResources` row (and, ideally, a trained
pipeline under ``text/pipelines/``); nothing else in the code branches on language codes
except through this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interlang.errors import UnsupportedLanguage


@dataclass(frozen=True)
class LanguageResources:
    code: str
    name: str
    #: Folder name of the shipped spaCy pipeline under ``interlang/text/trained`` (None: fallback).
    pipeline: str | None
    #: pyphen dictionary used for syllables (None: CMUdict, English).
    pyphen_dict: str | None
    #: Language code understood by wordfreq and simplemma.
    wordfreq_code: str
    #: Letters that count as vowels for the rule-based syllable fallback.
    vowels: str
    #: Vowel sequences pronounced as one nucleus (fallback syllabifier).
    diphthongs: tuple[str, ...] = field(default=())


LANGUAGES: dict[str, LanguageResources] = {
    "en": LanguageResources(
        code="en",
        name="English",
        pipeline="en_interlang",
        pyphen_dict=None,
        wordfreq_code="en",
        vowels="aeiouy",
        diphthongs=("ai", "au", "ay", "ea", "ee", "ei", "eu", "ey", "ie", "oa", "oe", "oi", "oo", "ou", "oy"),
    ),
    "de": LanguageResources(
        code="de",
        name="German",
        pipeline="de_interlang",
        pyphen_dict="de_DE",
        wordfreq_code="de",
        vowels="aeiouyäöü",
        diphthongs=("ai", "au", "äu", "ei", "eu", "ie", "aa", "ee", "oo", "ey", "ay"),
    ),
    "el": LanguageResources(
        code="el",
        name="Greek",
        pipeline="el_interlang",
        pyphen_dict="el_GR",
        wordfreq_code="el",
        vowels="αεηιουωάέήίόύώϊϋΐΰ",
        diphthongs=(
            "αι", "ει", "οι", "ου", "υι", "αυ", "ευ", "ηυ",
            "αί", "εί", "οί", "ού", "υί", "αύ", "εύ", "ηύ",
        ),
    ),
}


def get_language(code: str) -> LanguageResources:
    """Resources for ``code`` (case-insensitive; ``de-AT`` → ``de``)."""
    key = code.lower().replace("_", "-").split("-")[0]
    try:
        return LANGUAGES[key]
    except KeyError:
        raise UnsupportedLanguage(code, sorted(LANGUAGES)) from None


def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(LANGUAGES))
