"""Syntactic complexity (paper §4.1, Appendix 11.1 group 6) from Universal Dependencies.

Because the measures read only UD relations, UPOS and FEATS, one extractor serves every
language whose pipeline gives a dependency parse. Definitions (``base`` = the relation without
its subtype, so ``acl:relcl`` → ``acl``):

* **clause**: a sentence root; a token attached by ``csubj ccomp xcomp advcl acl``; a
  ``conj`` or ``parataxis`` whose dependent (and, for ``conj``, head) is a predicate. A
  predicate is a VERB, or any token with a ``nsubj``/``csubj``/``cop``/``aux`` dependent
  (copular clauses have the nominal as head in UD). The ``*_ratio`` clause measures below are
  **per clause**, so they lie in [0, 1] and do not grow with sentence length.
* **subordinate clause**: ``csubj ccomp advcl acl`` (including ``acl:relcl``, participial
  ``acl``); ``xcomp`` (open, usually non-finite complements) is left to the infinitive ratio.
* **coordinated (compound) clause**: ``conj`` between two predicates.
* **relative clause**: ``acl:relcl``/``advcl:relcl``, or an ``acl`` with a relative pronoun
  (``PronType=Rel``) among its dependents or theirs (German GSD marks relatives this way).
* **infinitive clause**: a ``VerbForm=Inf`` verb with a ``mark`` dependent that is the
  language's infinitive particle (``zu``, ``to``); Greek has no infinitive, so undefined there.
* **passive clause**: a clause head with an ``aux:pass``/``nsubj:pass``/``csubj:pass``
  dependent or ``Voice=Pass`` (Greek marks mediopassive morphology, deponents included).
* **modal verb ratio**: modal lemmas (per language) among VERB and AUX tokens.
* **nominalisation ratio**: NOUNs whose lemma ends in a nominalising suffix (per language,
  accents ignored, at least three letters before the suffix) among NOUNs.
* **clause depth**: the number of ``csubj ccomp xcomp advcl acl`` arcs between a clause and the
  root (coordination and parataxis add none); per sentence the deepest clause counts; the mean
  is over sentences, the max over the text.
* **mean dependency distance** (Liu 2008): mean ``|head − dependent|`` over all arcs except the
  root and punctuation.
* **noun–verb ratio**: NOUN / VERB tokens (AUX excluded).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence

from interlang.features.base import Feature, Unavailable, Value, extractor, safe_div
from interlang.text.document import DEPS, LEMMAS, POS, Document, Token
from interlang.text.languages import get_language

CLAUSAL = frozenset({"csubj", "ccomp", "xcomp", "advcl", "acl"})
SUBORDINATE = frozenset({"csubj", "ccomp", "advcl", "acl"})
RELATIVE_DEPS = frozenset({"acl:relcl", "advcl:relcl"})
PASSIVE_DEPS = frozenset({"aux:pass", "nsubj:pass", "csubj:pass", "expl:pass"})
PREDICATE_MARKERS = frozenset({"nsubj", "csubj", "cop", "aux"})


def _base(dep: str) -> str:
    return dep.split(":", 1)[0].lower()


def _fold(text: str) -> str:
    """Lower case without accents, for suffix matching (``Realität`` → ``realitat``)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Parse:
    """Children index and clause bookkeeping of one parsed document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.children: dict[int, list[Token]] = defaultdict(list)
        for t in self.tokens:
            if 0 <= t.head < len(self.tokens) and t.head != t.i:
                self.children[t.head].append(t)

    def is_predicate(self, t: Token) -> bool:
        return t.upos == "VERB" or any(
            _base(c.dep) in PREDICATE_MARKERS for c in self.children[t.i]
        )

    def head_of(self, t: Token) -> Token | None:
        if t.head == t.i or not 0 <= t.head < len(self.tokens):
            return None
        return self.tokens[t.head]

    def is_clause(self, t: Token) -> bool:
        if not t.is_word:
            return False
        if t.is_root:
            return True
        base = _base(t.dep)
        if base in CLAUSAL:
            return True
        head = self.head_of(t)
        if base == "conj":
            return head is not None and self.is_predicate(t) and self.is_predicate(head)
        return base == "parataxis" and self.is_predicate(t)

    def is_relative(self, t: Token) -> bool:
        if t.dep.lower() in RELATIVE_DEPS:
            return True
        if _base(t.dep) != "acl":
            return False
        near = list(self.children[t.i])
        near += [g for c in self.children[t.i] for g in self.children[c.i]]
        return any(c.feats.get("PronType") == "Rel" for c in near)

    def is_infinitive(self, t: Token, markers: frozenset[str]) -> bool:
        if t.feats.get("VerbForm") != "Inf":
            return False
        return any(
            _base(c.dep) == "mark" and (c.lemma or c.text).lower() in markers
            for c in self.children[t.i]
        )

    def is_passive(self, t: Token) -> bool:
        return t.feats.get("Voice") == "Pass" or any(
            c.dep.lower() in PASSIVE_DEPS for c in self.children[t.i]
        )

    def depth(self, t: Token) -> int:
        """Clausal arcs between ``t`` and its root (a cycle-safe walk up the tree)."""
        d = 0
        cur: Token | None = t
        for _ in range(len(self.tokens)):
            if cur is None:
                break
            if _base(cur.dep) in CLAUSAL and not cur.is_root:
                d += 1
            cur = self.head_of(cur)
        return d


def _f(name: str, label: str, description: str, unit: str, languages: set[str] | None = None) -> Feature:
    return Feature(name, "syntax", description, unit, frozenset(languages) if languages else None, label=label)


_CLAUSE_FEATURES = [
    _f("syn_subordinate_ratio", "Subordinate clauses per clause", "Subordinate clauses (csubj, ccomp, advcl, acl) per clause.", "ratio"),
    _f("syn_coordinate_ratio", "Coordinate clauses per clause", "Clauses coordinated with another clause (conj) per clause.", "ratio"),
    _f("syn_relative_ratio", "Relative clauses per clause", "Relative clauses per clause.", "ratio"),
    _f(
        "syn_infinitive_ratio", "Infinitive clauses per clause",
        "Infinitive clauses with an infinitive particle (zu, to) per clause.",
        "ratio",
        {"de", "en"},
    ),
    _f("syn_passive_ratio", "Passive clauses per clause", "Passive clauses per clause.", "ratio"),
    _f("syn_clause_depth_mean", "Mean clause embedding depth", "Mean over sentences of the deepest clause embedding.", "levels"),
    _f("syn_clause_depth_max", "Maximum clause embedding depth", "Deepest clause embedding in the text.", "levels"),
    _f(
        "syn_mean_dependency_distance", "Mean dependency distance",
        "Mean distance in words between head and dependent (punctuation excluded).",
        "words",
    ),
    _f("syn_clauses_per_sentence", "Clauses per sentence", "Clauses per sentence.", "clauses/sentence"),
]
_POS_FEATURES = [
    _f("syn_modal_ratio", "Modal verbs among verbs", "Modal verbs among verbs and auxiliaries.", "ratio"),
    _f("syn_nominalisation_ratio", "Nominalisations among nouns", "Nouns with a nominalising suffix among nouns.", "ratio"),
    _f("syn_noun_verb_ratio", "Nouns per verb", "Nouns per (lexical) verb.", "ratio"),
]


def _unavailable(features: Sequence[Feature], reason: str) -> dict[str, Value]:
    return {f.name: Unavailable(reason) for f in features}


def _pos_features(doc: Document) -> dict[str, Value]:
    res = get_language(doc.lang)
    nouns = [t for t in doc.words if t.upos == "NOUN"]
    verbs = [t for t in doc.words if t.upos in {"VERB", "AUX"}]
    lexical_verbs = sum(1 for t in verbs if t.upos == "VERB")
    out: dict[str, Value] = {}
    if doc.has(LEMMAS):
        modals = sum(1 for t in verbs if t.lemma.lower() in res.modal_lemmas)
        out["syn_modal_ratio"] = safe_div(modals, len(verbs))
    else:
        out["syn_modal_ratio"] = Unavailable("no lemmas")
    suffixes = tuple(_fold(s) for s in res.nominal_suffixes)

    def nominal(t: Token) -> bool:
        w = _fold(t.lemma or t.text)
        return any(w.endswith(s) and len(w) >= len(s) + 3 for s in suffixes)

    out["syn_nominalisation_ratio"] = safe_div(sum(1 for t in nouns if nominal(t)), len(nouns))
    out["syn_noun_verb_ratio"] = safe_div(len(nouns), lexical_verbs)
    return out


@extractor("syntax", _CLAUSE_FEATURES + _POS_FEATURES)
def syntax_features(doc: Document) -> Mapping[str, Value]:
    """Group 6: the twelve syntactic complexity measures of the paper."""
    if not doc.has(POS):
        reason = f"no part-of-speech tagger or dependency parser for {doc.lang} ({doc.backend} backend)"
        return _unavailable(_CLAUSE_FEATURES + _POS_FEATURES, reason)
    out = _pos_features(doc)
    if not doc.has(DEPS):
        reason = f"no dependency parser for {doc.lang} ({doc.backend} backend)"
        out.update(_unavailable(_CLAUSE_FEATURES, reason))
        return out

    p = _Parse(doc)
    markers = get_language(doc.lang).infinitive_markers
    clauses = [t for t in doc.tokens if p.is_clause(t)]
    n = len(clauses)
    sentence_depths = [
        max((p.depth(t) for t in sent if p.is_clause(t)), default=0)
        for sent in doc.iter_sentences()
        if any(t.is_word for t in sent)
    ]
    arcs = [
        abs(t.head - t.i)
        for t in doc.tokens
        if t.head >= 0 and not t.is_root and not t.is_punct and _base(t.dep) != "punct"
    ]

    def per_clause(count: int) -> Value:
        return safe_div(count, n) if n else Unavailable("no clauses")

    out.update(
        {
            "syn_subordinate_ratio": per_clause(sum(_base(t.dep) in SUBORDINATE for t in clauses)),
            "syn_coordinate_ratio": per_clause(sum(_base(t.dep) == "conj" for t in clauses)),
            "syn_relative_ratio": per_clause(sum(p.is_relative(t) for t in clauses)),
            "syn_infinitive_ratio": (
                per_clause(sum(p.is_infinitive(t, markers) for t in clauses))
                if markers
                else Unavailable(f"{doc.lang} has no infinitive particle")
            ),
            "syn_passive_ratio": per_clause(sum(p.is_passive(t) for t in clauses)),
            "syn_clause_depth_mean": (
                safe_div(sum(sentence_depths), len(sentence_depths))
                if sentence_depths
                else Unavailable("no sentences")
            ),
            "syn_clause_depth_max": (
                float(max(sentence_depths)) if sentence_depths else Unavailable("no sentences")
            ),
            "syn_mean_dependency_distance": (
                safe_div(sum(arcs), len(arcs)) if arcs else Unavailable("no dependency arcs")
            ),
            "syn_clauses_per_sentence": (
                safe_div(n, len(sentence_depths)) if sentence_depths else Unavailable("no sentences")
            ),
        }
    )
    return out
