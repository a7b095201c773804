"""NLI benchmark: every model on ICLE500 and MERLIN-de (L1s >= 20 texts), grouped 5-fold CV.

Folds are grouped by writer (``interlang.evaluation.splits.grouped_kfold``, stratified by L1);
texts are cleaned once (``clean_records``) before the folds. Writes a Markdown table to stdout
and ``benchmarks/results/nli.json``.

Usage: python benchmarks/nli.py [--models plain,plain-svm,stacked,baseline] [--corpora icle500,merlin-de]

The full run takes over 30 minutes on 2 shared cores (stacked: 90 SVM fits per corpus on
unlimited n-gram vocabularies, plus POS tagging); ``--models plain-svm,plain`` is the quick
subset. Each row is written to the JSON as soon as it is measured; rows of other
(corpus, model) pairs already in the file are kept, so runs can be split.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from interlang.corpora import read_corpus
from interlang.corpora.clean import clean_records
from interlang.evaluation.report import evaluate
from interlang.evaluation.splits import grouped_kfold
from interlang.labels import LabelSet
from interlang.models.ngram import make_model, pos_sequences
from interlang.tasks.l1_training import drop_rare

MIN_TEXTS = {"icle500": 10, "merlin-de": 20}


def save(rows: list[dict[str, Any]], out: Path) -> None:
    """Merge ``rows`` into ``out``: a (corpus, model) row replaces the stored one."""
    stored = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else []
    new = {(r["corpus"], r["model"]) for r in rows}
    merged = [r for r in stored if (r["corpus"], r["model"]) not in new] + rows
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")


def run(corpus: str, model_names: list[str], n_splits: int = 5, out: Path | None = None) -> list[dict[str, Any]]:
    records, _ = read_corpus(corpus)
    records, dropped = drop_rare(records, MIN_TEXTS.get(corpus, 20))
    records, cleaning = clean_records(records)
    lang = records[0].language
    texts = [r.text for r in records]
    y = np.asarray([r.l1 for r in records], dtype=object)
    labels = LabelSet.nominal(y.tolist())
    pos_sequences(texts, lang)  # parse once; every fold reuses the cache
    folds = grouped_kfold([r.writer_id or r.id for r in records], n_splits, labels=y)
    rows = []
    for name in model_names:
        proba = np.zeros((len(y), len(labels)))
        fit_s = pred_s = 0.0
        for tr, te in folds:
            start = time.perf_counter()
            model = make_model(name, lang, clean=False).fit([texts[i] for i in tr], y[tr])
            fit_s += time.perf_counter() - start
            start = time.perf_counter()
            p = model.predict_proba([texts[i] for i in te])
            pred_s += time.perf_counter() - start
            cols = [labels.index(str(c)) for c in model.classes_]
            proba[np.ix_(te, cols)] = p
        pred = [labels.labels[j] for j in proba.argmax(axis=1)]
        report = evaluate(y.tolist(), pred, proba, labels=labels, n_bootstrap=0)
        rows.append({
            "corpus": corpus, "model": name, "n": len(y), "n_l1": len(labels),
            "top1": report.top_k[1], "top3": report.top_k[3], "top5": report.top_k[5],
            "macro_f1": report.macro_f1, "train_s": fit_s, "predict_s": pred_s,
            "dropped": dropped, "cleaning": cleaning.to_json(),
        })
        print(f"| {corpus} | {name} | {report.top_k[1]:.3f} | {report.top_k[3]:.3f} | "
              f"{report.macro_f1:.3f} | {fit_s:.0f} | {pred_s:.1f} |", flush=True)
        if out is not None:
            save(rows[-1:], out)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", default="plain,plain-svm,stacked,baseline")
    parser.add_argument("--corpora", default="icle500,merlin-de")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "nli.json"))
    args = parser.parse_args()
    print("| corpus | model | top-1 | top-3 | macro-F1 | train s | predict s |\n|---|---|---|---|---|---|---|")
    for corpus in args.corpora.split(","):
        run(corpus, args.models.split(","), out=Path(args.out))


if __name__ == "__main__":
    main()
