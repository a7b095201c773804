"""Backends that turn raw text into a :class:`Document`.

``rules`` always works (spaCy's rule-based tokenizer and sentencizer, simplemma lemmas): it is
the fallback when no trained pipeline ships for a language. Trained pipelines register
themselves in :data:`BACKENDS` under their own names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from interlang.text.document import LEMMAS, SENTENCES, TOKENS, Document, Sentence, Token
from interlang.text.languages import get_language
from interlang.text.pieces import split_chunks

#: name -> factory(lang) -> callable(text) -> Document
BACKENDS: dict[str, Callable[[str], Callable[[str], Document]]] = {}


def register_backend(name: str) -> Callable[[Callable[[str], Callable[[str], Document]]], Any]:
    def deco(factory: Callable[[str], Callable[[str], Document]]) -> Any:
        BACKENDS[name] = factory
        return factory

    return deco


def import_spacy() -> Any:
    """spaCy, imported without PyTorch.

    thinc (spaCy's ML layer) imports torch whenever it is installed — 2 s and 200 MB that the
    shipped CPU pipelines never use, enough to break ``analyze``'s cold-start budget on a
    machine with the ``transformers`` extra. While spaCy loads, ``import torch`` is made to fail
    (thinc then records that it has no torch); afterwards torch imports normally for the
    families that need it. Set ``INTERLANG_SPACY_TORCH=1`` to let thinc see torch (e.g. for
    spacy-transformers pipelines), or import torch first.
    """
    import os
    import sys

    if "spacy" in sys.modules:
        import spacy

        return spacy
    blocked: dict[str, Any] = {}
    if "torch" not in sys.modules and not os.environ.get("INTERLANG_SPACY_TORCH"):
        blocked["torch"] = None
    if "spacy.cli" not in sys.modules:
        # spaCy's __init__ imports its whole command line (0.5 s: weasel, typer apps, download
        # helpers) for one re-export, ``spacy.info``; stand in for it while spaCy loads. The
        # real ``spacy.cli`` imports normally afterwards.
        blocked.update(_spacy_cli_stand_ins())
    for name, module in blocked.items():
        sys.modules[name] = module
    try:
        import spacy
    finally:
        for name, module in blocked.items():
            if sys.modules.get(name, object()) is module:
                del sys.modules[name]
    return spacy


def _spacy_cli_stand_ins() -> dict[str, Any]:
    import importlib
    import types

    def info(*args: Any, **kwargs: Any) -> Any:
        """``spacy.info``: the real one, imported on first call."""
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    module = types.ModuleType("spacy.cli.info")
    module.info = info  # type: ignore[attr-defined]
    package.info = module  # type: ignore[attr-defined]
    return {"spacy.cli": package, "spacy.cli.info": module}


@lru_cache(maxsize=8)
def _blank_nlp(lang: str) -> Any:
    spacy = import_spacy()

    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _simplemma_lemma(word: str, lang: str) -> str:
    import simplemma

    from interlang.resources import enable_simplemma_cache

    enable_simplemma_cache()
    try:
        return str(simplemma.lemmatize(word, lang=lang))
    except ValueError:
        return word


#: The rule-based backend's piece size (its sentencizer needs no context beyond a sentence).
RULES_PIECE_CHARS = 100_000
_NO_FEATS: dict[str, str] = {}


@register_backend("rules")
def rules_backend(lang: str) -> Callable[[str], Document]:
    code = get_language(lang).code
    nlp = _blank_nlp(code)

    def parse(text: str) -> Document:
        # In pieces: spaCy refuses a text over nlp.max_length (1,000,000 chars) even here.
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        s_index = 0
        for sdoc in nlp.pipe(split_chunks(text, RULES_PIECE_CHARS), batch_size=1):
            for sent in sdoc.sents:
                start = len(tokens)
                for tok in sent:
                    if tok.is_space:
                        continue
                    tokens.append(
                        Token(
                            i=len(tokens),
                            text=tok.text,
                            lemma=_simplemma_lemma(tok.text, code) if tok.is_alpha else tok.text,
                            upos="",
                            feats=_NO_FEATS,
                            head=-1,
                            dep="",
                            sent=s_index,
                            whitespace=tok.whitespace_,
                        )
                    )
                s_index += 1
                if len(tokens) > start:
                    sentences.append(Sentence(len(sentences), start, len(tokens)))
        # Sentence indices on tokens must match the kept sentences (empty ones were dropped).
        fixed: list[Token] = []
        for sentence in sentences:
            for t in tokens[sentence.start : sentence.end]:
                fixed.append(t if t.sent == sentence.index else _with_sent(t, sentence.index))
        return Document(
            text=text,
            lang=code,
            tokens=tuple(fixed),
            sentences=tuple(sentences),
            capabilities=frozenset({TOKENS, SENTENCES, LEMMAS}),
            backend="rules",
        )

    return parse


def _with_sent(token: Token, sent: int) -> Token:
    return Token(
        i=token.i,
        text=token.text,
        lemma=token.lemma,
        upos=token.upos,
        feats=token.feats,
        head=token.head,
        dep=token.dep,
        sent=sent,
        whitespace=token.whitespace,
    )
