"""A corpus read for a text-reading family (transformer, embeddings, LLM): texts, gold labels, split.

The corpus-reading halves of the text families' trainers: the fit loops in
:mod:`interlang.models.transformer.train` and :mod:`interlang.models.llm.train` receive these
functions as ``load_data`` and never read a corpus themselves. Labels follow the same policies
as the feature models (:mod:`interlang.tasks.policies`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.settings import DEFAULT_SEED
from interlang.tasks.policies import label_set_for, level_labels

__all__ = ["load_text_data", "task_data"]


def load_text_data(
    task: str,
    corpus: str,
    *,
    data_dir: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    split: str = "auto",
    min_texts: int | None = None,
    limit: int | None = None,
    dev_limit: int | None = None,
) -> Any:
    """Read ``corpus``, label it for ``task`` and split it like the feature models do."""
    import pandas as pd

    from interlang.corpora import read_corpus
    from interlang.evaluation.splits import Split
    from interlang.models.transformer.train import TextData
    from interlang.tasks.level_data import LevelDataset, split_indices
    from interlang.tasks.policies import label_set_for, level_labels, licence_of

    if task not in ("level", "l1"):
        raise InputError(f"task must be 'level' or 'l1', not {task!r}")
    records, report = read_corpus(corpus, data_dir=data_dir)
    name = report.corpus
    extra: dict[str, Any] = {}
    if task == "level":
        kept, ys, extra["label_policy"] = level_labels(records, name)
        labels = label_set_for(ys, name)
        licence, non_commercial = licence_of(name)
    else:
        from interlang.corpora.clean import clean_records
        from interlang.models.provenance import licence_terms
        from interlang.tasks.l1_training import MIN_TEXTS_PER_L1, drop_rare

        threshold = int(min_texts if min_texts is not None else (10 if name == "icle500" else MIN_TEXTS_PER_L1))
        kept, dropped = drop_rare(list(records), threshold)
        if len({r.l1 for r in kept}) < 2:
            raise InputError(f"fewer than two L1s have at least {threshold} texts; lower min_texts", source=name)
        kept, cleaning = clean_records(kept)
        ys = [str(r.l1) for r in kept]
        labels = LabelSet.nominal(ys)
        from interlang.corpora import READERS

        spec = READERS.get(name)
        licence = spec.licence if spec else None
        non_commercial, data_use = licence_terms(licence)
        extra.update({"min_texts": threshold, "dropped": dropped, "cleaning": cleaning.to_json(), "data_use": data_use})
    y = np.asarray(ys, dtype=object)
    dataset = LevelDataset(
        corpus=name, language=Counter(r.language for r in kept).most_common(1)[0][0],
        X=pd.DataFrame(index=range(len(kept))), texts=[r.text for r in kept], y=y, labels=labels,
        writers=np.asarray([r.writer_id or r.id for r in kept], dtype=object),
        prompts=np.asarray([r.prompt_id or "" for r in kept], dtype=object),
        splits=np.asarray([r.split or "" for r in kept], dtype=object), records=kept,
    )
    parts, used = split_indices(dataset, split, seed)
    rng = np.random.default_rng(seed)
    if limit is not None and len(parts.train) > int(limit):  # smoke runs and time budgets
        train = np.sort(rng.choice(parts.train, size=int(limit), replace=False))
        extra["limit"] = int(limit)
        parts = Split(train, parts.dev, parts.test)
    if dev_limit is not None and len(parts.dev) > int(dev_limit):
        dev = np.sort(rng.choice(parts.dev, size=int(dev_limit), replace=False))
        extra["dev_limit"] = int(dev_limit)
        parts = Split(parts.train, dev, parts.test)
    return TextData(task, name, dataset.language, dataset.texts, y, labels, kept, parts, used,
                    licence, non_commercial, extra)


def _gold(task: str, corpus_name: str, records: list[Any], min_texts: int) -> tuple[list[Any], list[str], LabelSet, dict[str, Any]]:
    if task == "level":
        kept, gold, policy = level_labels(records, corpus_name)
        return kept, gold, label_set_for(gold, corpus_name), {"label_policy": policy}
    counts = Counter(r.l1 for r in records if r.l1)
    kept = [r for r in records if r.l1 and counts[r.l1] >= min_texts]
    dropped = {str(k): v for k, v in sorted(counts.items()) if v < min_texts}
    if len({r.l1 for r in kept}) < 2:
        raise InputError(f"fewer than two L1s have at least {min_texts} texts; lower min_texts", source=corpus_name)
    gold = [str(r.l1) for r in kept]
    return kept, gold, LabelSet.nominal(gold), {"min_texts": min_texts, "dropped": dropped}


def task_data(task: str, corpus: str, *, data_dir: str | None = None, seed: int = DEFAULT_SEED,
              min_texts: int | None = None) -> Any:
    """Read ``corpus``, keep the records usable for ``task`` and split them 70/15/15 (seeded,
    stratified, grouped by writer when writers repeat) — the split every llm run uses."""
    import warnings

    from interlang.corpora import READERS, read_corpus
    from interlang.evaluation.splits import SmallClassWarning, train_dev_test_split
    from interlang.models.llm.train import MIN_TEXTS, MIN_TEXTS_PER_L1, TaskData

    if task not in ("level", "l1"):
        raise InputError(f"task must be 'level' or 'l1', not {task!r}")
    records, report = read_corpus(corpus, data_dir=data_dir)
    name = report.corpus
    if min_texts is None:
        min_texts = MIN_TEXTS.get(name, MIN_TEXTS_PER_L1)
    kept, gold_list, labels, info = _gold(task, name, list(records), min_texts)
    language = Counter(r.language for r in kept).most_common(1)[0][0]
    writers = [r.writer_id or r.id for r in kept]
    grouped = len(set(writers)) < len(writers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallClassWarning)
        parts = train_dev_test_split(gold_list, groups=writers if grouped else None, seed=seed)
    licence = READERS[name].licence if name in READERS else None
    return TaskData(name, kept, np.asarray(gold_list, dtype=object), labels, language, parts, grouped, info, licence)
