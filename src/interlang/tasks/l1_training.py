"""Training and shipping an L1 model: corpus → cleaned records → calibrated estimator → bundle.

An SVM's probability temperature is fitted on out-of-fold decision scores (folds grouped by
writer) with :func:`interlang.numeric.fit_temperature`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import clone

from interlang.models.l1_predict import MIN_WORDS
from interlang.models.ngram.estimators import NgramClassifier, make_model
from interlang.models.provenance import licence_terms
from interlang.numeric import fit_temperature, softmax

__all__ = ["MIN_TEXTS_PER_L1", "drop_rare", "train_l1", "write_ngram_bundle"]


MIN_TEXTS_PER_L1 = 20


def drop_rare(records: list[Any], min_texts: int) -> tuple[list[Any], dict[str, int]]:
    """Records whose L1 has at least ``min_texts`` texts, and the count of each dropped L1."""
    from collections import Counter

    counts = Counter(r.l1 for r in records if r.l1)
    kept = [r for r in records if r.l1 and counts[r.l1] >= min_texts]
    dropped = {str(k): v for k, v in sorted(counts.items()) if v < min_texts}
    missing = sum(1 for r in records if not r.l1)
    if missing:
        dropped["<missing>"] = missing
    return kept, dropped


def _calibrate_temperature(estimator: Any, texts: list[str], y: list[str], groups: list[str], seed: int) -> dict[str, Any] | None:
    """Fit ``estimator.temperature`` on out-of-fold SVM scores (folds grouped by writer)."""
    from interlang.evaluation.metrics import expected_calibration_error
    from interlang.evaluation.splits import grouped_kfold
    from interlang.labels import LabelSet

    labels = np.asarray(y, dtype=object)
    classes, counts = np.unique(labels, return_counts=True)
    n_splits = min(5, int(counts.min()), len(set(groups)))
    if n_splits < 2:
        return None
    column = {c: i for i, c in enumerate(classes)}
    scores = np.full((len(texts), len(classes)), -1e3)
    for tr, te in grouped_kfold(groups, n_splits, labels=y, seed=seed):
        model = clone(estimator).set_params(temperature=1.0).fit([texts[i] for i in tr], labels[tr])
        cols = np.asarray([column[c] for c in model.classes_], dtype=np.int64)
        scores[np.ix_(te, cols)] = model.decision_function([texts[i] for i in te])
    codes = np.asarray([column[c] for c in labels], dtype=np.int64)
    temperature = fit_temperature(scores, codes)
    label_set = LabelSet.nominal([str(c) for c in classes])
    before = expected_calibration_error(list(labels), softmax(scores, axis=1), label_set)
    after = expected_calibration_error(list(labels), softmax(scores, axis=1, temperature=temperature), label_set)
    return {
        "method": "temperature", "temperature": temperature, "folds": n_splits, "grouped_by": "writer",
        "oof_ece_before": before, "oof_ece_after": after,
        "oof_top1": float(np.mean(scores.argmax(axis=1) == codes)),
    }


def train_l1(
    corpus: str | Sequence[Any],
    *,
    name: str | None = None,
    model: str = "plain-svm",
    min_texts: int = MIN_TEXTS_PER_L1,
    data_dir: str | None = None,
    calibrate: bool = True,
    **params: Any,
) -> Any:
    """Clean a corpus, train an L1 model on it and return a :class:`~interlang.models.bundle.Bundle`.

    With ``calibrate`` an SVM model's probability temperature is fitted on out-of-fold scores
    (5 folds grouped by writer; ``bundle.calibration`` has the ECE before and after).

    ``corpus`` is a registered name ("icle500", "merlin-de") or a list of Records. L1s with
    fewer than ``min_texts`` texts and texts without L1 are dropped (counts in
    ``bundle.extra["dropped"]``); cleaning counts are in ``bundle.extra["cleaning"]``.
    """
    from interlang.corpora import READERS, read_corpus
    from interlang.corpora.clean import clean_records
    from interlang.errors import InputError
    from interlang.labels import LabelSet
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash

    corpus_name = corpus if isinstance(corpus, str) else "custom"
    make_model(model, "en", **params)  # an unknown model or parameter fails before reading
    records = read_corpus(corpus, data_dir=data_dir)[0] if isinstance(corpus, str) else list(corpus)
    n_read = len(records)
    records, dropped = drop_rare(records, min_texts)
    n_l1 = len({r.l1 for r in records})
    if n_l1 < 2:
        kept = "no L1" if n_l1 == 0 else "only one L1"
        raise InputError(
            f"{kept} has at least {min_texts} texts ({n_read} records read; "
            f"texts per L1: {dropped or 'none with an L1'}); lower --min-texts or use a larger corpus",
            source=corpus_name,
        )
    records, cleaning = clean_records(records)
    if len({r.l1 for r in records}) < 2:
        raise InputError(f"fewer than two L1s left after cleaning ({cleaning.summary()})", source=corpus_name)
    lang = records[0].language
    estimator = make_model(model, lang, clean=False, **params)
    texts, y = [r.text for r in records], [str(r.l1) for r in records]
    calibration = None
    if calibrate and isinstance(estimator, NgramClassifier) and estimator.classifier == "svm":
        calibration = _calibrate_temperature(estimator, texts, y, [r.writer_id or r.id for r in records], estimator.seed)
        if calibration is not None:
            estimator.set_params(temperature=calibration["temperature"])
    estimator.fit(texts, y)
    estimator.clean = True  # prediction cleans raw input itself
    spec = READERS.get(corpus_name) if isinstance(corpus, str) else None
    licence = spec.licence if spec else None
    non_commercial, data_use = licence_terms(licence)
    return Bundle(
        name=name or f"l1-{lang}",
        task="l1",
        labels=LabelSet.nominal([str(r.l1) for r in records]),
        estimator=estimator,
        features=list(getattr(estimator, "families", ("char", "word"))),
        language=lang,
        corpora=[CorpusInfo(corpus_name, data_hash(records), len(records), licence, non_commercial)],
        licence=licence,
        non_commercial=non_commercial,
        calibration=calibration,
        extra={
            "model": model, "min_texts": min_texts, "dropped": dropped, "cleaning": cleaning.to_json(),
            "min_words": MIN_WORDS, "data_use": data_use,
        },
    )


def write_ngram_bundle(bundle: Any, out: Any, *, overwrite: bool = False) -> str | None:
    """Save a trained n-gram bundle (L1 or level) compacted, with its numpy-only compiled form.

    Returns why no compiled form was written (``None`` when it was): only char/word n-gram
    models compile; the others still predict through the full estimator.
    """
    from interlang.errors import ModelError
    from interlang.models.compiled_ngram import add_compiled_ngram
    from interlang.models.ngram import compact_estimator

    compact_estimator(bundle.estimator)
    bundle.save(out, overwrite=overwrite)
    try:  # the numpy-only form for fast single-text prediction
        add_compiled_ngram(out, ["A short check text.", "Another one,  with   spacing and punctuation!!"])
    except ModelError as exc:
        return str(exc)
    return None
