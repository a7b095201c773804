"""Proficiency from character and word n-grams alone: Italian, Czech, any language with a corpus.

The workflow behind the shipped ``level-it`` and ``level-cs``: read a CEFR-labelled corpus, score
the candidate under the one CV protocol (:func:`interlang.evaluation.protocol.cross_validate`,
grouped by writer and prompt where the corpus records them), refit on every text, and write a
bundle of the ``ngram`` text family with its compiled numpy form. The bundle records the trained
range (the levels present), so a text beyond it is worded "B1 or above", never a sure B1.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from interlang.labels import CEFR_LEVELS, LabelSet

__all__ = ["train_ngram_level"]


def train_ngram_level(
    corpus: str,
    *,
    params: Mapping[str, Any],
    out: str | Path,
    name: str | None = None,
    data_dir: str | None = None,
    n_repeats: int = 3,
    n_splits: int = 5,
    overwrite: bool = False,
    progress: bool = True,
) -> dict[str, Any]:
    """Cross-validate, refit on everything and save; returns the CV summary stored in the bundle."""
    from interlang.corpora import READERS, read_corpus
    from interlang.evaluation.protocol import connected_groups, cross_validate
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash
    from interlang.models.ngram import NgramClassifier
    from interlang.models.provenance import licence_terms
    from interlang.tasks.l1_training import write_ngram_bundle

    records = [r for r in read_corpus(corpus, data_dir=data_dir)[0] if r.cefr in CEFR_LEVELS]
    labels = LabelSet(tuple(lab for lab in CEFR_LEVELS if any(r.cefr == lab for r in records)), ordinal=True)
    lang = records[0].language
    texts, y = [r.text for r in records], [str(r.cefr) for r in records]
    groups = connected_groups([r.writer_id or r.id for r in records], [r.prompt_id for r in records])
    result = cross_validate(
        lambda: NgramClassifier(lang=lang, **params), texts, y, labels=labels, groups=groups,
        n_splits=n_splits, n_repeats=n_repeats, progress=progress,
    )
    cv = result.to_dict()
    estimator = NgramClassifier(lang=lang, **params).fit(texts, y)
    spec = READERS.get(corpus)
    licence = spec.licence if spec else None
    non_commercial, data_use = licence_terms(licence)
    bundle = Bundle(
        name=name or f"level-{lang}",
        task="level",
        labels=labels,
        estimator=estimator,
        features=list(estimator.families),
        language=lang,
        corpora=[CorpusInfo(corpus, data_hash(records), len(records), licence, non_commercial)],
        licence=licence,
        non_commercial=non_commercial,
        metrics={"cv": cv["metrics"], "cv_protocol": cv["protocol"], "cv_per_class": cv["per_class"]},
        extra={"family": "ngram", "params": dict(params), "data_use": data_use,
               "trained_range": [labels.labels[0], labels.labels[-1]]},
    )
    note = write_ngram_bundle(bundle, out, overwrite=overwrite)
    if note:
        raise RuntimeError(f"the compiled form failed: {note}")
    return cv
