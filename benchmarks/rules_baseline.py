"""Rule-based CEFR baseline (models.rules) on MERLIN-de: stratified 70/15/15, test metrics.

    python benchmarks/rules_baseline.py [--cache FILE.parquet] [--n-jobs 2] [--objective macro_f1]

Features are extracted once (``extract_features``) and cached to ``--cache``; component tables
are learned on train, weights and temperature on dev, and test is scored with the evaluation
module's metrics. Reference (paper §5.1, its own German corpus, n = 134): accuracy 0.433,
macro F1 0.385, adjacent accuracy 0.881, C2 never predicted.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np
import pandas as pd


def features(cache: Path, n_jobs: int) -> pd.DataFrame:
    if cache.exists():
        return pd.read_parquet(cache)
    from interlang.corpora import read_corpus
    from interlang.features.corpus import extract_features

    frame = extract_features(read_corpus("merlin-de")[0], n_jobs=n_jobs).frame
    frame.to_parquet(cache)
    return frame


def main() -> None:
    from interlang.evaluation import metrics as m
    from interlang.evaluation.splits import train_dev_test_split
    from interlang.labels import CEFR
    from interlang.models.rules import COMPONENTS, RuleBasedClassifier

    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("merlin_de_features.parquet"))
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--objective", default="macro_f1", choices=["macro_f1", "accuracy"])
    args = ap.parse_args()
    df = features(args.cache, args.n_jobs)
    df = df[df["cefr"].notna()].reset_index(drop=True)
    y = df["cefr"].to_numpy(dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # C2 has 3 texts in MERLIN-de
        split = train_dev_test_split(list(y))
    model = RuleBasedClassifier(objective=args.objective)
    model.fit(df.iloc[split.train], y[split.train], df.iloc[split.dev], y[split.dev])
    test = df.iloc[split.test]
    yt, pred, proba = y[split.test], model.predict(test), model.predict_proba(test)
    print(f"n train/dev/test = {split.sizes()}; weights {dict(zip(COMPONENTS, np.round(model.weights_, 2).tolist(), strict=True))}; "
          f"T = {model.temperature_:.2f}")
    print(f"accuracy {m.accuracy(yt, pred, CEFR):.3f}  macro-F1 {m.macro_f1(yt, pred, CEFR):.3f}  "
          f"adjacent {m.adjacent_accuracy(yt, pred, CEFR):.3f}  QWK {m.quadratic_weighted_kappa(yt, pred, CEFR):.3f}  "
          f"ECE {m.expected_calibration_error(yt, proba, CEFR):.3f}")
    print(m.confusion_matrix(yt, pred, CEFR))
    traces = model.predict_trace(test)
    for comp in COMPONENTS:
        levels = [t["components"][comp]["level"] or "B1" for t in traces]
        print(f"{comp:12s} alone: accuracy {m.accuracy(yt, levels, CEFR):.3f}  macro-F1 {m.macro_f1(yt, levels, CEFR):.3f}")


if __name__ == "__main__":
    main()
