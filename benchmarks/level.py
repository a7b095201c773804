"""Every level-model family on the level corpora, same split per corpus, test metrics.

    python benchmarks/level.py [--corpora merlin-de,cefr-sp,icle500,onestopenglish]
                               [--families rules,rf,gb,svm,xgb,lgbm,logreg,ordinal] [--n-jobs 2]

Per corpus one split (``interlang.models.train.split_indices``, ``auto``): MERLIN-de stratified
70/15/15 (writer ids are unique per text), CEFR-SP its official dev file as test (calibration on
15% of train), ICLE500 stratified 70/15/15, OneStopEnglish 3 levels grouped by article. Each
family is fitted on train, calibrated on dev (chosen by ECE) and scored on test. Features come
from the parquet cache of ``train.cached_features`` (extracted once per corpus). Results are
appended to ``benchmarks/results/level.json`` after every run, so a partial run keeps what it did.
"""

from __future__ import annotations

import argparse
import time
import warnings

from _common import machine, print_table, write_results

COLUMNS = [
    "corpus", "family", "n_test", "accuracy", "macro_f1", "weighted_f1", "adjacent", "qwk",
    "ece_before", "ece_after", "calibrator", "train_s", "predict_ms_per_text",
]


def main() -> None:
    from interlang.models.train import FAMILIES, load_level_data, train_level

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="merlin-de,cefr-sp,icle500,onestopenglish")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--tfidf", type=int, default=20, help="TF-IDF→PCA components for feature models (0: none)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    payload = {"machine": machine(), "command": "python benchmarks/level.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()), "results": rows}
    for corpus in args.corpora.split(","):
        data = load_level_data(corpus, n_jobs=args.n_jobs)
        for family in args.families.split(","):
            start = time.perf_counter()
            try:
                result = train_level(
                    corpus, family, data=data, n_jobs=args.n_jobs, n_bootstrap=0,
                    tfidf=None if family == "rules" else args.tfidf > 0, tfidf_components=args.tfidf or 20,
                )
            except ImportError as exc:  # xgboost / lightgbm not installed
                print(f"{corpus} {family}: skipped ({exc})", flush=True)
                continue
            rep = result.report
            row = {
                "corpus": corpus, "family": family, "split": result.split, "sizes": list(result.sizes),
                "labels": list(data.labels.labels), "n_test": rep.n, "accuracy": rep.accuracy,
                "macro_f1": rep.macro_f1, "weighted_f1": rep.weighted_f1, "adjacent": rep.adjacent_accuracy,
                "qwk": rep.qwk, "ece_before": result.ece_before, "ece_after": result.ece_after,
                "calibrator": result.calibration.get("method", "none"), "train_s": result.train_seconds,
                "predict_ms_per_text": 1000 * result.predict_seconds_per_text,
                "dev_macro_f1": result.dev_scores.get("macro_f1"),
                "wall_s": time.perf_counter() - start,
                "per_class_f1": {c.label: c.f1 for c in rep.per_class},
            }
            rows.append(row)
            print(" ".join(f"{k}={row[k]:.3f}" if isinstance(row[k], float) else f"{k}={row[k]}" for k in COLUMNS), flush=True)
            write_results("level", payload)
    print()
    print_table(rows, COLUMNS)


if __name__ == "__main__":
    main()
