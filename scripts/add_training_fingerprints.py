"""Add training-text fingerprints (:mod:`interlang.tasks.overlap`) to the shipped bundles.

    python scripts/add_training_fingerprints.py [--check]

Only when the training texts can be rebuilt exactly from the corpus: the rebuilt records must
hash (:func:`~interlang.models.bundle.data_hash`) to the bundle's recorded corpus hash, and for
level models the rebuilt split must have the recorded sizes. Fingerprints are taken of the raw
texts (what ``interlang evaluate`` reads): L1 models saw every kept record; level models their
train and dev parts. Weights, compiled payloads and metadata are written back unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

import numpy as np


def _l1_texts(bundle: Any, corpus: str, min_texts: int) -> list[str]:
    from interlang.corpora import read_corpus
    from interlang.corpora.clean import clean_records
    from interlang.models.bundle import data_hash
    from interlang.tasks.l1_training import drop_rare

    records, _ = read_corpus(corpus)
    raw = {r.id: r.text for r in records}
    kept, _ = drop_rare(records, min_texts)
    cleaned, _ = clean_records(kept)
    if data_hash(cleaned) != bundle.corpora[0].hash:
        raise SystemExit(f"{bundle.name}: the corpus no longer rebuilds its training data")
    return [raw[r.id] for r in cleaned]


def _level_texts(bundle: Any, corpus: str) -> list[str]:
    import pandas as pd

    from interlang.corpora import read_corpus
    from interlang.models.bundle import data_hash
    from interlang.tasks.level_data import LevelDataset, split_indices
    from interlang.tasks.policies import label_set_for, level_labels

    records, report = read_corpus(corpus)
    kept, gold, _ = level_labels(records, report.corpus)
    if data_hash(kept) != bundle.corpora[0].hash:
        raise SystemExit(f"{bundle.name}: the corpus no longer rebuilds its training data")
    data = LevelDataset(
        report.corpus, bundle.language, pd.DataFrame(index=range(len(kept))), [r.text for r in kept],
        np.asarray(gold, dtype=object), label_set_for(gold, report.corpus),
        np.asarray([r.writer_id or r.id for r in kept], dtype=object),
        np.asarray([r.prompt_id or "" for r in kept], dtype=object),
        np.asarray([r.split or "" for r in kept], dtype=object), kept,
    )
    parts, used = split_indices(data, "auto", bundle.seed)
    if used != bundle.metrics.get("split") or list(parts.sizes()) != list(bundle.metrics.get("sizes", [])):
        raise SystemExit(f"{bundle.name}: the rebuilt split {used} {parts.sizes()} differs from the recorded one")
    return [kept[i].text for i in (*parts.train, *parts.dev)]


def main() -> None:
    from interlang.models.bundle import Bundle
    from interlang.models.shipped import shipped_path
    from interlang.tasks.overlap import PAYLOAD, record_training_texts, text_fingerprints

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare with the stored fingerprints")
    args = parser.parse_args()
    plan = {"l1-en": ("icle500", 10), "l1-de": ("merlin-de", 20), "level-en": ("icle500", 0), "level-de": ("merlin-de", 0)}
    for name, (corpus, min_texts) in plan.items():
        path = shipped_path(name)
        if path is None:
            continue
        bundle = Bundle.load(path, load_estimator=False)
        texts = _l1_texts(bundle, corpus, min_texts) if bundle.task == "l1" else _level_texts(bundle, corpus)
        if args.check:
            same = PAYLOAD in bundle.array_names and np.array_equal(
                bundle.load_arrays(PAYLOAD)["sha256_prefix"], text_fingerprints(texts)
            )
            print(f"{name}: {'ok' if same else 'DIFFERS'}")
            continue
        before = hashlib.sha256(bundle.estimator_bytes or b"").hexdigest()
        meta = bundle.metadata()
        n = record_training_texts(bundle, texts)
        bundle.save(Path(path), overwrite=True)
        again = Bundle.load(path, load_estimator=False)
        if hashlib.sha256(again.estimator_bytes or b"").hexdigest() != before or again.metadata() != meta:
            raise SystemExit(f"{name}: the estimator or metadata changed while adding fingerprints")
        print(f"{name}: {n} training texts fingerprinted")


if __name__ == "__main__":
    main()
