"""Morphosyntactic word classes (Appendix 11.1, group 5): irregular, separable, compound, international.

The word-level tests live in :mod:`interlang.lexicon.morph`. Verb features need a tagger (verbs
cannot be told from other words reliably without one) and separable verbs need a dependency
parse; where a layer is missing the feature is reported unavailable, never zero.
"""

from __future__ import annotations

from collections.abc import Mapping

from interlang.features.base import Feature, Unavailable, Value, extractor
from interlang.features.vocabulary import counted_tokens
from interlang.lexicon import Lexicon
from interlang.lexicon.morph import (
    is_international,
    is_irregular_verb,
    separable_prefix_de,
    split_compound,
)
from interlang.text.document import DEPS, POS, Document, Token

_FEATURES = [
    Feature(
        "morph_pct_irregular_verbs",
        "morphosyntax",
        "Percent of lexical verb tokens (UPOS VERB) whose lemma is an irregular (strong/mixed) verb",
        "%",
        label="% irregular verbs",
    ),
    Feature(
        "morph_pct_separable_verbs",
        "morphosyntax",
        "Percent of lexical verb tokens (UPOS VERB) that are separable/phrasal: a compound:prt dependent, or (German) a separable prefix on the lemma",
        "%",
        label="% separable or phrasal verbs",
        languages=frozenset({"de", "en"}),
    ),
    Feature(
        "morph_pct_compounds",
        "morphosyntax",
        "Percent of noun tokens (UPOS NOUN; untagged German: capitalised non-initial words) that split into known words",
        "%",
        label="% compound nouns",
        languages=frozenset({"de", "en"}),
    ),
    Feature(
        "morph_pct_international",
        "morphosyntax",
        "Percent of counted word tokens (no proper nouns or numbers) that are internationalisms (loan-word suffix + English cognate)",
        "%",
        label="% internationalisms",
        languages=frozenset({"de", "en"}),
    ),
]


def _verbs(doc: Document) -> list[Token]:
    return [t for t in doc.tokens if t.upos == "VERB"]


def _lemma(t: Token) -> str:
    return t.lemma or t.text


def _pct(hits: int, total: int, what: str) -> Value:
    if total == 0:
        return Unavailable(f"no {what} in the text")
    return 100.0 * hits / total


def irregular_verbs(doc: Document) -> Value:
    if not doc.has(POS):
        return Unavailable("needs part-of-speech tags to find verbs")
    verbs = _verbs(doc)
    return _pct(sum(1 for t in verbs if is_irregular_verb(_lemma(t), doc.lang)), len(verbs), "verb tokens")


def separable_verbs(doc: Document) -> Value:
    if not (doc.has(POS) and doc.has(DEPS)):
        return Unavailable("needs a dependency parse (compound:prt) to find separable verbs")
    verbs = _verbs(doc)
    with_particle = {t.head for t in doc.tokens if t.dep == "compound:prt" or t.dep.startswith("compound:prt")}
    hits = 0
    for t in verbs:
        if t.i in with_particle or (doc.lang == "de" and separable_prefix_de(_lemma(t)) is not None):
            hits += 1
    return _pct(hits, len(verbs), "verb tokens")


def _nouns(doc: Document) -> list[Token] | None:
    if doc.has(POS):
        return [t for t in doc.tokens if t.upos == "NOUN"]
    if doc.lang != "de":
        return None
    firsts = {sent[0].i for sent in doc.iter_sentences() if sent}
    return [t for t in doc.alpha_words if t.text[:1].isupper() and t.i not in firsts]


def compounds(doc: Document) -> Value:
    nouns = _nouns(doc)
    if nouns is None:
        return Unavailable("needs part-of-speech tags to find nouns")
    return _pct(sum(1 for t in nouns if split_compound(t.text, doc.lang)), len(nouns), "noun tokens")


def internationals(doc: Document) -> Value:
    lexicon = Lexicon.load(doc.lang)
    tokens = counted_tokens(doc, lexicon)
    hits = sum(1 for t in tokens if is_international(_lemma(t), doc.lang) or is_international(t.text, doc.lang))
    return _pct(hits, len(tokens), "counted word tokens")


@extractor("morphosyntax", _FEATURES)
def morphosyntax_features(doc: Document) -> Mapping[str, Value]:
    out: dict[str, Value] = {"morph_pct_irregular_verbs": irregular_verbs(doc)}
    if doc.lang in {"de", "en"}:
        out["morph_pct_separable_verbs"] = separable_verbs(doc)
        out["morph_pct_compounds"] = compounds(doc)
        out["morph_pct_international"] = internationals(doc)
    return out
