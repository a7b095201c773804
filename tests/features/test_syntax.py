"""Syntactic complexity on hand-built Documents with real UD annotation (UD v2 conventions)."""

from __future__ import annotations

import math

import pytest

from interlang.features import extract
from interlang.text import parse
from interlang.text.document import (
    DEPS,
    LEMMAS,
    MORPH,
    POS,
    SENTENCES,
    TOKENS,
    Document,
    Sentence,
    Token,
)

ALL = frozenset({TOKENS, SENTENCES, LEMMAS, POS, MORPH, DEPS})


def from_conllu(block: str, lang: str, capabilities: frozenset[str] = ALL) -> Document:
    """Sentences in CoNLL-U-like columns: ID FORM LEMMA UPOS FEATS HEAD DEPREL."""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    for s_index, chunk in enumerate(c for c in block.strip().split("\n\n") if c.strip()):
        start = len(tokens)
        for line in chunk.strip().splitlines():
            idx, form, lemma, upos, feats, head, dep = line.split()
            feat_map = dict(kv.split("=") for kv in feats.split("|")) if feats != "_" else {}
            h = int(head)
            tokens.append(
                Token(
                    i=start + int(idx) - 1,
                    text=form,
                    lemma=lemma,
                    upos=upos,
                    feats=feat_map,
                    head=start + h - 1 if h else start + int(idx) - 1,
                    dep=dep,
                    sent=s_index,
                )
            )
        sentences.append(Sentence(s_index, start, len(tokens)))
    text = " ".join(t.text for t in tokens)
    return Document(text, lang, tuple(tokens), tuple(sentences), capabilities, "test")


EN_RELATIVE_PASSIVE = """
1 The the DET Definite=Def|PronType=Art 2 det
2 book book NOUN Number=Sing 7 nsubj:pass
3 that that PRON PronType=Rel 5 obj
4 I I PRON Case=Nom|PronType=Prs 5 nsubj
5 read read VERB Tense=Past|VerbForm=Fin 2 acl:relcl
6 was be AUX Tense=Past|VerbForm=Fin 7 aux:pass
7 written write VERB Tense=Past|VerbForm=Part|Voice=Pass 0 root
8 by by ADP _ 11 case
9 a a DET Definite=Ind|PronType=Art 11 det
10 famous famous ADJ Degree=Pos 11 amod
11 author author NOUN Number=Sing 7 obl:agent
12 . . PUNCT _ 7 punct
"""

EN_INF_ADVCL_CONJ = """
1 I I PRON PronType=Prs 2 nsubj
2 want want VERB VerbForm=Fin 0 root
3 to to PART _ 4 mark
4 go go VERB VerbForm=Inf 2 xcomp
5 home home ADV _ 4 advmod
6 because because SCONJ _ 9 mark
7 I I PRON PronType=Prs 9 nsubj
8 must must AUX VerbForm=Fin 9 aux
9 work work VERB VerbForm=Inf 2 advcl
10 and and CCONJ _ 13 cc
11 she she PRON PronType=Prs 13 nsubj
12 can can AUX VerbForm=Fin 13 aux
13 help help VERB VerbForm=Inf 9 conj
14 me I PRON PronType=Prs 13 obj
15 . . PUNCT _ 2 punct
"""

DE_NESTED = """
1 Ich ich PRON PronType=Prs 2 nsubj
2 glaube glauben VERB VerbForm=Fin 0 root
3 , , PUNCT _ 6 punct
4 dass dass SCONJ _ 6 mark
5 er er PRON PronType=Prs 6 nsubj
6 sagt sagen VERB VerbForm=Fin 2 ccomp
7 , , PUNCT _ 10 punct
8 dass dass SCONJ _ 10 mark
9 sie sie PRON PronType=Prs 10 nsubj
10 kommt kommen VERB VerbForm=Fin 6 ccomp
11 . . PUNCT _ 2 punct
"""

DE_RELATIVE_GSD = """
1 Der der DET PronType=Art 2 det
2 Mann Mann NOUN Gender=Masc 8 nsubj
3 , , PUNCT _ 6 punct
4 der der PRON PronType=Rel 6 nsubj
5 dort dort ADV _ 6 advmod
6 steht stehen VERB VerbForm=Fin 2 acl
7 ist sein AUX VerbForm=Fin 8 cop
8 Lehrer Lehrer NOUN Gender=Masc 0 root
9 . . PUNCT _ 8 punct

1 Ich ich PRON PronType=Prs 2 nsubj
2 versuche versuchen VERB VerbForm=Fin 0 root
3 , , PUNCT _ 6 punct
4 Deutsch Deutsch NOUN _ 6 obj
5 zu zu PART _ 6 mark
6 lernen lernen VERB VerbForm=Inf 2 xcomp
7 . . PUNCT _ 2 punct

1 Die der DET PronType=Art 2 det
2 Entscheidung Entscheidung NOUN _ 5 nsubj
3 der der DET PronType=Art 4 det
4 Regierung Regierung NOUN _ 2 nmod
5 überrascht überraschen VERB VerbForm=Fin 0 root
6 den der DET PronType=Art 7 det
7 Mann Mann NOUN _ 5 obj
8 . . PUNCT _ 5 punct
"""

EL_PASSIVE = """
1 Το ο DET PronType=Art 2 det
2 σπίτι σπίτι NOUN _ 3 nsubj:pass
3 χτίστηκε χτίζω VERB Aspect=Perf|VerbForm=Fin|Voice=Pass 0 root
4 το ο DET PronType=Art 5 det
5 1990 1990 NUM _ 3 obl
6 και και CCONJ _ 8 cc
7 πρέπει πρέπει AUX VerbForm=Fin 8 aux
8 ανακαινιστεί ανακαινίζω VERB VerbForm=Fin|Voice=Pass 3 conj
9 . . PUNCT _ 3 punct
"""


