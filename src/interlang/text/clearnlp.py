"""ClearNLP (en_core_web_sm) trees in Universal Dependencies shape: relation names and head moves.

The official English model labels arcs the ClearNLP way (``prep`` heads its object, the copula
heads its predicate); UD makes the content word the head. :func:`clearnlp_to_ud_heads` moves the
heads, :data:`CLEARNLP_TO_UD` renames the remaining labels.
"""

from __future__ import annotations

from typing import Any

#: ClearNLP (en_core_web_sm) → UD relation names; labels not listed are already UD-compatible.
CLEARNLP_TO_UD: dict[str, str] = {
    "ROOT": "root",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "relcl": "acl:relcl",
    "prt": "compound:prt",
    "dobj": "obj",
    "poss": "nmod:poss",
    "pobj": "obl",
    "dative": "iobj",
    "attr": "obj",
    "acomp": "xcomp",
    "oprd": "xcomp",
    "npadvmod": "obl:npmod",
    "neg": "advmod",
    "predet": "det:predet",
    "preconj": "cc:preconj",
    "quantmod": "advmod",
    "nummod": "nummod",
    "agent": "case",
    "pcomp": "advcl",
    "prep": "case",
    "intj": "discourse",
    "meta": "parataxis",
    "dep": "dep",
}



_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "SYM"}


def clearnlp_to_ud_heads(heads: list[int], deps: list[str], toks: list[Any]) -> None:
    """Re-head ClearNLP trees the UD way, in place (sentence-local indices, ClearNLP labels).

    Adpositions become ``case`` dependents of their object (which takes the adposition's head as
    ``obl``/``nmod``; a clausal object becomes ``advcl``/``acl`` with a ``mark``), and a copula
    with a nominal/adjectival predicate (``attr``/``acomp``) hands its head and dependents to the
    predicate and becomes ``cop``. Renaming the remaining labels is left to the label map.
    """
    n = len(heads)

    def children(k: int) -> list[int]:
        return [j for j in range(n) if heads[j] == k and j != k]

    for p in range(n):
        if deps[p] not in ("prep", "agent"):
            continue
        kids = children(p)
        obj = next((j for j in kids if deps[j] == "pobj"), None)
        clause = next((j for j in kids if deps[j] == "pcomp"), None)
        target = obj if obj is not None else clause
        if target is None:
            continue
        gov = heads[p]
        nominal_gov = gov != p and toks[gov].pos_ in _NOMINAL
        root = gov == p
        heads[target] = target if root else gov
        if root:
            deps[target] = "ROOT"
        elif target == obj:
            deps[target] = "obl:agent" if deps[p] == "agent" else ("nmod" if nominal_gov else "obl")
        else:
            deps[target] = "acl" if nominal_gov else "advcl"
        for j in kids:
            if j != target:
                heads[j] = target
        heads[p] = target
        deps[p] = "case" if target == obj else "mark"
    for c in range(n):
        if toks[c].lemma_ != "be" or toks[c].pos_ != "AUX":
            continue
        kids = children(c)
        pred = next((j for j in kids if deps[j] in ("attr", "acomp")), None)
        if pred is None:
            continue
        if heads[c] == c:
            heads[pred] = pred
            deps[pred] = "ROOT"
        else:
            heads[pred] = heads[c]
            deps[pred] = deps[c]
        for j in kids:
            if j != pred:
                heads[j] = pred
        heads[c] = pred
        deps[c] = "cop"
    for k in range(n):
        if deps[k] == "aux" and toks[k].pos_ == "PART" and toks[k].lower_ == "to":
            deps[k] = "mark"
