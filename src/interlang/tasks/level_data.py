"""A corpus as a level data set: read → label policy → features (cached) → train/dev/test split.

Shared by the level trainers (:mod:`interlang.tasks.level_training`), the text families'
trainers and ``interlang evaluate``.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.settings import DEFAULT_SEED
from interlang.tasks.policies import LABEL_POLICIES, label_set_for, level_labels

__all__ = [
    "META_COLUMNS",
    "SPLITS",
    "LevelDataset",
    "cache_dir",
    "cached_features",
    "load_level_data",
    "split_indices",
]

#: Columns of the feature table that are not features.
META_COLUMNS = ("id", "language", "cefr", "l1", "split")


def _extract_features(records: Sequence[Any], *, n_jobs: int, progress: bool) -> Any:
    """The feature table of many records (a process pool with skip-and-report)."""
    from interlang.features.corpus import extract_features

    return extract_features(records, n_jobs=n_jobs, progress=progress)


def cache_dir() -> Path:
    from interlang.settings import home_dir

    return home_dir() / "cache" / "features"


def _feature_signature() -> str:
    """Hash of the registered feature names: a new or renamed feature invalidates the cache."""
    from interlang.features import list_features

    names = sorted(f.name for f in list_features())  # loads the built-in groups first
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:10]


def cached_features(
    records: Sequence[Any],
    corpus: str,
    *,
    n_jobs: int = 2,
    cache: bool | Path = True,
    progress: bool = False,
) -> tuple[pd.DataFrame, list[Any]]:
    """Feature table of ``records`` (one row per analysable record, ``id`` column) and skipped rows.

    Extracted with :func:`interlang.features.corpus.extract_features`; with ``cache`` (True or a folder) the
    table is read from / written to a parquet file keyed by corpus + data hash + interlang version
    + feature signature.
    """
    from interlang.models.bundle import data_hash
    from interlang.version import __version__

    path: Path | None = None
    if cache:
        folder = cache_dir() if cache is True else Path(cache)
        digest = data_hash(records).split(":")[1][:16]
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in corpus)
        path = folder / f"{safe}-{digest}-{__version__}-{_feature_signature()}.parquet"
        if path.is_file():
            frame = pd.read_parquet(path)
            return frame, []
    result = _extract_features(records, n_jobs=n_jobs, progress=progress)
    frame = result.frame
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        frame.to_parquet(tmp, index=False)
        tmp.replace(path)
    return frame, list(result.skipped)


@dataclass
class LevelDataset:
    """Aligned features, texts, labels and grouping of one corpus, after the label policy."""

    corpus: str
    language: str
    X: pd.DataFrame
    texts: list[str]
    y: np.ndarray
    labels: LabelSet
    writers: np.ndarray
    prompts: np.ndarray
    splits: np.ndarray
    records: list[Any]
    policy: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    relabelled: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.y)


def load_level_data(
    corpus: str,
    data_dir: str | Path | None = None,
    *,
    n_jobs: int = 2,
    cache: bool | Path = True,
    label_map: Mapping[str, str] | None = None,
    progress: bool = False,
) -> LevelDataset:
    """Read ``corpus``, apply its label policy (or ``label_map``), featurise with the cache."""
    from interlang.corpora import read_corpus

    records, report = read_corpus(corpus, data_dir=data_dir)
    name = report.corpus
    recs, gold, stored_policy = level_labels(records, name, label_map)
    policy = dict(LABEL_POLICIES.get(name, {}))
    policy["map"] = stored_policy["map"]
    relabelled = Counter(stored_policy["relabelled"])
    frame, skipped = cached_features(recs, name, n_jobs=n_jobs, cache=cache, progress=progress)
    by_id = frame.set_index("id")
    keep = [i for i, r in enumerate(recs) if r.id in by_id.index]
    recs = [recs[i] for i in keep]
    labels_list = [gold[i] for i in keep]
    feature_cols = [c for c in frame.columns if c not in META_COLUMNS]
    X = by_id.loc[[r.id for r in recs], feature_cols].reset_index(drop=True).astype(np.float64)
    y = np.asarray(labels_list, dtype=object)
    languages = Counter(r.language for r in recs)
    return LevelDataset(
        corpus=name,
        language=languages.most_common(1)[0][0],
        X=X,
        texts=[r.text for r in recs],
        y=y,
        labels=label_set_for(labels_list, name),
        writers=np.asarray([r.writer_id or r.id for r in recs], dtype=object),
        prompts=np.asarray([r.prompt_id or "" for r in recs], dtype=object),
        splits=np.asarray([r.split or "" for r in recs], dtype=object),
        records=recs,
        policy=policy,
        skipped=[str(s) for s in [*report.skipped, *skipped]],
        relabelled=dict(relabelled),
    )


# ------------------------------------------------------------------------------------- split
SPLITS = ("auto", "stratified", "writer", "prompt", "corpus")


def split_indices(data: LevelDataset, split: str = "auto", seed: int = DEFAULT_SEED) -> tuple[Any, str]:
    """Train/dev/test row indices and the strategy used (see the module docstring for ``auto``)."""
    from interlang.evaluation.splits import SmallClassWarning, Split, train_dev_test_split

    if split not in SPLITS:
        raise InputError(f"split must be one of {SPLITS}, not {split!r}")
    names = set(data.splits.tolist())
    if split in ("auto", "corpus") and {"train", "dev"} <= names:
        train_pool = np.flatnonzero(data.splits == "train")
        if "test" in names:
            return Split(train_pool, np.flatnonzero(data.splits == "dev"), np.flatnonzero(data.splits == "test")), "corpus"
        # Official train/dev only: hold 15% of train out for calibration, test on dev.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallClassWarning)
            inner = train_dev_test_split(list(data.y[train_pool]), sizes=(0.85, 0.15, 0.0), seed=seed)
        return Split(train_pool[inner.train], train_pool[inner.dev], np.flatnonzero(data.splits == "dev")), "corpus-train/dev"
    if split == "corpus":
        raise InputError(f"{data.corpus} has no train/dev split files")
    if split == "auto":
        if len(set(data.writers.tolist())) < len(data.writers):
            split = "writer"
        elif data.corpus == "onestopenglish":
            split = "prompt"
        else:
            split = "stratified"
    groups = None
    if split == "writer":
        groups = list(data.writers)
    elif split == "prompt":
        groups = list(data.prompts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallClassWarning)
        parts = train_dev_test_split(list(data.y), groups=groups, seed=seed)
    return parts, split
