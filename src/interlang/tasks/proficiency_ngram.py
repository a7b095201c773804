"""Proficiency from character and word n-grams alone: Italian, Czech, any language with a corpus.

The workflow behind the shipped ``level-it`` and ``level-cs``: read a CEFR-labelled corpus, score
the candidate under the one CV protocol (:func:`interlang.evaluation.protocol.cross_validate`,
grouped by writer and prompt where the corpus records them), refit on every text, and write a
bundle of the ``ngram`` text family with its compiled numpy form. The bundle records the trained
range (the levels present), so a text beyond it is worded "B1 or above", never a sure B1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interlang.errors import InputError, ModelError
from interlang.labels import CEFR_LEVELS, LabelSet

__all__ = ["LevelTexts", "level_texts", "train_ngram_level"]


@dataclass(frozen=True)
class LevelTexts:
    """A CEFR-labelled corpus as the CV protocol takes it: texts, levels, groups, label range."""

    records: list[Any]
    texts: list[str]
    y: list[str]
    labels: LabelSet
    #: writer and prompt joined (:func:`~interlang.evaluation.protocol.connected_groups`)
    groups: list[str]
    lang: str


def level_texts(corpus: str, data_dir: str | None = None) -> LevelTexts:
    """The texts of ``corpus`` with a CEFR level; the label set is the levels present, in order."""
    from interlang.corpora import read_corpus
    from interlang.evaluation.protocol import connected_groups

    records = [r for r in read_corpus(corpus, data_dir=data_dir)[0] if r.cefr in CEFR_LEVELS]
    present = tuple(lab for lab in CEFR_LEVELS if any(r.cefr == lab for r in records))
    if len(present) < 2:
        raise InputError(f"{corpus}: a proficiency model needs texts of at least two CEFR levels, found {list(present)}",
                         source=corpus)
    return LevelTexts(
        records=records,
        texts=[r.text for r in records],
        y=[str(r.cefr) for r in records],
        labels=LabelSet(present, ordinal=True),
        groups=connected_groups([r.writer_id or r.id for r in records], [r.prompt_id for r in records]),
        lang=str(records[0].language),
    )


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
    from interlang.corpora import READERS
    from interlang.evaluation.protocol import cross_validate
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash
    from interlang.models.ngram import NgramClassifier
    from interlang.models.provenance import licence_terms
    from interlang.tasks.l1_training import write_ngram_bundle

    data = level_texts(corpus, data_dir)
    records, texts, y, labels, lang = data.records, data.texts, data.y, data.labels, data.lang
    result = cross_validate(
        lambda: NgramClassifier(lang=lang, **params), texts, y, labels=labels, groups=data.groups,
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
        raise ModelError(f"{bundle.name}: the compiled form was not written ({note})")
    return cv
