"""What the n-gram models read: POS sequences and one TF-IDF vectoriser per feature family.

Every estimator of :mod:`interlang.models.ngram` takes *raw* texts; :func:`family_inputs`
cleans them (:func:`interlang.corpora.clean.clean_text`) and POS-tags them, so prediction sees
texts prepared exactly like the training data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["FAMILIES", "family_inputs", "make_vectorizer", "pos_sequence", "pos_sequences"]

#: Closed-class UPOS whose word form is kept in the POS sequence ("mixed" n-grams): function
#: word choice is one of the clearest transfer signals, content words are mostly topic.
_KEEP_FORM = frozenset({"ADP", "DET", "PRON", "AUX", "CCONJ", "SCONJ", "PART"})
_POS_CACHE: dict[str, str] = {}


def pos_sequence(doc: Any) -> str:
    """A parsed document as one string: UPOS tags, function words as their lower-case form."""
    out: list[str] = []
    sent = -1
    for tok in doc.tokens:
        if tok.sent != sent:
            out.append("BOS")
            sent = tok.sent
        if tok.upos == "PUNCT":
            out.append("P" + ("." if tok.text in ".!?" else ","))
        elif tok.upos in _KEEP_FORM:
            out.append(tok.text.lower().replace(" ", "_"))
        else:
            out.append(tok.upos)
    return " ".join(out)


def pos_sequences(texts: Sequence[str], lang: str) -> list[str]:
    """:func:`pos_sequence` of each text with ``interlang.text.parse``; cached per text."""
    from interlang.errors import EmptyTextError
    from interlang.text import parse_many

    keys = [hashlib.sha1(f"{lang}\0{t}".encode()).hexdigest() for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in _POS_CACHE}.items())
    if todo:
        valid = [(k, t) for k, t in todo if any(c.isalnum() for c in t)]
        for k, _ in todo:
            _POS_CACHE[k] = ""
        try:
            for (k, _), doc in zip(valid, parse_many([t for _, t in valid], lang), strict=True):
                _POS_CACHE[k] = pos_sequence(doc)
        except EmptyTextError:  # pragma: no cover - filtered above
            pass
    return [_POS_CACHE[k] for k in keys]


FAMILIES = ("char", "word", "pos")


def make_vectorizer(family: str, max_features: int | None, lang: str) -> Any:
    """The TF-IDF vectoriser of one n-gram family (``"function"``: function-word n-grams)."""
    if family == "char":
        return TfidfVectorizer(
            analyzer="char", ngram_range=(1, 5), sublinear_tf=True, min_df=2,
            max_features=max_features, lowercase=False, dtype=np.float32,
        )
    if family == "word":
        return TfidfVectorizer(
            analyzer="word", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
            max_features=max_features, token_pattern=r"(?u)\b\w+\b|[^\w\s]", lowercase=True,
            dtype=np.float32,
        )
    if family == "pos":
        return TfidfVectorizer(
            analyzer="word", ngram_range=(1, 4), sublinear_tf=True, min_df=2,
            max_features=max_features, token_pattern=r"\S+", lowercase=False, dtype=np.float32,
        )
    if family == "function":
        from interlang.models.nli_features import function_word_vocabulary

        return TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
            vocabulary=function_word_vocabulary(lang), token_pattern=r"(?u)\b\w+\b",
            dtype=np.float32,
        )
    raise ValueError(f"unknown feature family {family!r}; choose from {(*FAMILIES, 'function')}")


def family_inputs(texts: Sequence[str], families: Sequence[str], lang: str, clean: bool) -> dict[str, list[str]]:
    """Cleaning + the per-family inputs (raw text for char/word, POS string for pos)."""
    from interlang.corpora.clean import clean_text

    cleaned = [clean_text(t, lang) for t in texts] if clean else list(texts)
    out = {f: cleaned for f in families if f != "pos"}
    if "pos" in families:
        out["pos"] = pos_sequences(cleaned, lang)
    return out
