"""CEFR vocabulary profile (Appendix 11.1, groups 3 and 4) and word-frequency features.

Each counted token is looked up in the language's CEFR lexicon (:mod:`interlang.lexicon`) by
lemma (and UPOS when tagged). Counted tokens are words with a letter, minus proper nouns and
numbers: with a tagger, tokens tagged PROPN or NUM; without one, in English and Greek,
capitalised words that do not start a sentence (German capitalises every noun, so no such
heuristic is applied there and names stay in the count).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from interlang.features.base import Feature, Unavailable, Value, extractor, safe_div
from interlang.lexicon import LEVELS, Lexicon
from interlang.lexicon.lookup import Entry, document_lexicon, look_up_token
from interlang.lexicon.morph import zipf
from interlang.text.document import POS, Document, Token

_LOWER_LEVELS = {lvl: lvl.lower() for lvl in LEVELS}
#: Zipf frequency below which a word counts as rare (about 1 per million words).
RARE_ZIPF = 3.0

_PROFILE_FEATURES = [
    *(
        Feature(
            f"vocab_pct_{_LOWER_LEVELS[lvl]}",
            "vocabulary",
            f"Percent of counted word tokens (no proper nouns or numbers) whose lemma is at level {lvl} in the CEFR lexicon",
            "%",
            label=f"% words at {lvl}",
        )
        for lvl in LEVELS
    ),
    Feature(
        "vocab_pct_unknown",
        "vocabulary",
        "Percent of counted word tokens whose lemma is not in the CEFR lexicon (misspellings, rare words, names missed by the filter)",
        "%",
        label="% words not in the CEFR lexicon",
    ),
    Feature(
        "lex_mean_zipf",
        "vocabulary",
        "Mean wordfreq Zipf frequency of counted word forms known to wordfreq (higher: more common words)",
        "zipf",
        label="Mean word frequency",
    ),
    Feature(
        "lex_pct_rare",
        "vocabulary",
        f"Percent of counted word tokens with Zipf frequency below {RARE_ZIPF} (unknown forms included)",
        "%",
        label="% rare words",
    ),
]

_RATIO_FEATURES = [
    Feature("vocab_basic_ratio", "vocabulary_ratios", "Share of levelled tokens at A1 or A2 (unknown tokens excluded)", "fraction",
            label="Levelled words at A1–A2"),
    Feature("vocab_intermediate_ratio", "vocabulary_ratios", "Share of levelled tokens at B1 or B2 (unknown tokens excluded)", "fraction",
            label="Levelled words at B1–B2"),
    Feature("vocab_advanced_ratio", "vocabulary_ratios", "Share of levelled tokens at C1 or C2 (unknown tokens excluded)", "fraction",
            label="Levelled words at C1–C2"),
]


def _sentence_initial(doc: Document) -> set[int]:
    """Index of the first word of each sentence (leading quotes and dashes skipped)."""
    firsts: set[int] = set()
    for sent in doc.iter_sentences():
        for t in sent:
            if t.is_word:
                firsts.add(t.i)
                break
    return firsts


def counted_tokens(doc: Document, lexicon: Lexicon | None = None) -> list[Token]:
    """Word tokens the vocabulary profile counts: letters present, no proper nouns or numbers.

    Computed once per document and lexicon (several feature groups count the same tokens).
    """
    if lexicon is None:
        return _counted(doc, None)
    lex = lexicon
    # The cached pair holds the lexicon, so its id cannot be reused while the entry lives.
    return doc.derived(("counted-tokens", id(lex)), lambda: (lex, _counted(doc, lex)))[1]


def _counted(doc: Document, lexicon: Lexicon | None) -> list[Token]:
    words = [t for t in doc.words if t.is_alpha_word]
    if doc.has(POS):
        return [t for t in words if t.upos not in {"PROPN", "NUM", "PUNCT", "SYM"}]
    if doc.lang not in {"en", "el"}:
        return words
    firsts = _sentence_initial(doc)
    kept = []
    for t in words:
        capitalised = t.text[:1].isupper()
        if capitalised and t.i not in firsts and not _capital_word(doc, t, lexicon):
            continue
        kept.append(t)
    return kept


def _capital_word(doc: Document, t: Token, lexicon: Lexicon | None) -> bool:
    """Capitalised common words in English: the pronoun I and curated list words (Monday, English)."""
    if t.text == "I" or t.text.startswith(("I'", "I’")):
        return True
    if lexicon is None:
        return False
    if t.upos:  # a POS-less document with tags: the POS-free query is not the shared lookup
        e = lexicon.entry(t.lemma or t.text)
    else:  # the shared lookup's first candidate is exactly this query
        found = document_lexicon(doc, lexicon).lookup(t)
        e = found.entry if found.matched == ("lemma" if t.lemma else "form") else None
    return e is not None and e.source not in {"freq", "kelly-unrated"}


def token_entry(lexicon: Lexicon, t: Token) -> Entry | None:
    """The lexicon entry of a token: its lemma, then its surface form, then a simplemma lemma.

    One token on its own; within a document use :func:`~interlang.lexicon.lookup.document_lexicon`,
    which looks each token up once for every feature group.
    """
    return look_up_token(lexicon, t).entry


def vocabulary_profile(doc: Document) -> dict[str, list[str]]:
    """Level → the counted words of the text at that level (in text order), plus ``unknown``."""
    tokens, levels = _levels(doc)
    profile: dict[str, list[str]] = {lvl: [] for lvl in (*LEVELS, "unknown")}
    for t, level in zip(tokens, levels, strict=True):
        profile[level if level is not None else "unknown"].append(t.text)
    return profile


def _levels(doc: Document) -> tuple[list[Token], list[str | None]]:
    lexicon = Lexicon.load(doc.lang)
    entries = document_lexicon(doc, lexicon)
    tokens = counted_tokens(doc, lexicon)
    return tokens, [entries.level(t) for t in tokens]


@extractor("vocabulary", _PROFILE_FEATURES)
def vocabulary_features(doc: Document) -> Mapping[str, Value]:
    tokens, levels = _levels(doc)
    n = len(tokens)
    if n == 0:
        reason = "no counted word tokens (only names, numbers or punctuation)"
        return {f.name: Unavailable(reason) for f in _PROFILE_FEATURES}
    out: dict[str, Value] = {}
    for lvl in LEVELS:
        out[f"vocab_pct_{_LOWER_LEVELS[lvl]}"] = 100.0 * sum(1 for v in levels if v == lvl) / n
    out["vocab_pct_unknown"] = 100.0 * sum(1 for v in levels if v is None) / n
    zipfs = [zipf(t.text, doc.lang) for t in tokens]
    known = [z for z in zipfs if z > 0]
    out["lex_mean_zipf"] = sum(known) / len(known) if known else Unavailable("no word form known to wordfreq")
    out["lex_pct_rare"] = 100.0 * sum(1 for z in zipfs if z < RARE_ZIPF) / n
    return out


@extractor("vocabulary_ratios", _RATIO_FEATURES)
def vocabulary_ratio_features(doc: Document) -> Mapping[str, Value]:
    _, levels = _levels(doc)
    levelled = [v for v in levels if v is not None]
    if not levelled:
        reason = "no token with a CEFR level"
        return {f.name: Unavailable(reason) for f in _RATIO_FEATURES}
    n = len(levelled)
    groups = {"basic": ("A1", "A2"), "intermediate": ("B1", "B2"), "advanced": ("C1", "C2")}
    out: dict[str, Value] = {}
    for name, lvls in groups.items():
        value = safe_div(sum(1 for v in levelled if v in lvls), n)
        out[f"vocab_{name}_ratio"] = value if not math.isnan(value) else Unavailable("no levelled tokens")
    return out
