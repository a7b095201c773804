"""Every level-model family on the level corpora, same split per corpus, test metrics.

    python benchmarks/level.py [--corpora merlin-de,cefr-sp,icle500,onestopenglish]
                               [--families rules,rf,gb,svm,xgb,lgbm,logreg,ordinal] [--n-jobs 2]

Per corpus one split (``interlang.tasks.level_data.split_indices``, ``auto``): MERLIN-de stratified
70/15/15 (writer ids are unique per text), CEFR-SP its official dev file as test (calibration on
15% of train), ICLE500 stratified 70/15/15, OneStopEnglish 3 levels grouped by article. Each
family is fitted on train, calibrated on dev (chosen by ECE) and scored on test. Features come
from the parquet cache of ``train.cached_features`` (extracted once per corpus). Results are
merged into ``benchmarks/results/level.json`` after every run, so a partial run keeps what it did:
a row replaces the stored row of the same corpus and family, every other stored row is kept
(``--fresh`` starts from an empty file). ``runs`` lists the command and machine of each run.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from typing import Any

from _common import RESULTS, machine, print_table, write_results

COLUMNS = [
    "corpus", "family", "n_test", "accuracy", "macro_f1", "weighted_f1", "adjacent", "qwk",
    "ece_before", "ece_after", "calibrator", "train_s", "predict_ms_per_text",
]


def _stored() -> dict[str, Any]:
    """The stored results (``runs`` added to an older single-run file)."""
    path = RESULTS / "level.json"
    if not path.is_file():
        return {"runs": [], "results": []}
    old = json.loads(path.read_text(encoding="utf-8"))
    runs = old.get("runs") or [{"command": old.get("command"), "machine": old.get("machine")}]
    return {"runs": runs, "results": list(old.get("results", []))}


def _merge(stored: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``stored`` with rows of the same (corpus, family) replaced by ``new``, in corpus order."""
    fresh = {(r["corpus"], r["family"]): r for r in new}
    kept = [r for r in stored if (r["corpus"], r["family"]) not in fresh]
    return kept + list(fresh.values())


def main() -> None:
    from interlang.tasks.level_data import load_level_data
    from interlang.tasks.level_training import FAMILIES, train_level

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="merlin-de,cefr-sp,icle500,onestopenglish")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--tfidf", type=int, default=20, help="TF-IDF→PCA components for feature models (0: none)")
    ap.add_argument("--fresh", action="store_true", help="drop the stored rows instead of merging")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows: list[dict[str, Any]] = []
    stored = {"runs": [], "results": []} if args.fresh else _stored()
    command = "python benchmarks/level.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k != "fresh")
    run_info = {"command": command, "machine": machine()}
    payload: dict[str, Any] = {"machine": run_info["machine"], "command": command, "runs": [*stored["runs"], run_info]}
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
            payload["results"] = _merge(stored["results"], rows)
            write_results("level", payload)
    print()
    print_table(payload.get("results", rows), COLUMNS)


if __name__ == "__main__":
    main()