def test_english_relative_clause_and_passive_by_hand() -> None:
    fv = extract(from_conllu(EN_RELATIVE_PASSIVE, "en"), ["syntax"])
    # clauses: written (root), read (acl:relcl)
    assert fv["syn_clauses_per_sentence"] == 2
    assert fv["syn_subordinate_ratio"] == pytest.approx(1 / 2)
    assert fv["syn_relative_ratio"] == pytest.approx(1 / 2)
    assert fv["syn_passive_ratio"] == pytest.approx(1 / 2)
    assert fv["syn_coordinate_ratio"] == 0
    assert fv["syn_infinitive_ratio"] == 0
    assert fv["syn_clause_depth_mean"] == 1 and fv["syn_clause_depth_max"] == 1
    # arcs without root/punct: 1,5,2,1,3,1,3,2,1,4
    assert fv["syn_mean_dependency_distance"] == pytest.approx(23 / 10)
    assert fv["syn_noun_verb_ratio"] == pytest.approx(2 / 2)
    assert fv["syn_modal_ratio"] == 0  # verbs+aux: read, was, written


def test_english_infinitive_advcl_conj_modals_by_hand() -> None:
    fv = extract(from_conllu(EN_INF_ADVCL_CONJ, "en"), ["syntax"])
    # clauses: want (root), go (xcomp), work (advcl), help (conj of two predicates)
    assert fv["syn_clauses_per_sentence"] == 4
    assert fv["syn_subordinate_ratio"] == pytest.approx(1 / 4)  # xcomp is not counted
    assert fv["syn_coordinate_ratio"] == pytest.approx(1 / 4)
    assert fv["syn_infinitive_ratio"] == pytest.approx(1 / 4)  # "to go"; "must work" has no "to"
    assert fv["syn_relative_ratio"] == 0 and fv["syn_passive_ratio"] == 0
    assert fv["syn_modal_ratio"] == pytest.approx(2 / 6)  # must, can / want go must work can help
    assert fv["syn_clause_depth_max"] == 1  # help inherits work's depth through conj
    assert fv["syn_mean_dependency_distance"] == pytest.approx(29 / 13)
    assert fv["syn_noun_verb_ratio"] == 0


def test_two_sentences_pool_clauses_and_average_depth() -> None:
    doc = from_conllu(EN_RELATIVE_PASSIVE + "\n" + EN_INF_ADVCL_CONJ, "en")
    fv = extract(doc, ["syntax"])
    assert fv["syn_clauses_per_sentence"] == pytest.approx(6 / 2)
    assert fv["syn_subordinate_ratio"] == pytest.approx(2 / 6)
    assert fv["syn_mean_dependency_distance"] == pytest.approx(52 / 23)
    assert fv["syn_clause_depth_mean"] == 1


def test_nested_german_that_clauses_have_depth_two() -> None:
    fv = extract(from_conllu(DE_NESTED, "de"), ["syntax"])
    assert fv["syn_clause_depth_max"] == 2
    assert fv["syn_clause_depth_mean"] == 2
    assert fv["syn_subordinate_ratio"] == pytest.approx(2 / 3)


def test_german_relative_acl_zu_infinitive_nominalisation() -> None:
    fv = extract(from_conllu(DE_RELATIVE_GSD, "de"), ["syntax"])
    # clauses: Lehrer (copular root), steht (acl with PronType=Rel), versuche, lernen, überrascht
    assert fv["syn_clauses_per_sentence"] == pytest.approx(5 / 3)
    assert fv["syn_relative_ratio"] == pytest.approx(1 / 5)
    assert fv["syn_infinitive_ratio"] == pytest.approx(1 / 5)
    # nouns: Mann, Lehrer, Deutsch, Entscheidung, Regierung, Mann → 2 nominalisations
    assert fv["syn_nominalisation_ratio"] == pytest.approx(2 / 6)
    assert fv["syn_noun_verb_ratio"] == pytest.approx(6 / 4)


def test_greek_voice_pass_and_coordination_infinitive_undefined() -> None:
    fv = extract(from_conllu(EL_PASSIVE, "el"), ["syntax"])
    assert fv["syn_passive_ratio"] == 1  # both clauses passive
    assert fv["syn_coordinate_ratio"] == pytest.approx(1 / 2)
    assert fv["syn_modal_ratio"] == pytest.approx(1 / 3)
    assert math.isnan(fv["syn_infinitive_ratio"])
    assert "not defined" in fv.unavailable["syn_infinitive_ratio"]


def test_without_parse_every_feature_says_why() -> None:
    fv = extract(parse("Ich glaube, dass er kommt.", "de", backend="rules"), ["syntax"])
    assert len(fv) == 12
    assert all(math.isnan(v) for v in fv.values.values())
    assert "dependency parser" in fv.unavailable["syn_mean_dependency_distance"]


def test_pos_without_deps_gives_pos_measures_only() -> None:
    doc = from_conllu(DE_RELATIVE_GSD, "de", frozenset({TOKENS, SENTENCES, LEMMAS, POS}))
    fv = extract(doc, ["syntax"])
    assert fv["syn_noun_verb_ratio"] == pytest.approx(6 / 4)
    assert math.isnan(fv["syn_clause_depth_max"])
    assert fv.unavailable["syn_clause_depth_max"] == "no dependency parser for de (test backend)"
