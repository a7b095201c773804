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
    #: Flesch Reading Ease constants (base, per word-per-sentence, per syllable-per-word) of
    #: the adaptation validated for this language; None where there is none.
    flesch: tuple[float, float, float] | None = None
    #: Name and source of that adaptation (or why there is none), for reports.
    flesch_source: str = ""
    #: Lemmas of modal verbs (lower case).
    modal_lemmas: frozenset[str] = field(default_factory=frozenset)
    #: Noun endings that mark a nominalisation (lower case, accents stripped).
    nominal_suffixes: tuple[str, ...] = field(default=())
    #: Particles that mark an infinitive clause ("zu", "to"); empty: the language has none.
    infinitive_markers: frozenset[str] = field(default_factory=frozenset)
    #: Connectives by the CEFR level where learners typically acquire them (lower case;
    #: multi-word entries are matched as word sequences, apostrophes ignored).
    connectives: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)


LANGUAGES: dict[str, LanguageResources] = {
    "en": LanguageResources(
        code="en",
        name="English",
        pipeline="en_interlang",
        pyphen_dict=None,
        wordfreq_code="en",
        vowels="aeiouy",
        diphthongs=("ai", "au", "ay", "ea", "ee", "ei", "eu", "ey", "ie", "oa", "oe", "oi", "oo", "ou", "oy"),
        flesch=(206.835, 1.015, 84.6),
        flesch_source="Flesch (1948)",
        modal_lemmas=frozenset(
            {"can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought"}
        ),
        nominal_suffixes=("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism"),
        infinitive_markers=frozenset({"to"}),
        connectives={
            "A1": ("and", "but", "or", "then", "also"),
            "A2": ("because", "so", "when", "if", "firstly", "after that", "later"),
            "B1": (
                "although", "however", "for example", "for instance", "while", "unless",
                "finally", "in addition", "as a result", "even though", "instead", "besides",
                "otherwise", "that is why", "first of all", "in my opinion", "so that",
            ),
            "B2": (
                "nevertheless", "furthermore", "moreover", "consequently", "therefore",
                "whereas", "in contrast", "on the other hand", "thus", "in conclusion",
                "on the contrary", "provided that", "even if", "despite this",
                "in spite of this", "as long as", "apart from this",
            ),
            "C1": (
                "nonetheless", "notwithstanding", "insofar as", "inasmuch as", "albeit",
                "hence", "thereby", "whereby", "accordingly", "conversely", "by contrast",
                "be that as it may", "to this end", "not to mention", "in light of this",
                "that being said", "all things considered", "in so far as",
            ),
        },
    ),
    "de": LanguageResources(
        code="de",
        name="German",
        pipeline="de_interlang",
        pyphen_dict="de_DE",
        wordfreq_code="de",
        vowels="aeiouyäöü",
        diphthongs=("ai", "au", "äu", "ei", "eu", "ie", "aa", "ee", "oo", "ey", "ay"),
        flesch=(180.0, 1.0, 58.5),
        flesch_source="Amstad (1978), German adaptation of Flesch",
        modal_lemmas=frozenset(
            {"können", "müssen", "dürfen", "sollen", "wollen", "mögen", "möchten"}
        ),
        nominal_suffixes=(
            "ung", "heit", "keit", "schaft", "tion", "ion", "ität", "ismus", "nis", "tum"
        ),
        infinitive_markers=frozenset({"zu"}),
        connectives={
            "A1": ("und", "aber", "oder", "dann", "auch"),
            "A2": ("weil", "dass", "wenn", "denn", "danach", "zuerst", "später", "sondern"),
            "B1": (
                "obwohl", "deshalb", "trotzdem", "damit", "während", "bevor", "nachdem",
                "außerdem", "zum beispiel", "darum", "sodass", "so dass", "seitdem", "falls",
                "zum schluss", "einerseits", "andererseits", "meiner meinung nach", "ob",
            ),
            "B2": (
                "jedoch", "dennoch", "folglich", "somit", "allerdings", "sofern", "indem",
                "zudem", "darüber hinaus", "im gegensatz dazu", "stattdessen", "deswegen",
                "schließlich", "anstatt", "es sei denn", "je nachdem", "im gegenteil",
                "zusammenfassend", "auf der anderen seite",
            ),
            "C1": (
                "insofern", "insoweit", "wohingegen", "demzufolge", "infolgedessen",
                "nichtsdestotrotz", "nichtsdestoweniger", "gleichwohl", "zumal", "demnach",
                "mithin", "hingegen", "vielmehr", "ungeachtet dessen", "angesichts dessen",
                "in anbetracht dessen", "des weiteren", "dementsprechend",
            ),
        },
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
        flesch=None,
        flesch_source="no validated Flesch adaptation for Greek",
        modal_lemmas=frozenset({"μπορώ", "πρέπει", "οφείλω", "μπορεί"}),
        # -ση/-ξη/-ψη (λύση, ανάπτυξη), -σμός, -ότητα, -μα (πρόβλημα), -εία (λειτουργία).
        nominal_suffixes=("ση", "ξη", "ψη", "σμος", "τητα", "μα", "εια"),
        connectives={
            "A1": ("και", "αλλά", "ή", "μετά"),
            "A2": ("γιατί", "επειδή", "όταν", "αν", "επίσης", "πρώτα", "ότι", "λοιπόν"),
            "B1": (
                "όμως", "ενώ", "αν και", "παρόλο που", "για παράδειγμα", "γι αυτό", "έτσι",
                "οπότε", "πριν", "αφού", "τελικά", "άρα", "κατά τη γνώμη μου",
            ),
            "B2": (
                "ωστόσο", "επομένως", "επιπλέον", "συνεπώς", "παρ όλα αυτά", "από την άλλη",
                "αντίθετα", "εφόσον", "καθώς", "εξάλλου", "επιπροσθέτως", "συμπερασματικά",
                "με άλλα λόγια", "αντιθέτως",
            ),
            "C1": (
                "εντούτοις", "μολονότι", "παρά ταύτα", "ως εκ τούτου", "κατά συνέπεια",
                "δεδομένου ότι", "προκειμένου να", "ούτως ώστε", "εν τούτοις", "εν κατακλείδι",
                "παρά το γεγονός ότι", "καθότι",
            ),
        },
    ),
    "it": LanguageResources(
        code="it",
        name="Italian",
        pipeline=None,  # no UD pipeline ships: the rule-based backend (tokens, sentences, lemmas)
        pyphen_dict="it_IT",
        wordfreq_code="it",
        vowels="aeiouàèéìíòóùú",
        diphthongs=("ia", "ie", "io", "iu", "ua", "ue", "uo", "ui", "ai", "ei", "oi", "au", "eu"),
        # Franchina & Vacca: 217 - 1.3 words/sentence - 0.6 syllables per 100 words.
        flesch=(217.0, 1.3, 60.0),
        flesch_source="Franchina & Vacca (1986), Italian adaptation of Flesch",
        modal_lemmas=frozenset({"potere", "dovere", "volere", "sapere"}),
        nominal_suffixes=("zione", "sione", "mento", "ita", "ezza", "enza", "anza", "ismo", "tura"),
        connectives={
            "A1": ("e", "ma", "o", "poi", "anche"),
            "A2": ("perché", "quando", "se", "allora", "dopo", "prima", "però", "oppure", "quindi"),
            "B1": (
                "anche se", "per esempio", "ad esempio", "mentre", "invece", "infatti", "secondo me",
                "comunque", "inoltre", "purtroppo", "alla fine", "prima di tutto", "così", "cioè",
            ),
            "B2": (
                "tuttavia", "pertanto", "dunque", "sebbene", "benché", "nonostante", "d'altra parte",
                "in conclusione", "a meno che", "in realtà", "di conseguenza", "al contrario",
                "in effetti", "per quanto riguarda", "malgrado",
            ),
            "C1": (
                "ciononostante", "nondimeno", "qualora", "laddove", "allorché", "giacché", "poiché",
                "alla luce di", "in virtù di", "ove", "ossia", "per giunta", "ciò nonostante",
            ),
        },
    ),
    "cs": LanguageResources(
        code="cs",
        name="Czech",
        pipeline=None,  # no UD pipeline ships: the rule-based backend (tokens, sentences, lemmas)
        pyphen_dict="cs_CZ",
        wordfreq_code="cs",
        vowels="aeiouyáéěíóúůý",
        diphthongs=("ou", "au", "eu"),
        flesch=None,
        flesch_source="no validated Flesch adaptation for Czech",
        modal_lemmas=frozenset({"moci", "muset", "chtít", "smět", "umět", "mít"}),
        nominal_suffixes=("ost", "ani", "eni", "stvi", "ace", "ismus", "tel"),
        connectives={
            "A1": ("a", "ale", "nebo", "pak", "taky", "také"),
            "A2": ("protože", "když", "jestli", "potom", "proto", "že", "nejdřív"),
            "B1": (
                "i když", "například", "zatímco", "takže", "pokud", "nakonec", "podle mě",
                "místo toho", "kromě toho", "hlavně", "třeba", "totiž",
            ),
            "B2": (
                "avšak", "nicméně", "ačkoli", "ačkoliv", "přestože", "naopak", "na druhou stranu",
                "navíc", "tedy", "závěrem", "v důsledku toho", "mimo to",
            ),
            "C1": (
                "jelikož", "pročež", "leč", "nýbrž", "byť", "tudíž", "vzhledem k tomu",
                "ježto", "pakliže", "jakož i", "nehledě na to",
            ),
        },
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
