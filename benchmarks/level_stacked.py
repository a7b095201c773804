"""Does a character/word n-gram model help the feature models? MERLIN-de, the level benchmark's split.

    python benchmarks/level_stacked.py [--corpus merlin-de] [--families ordinal,logreg]

Same split as ``benchmarks/level.py`` (``split_indices``, auto: MERLIN-de stratified 70/15/15,
C2 merged into C1 as in the shipped model). An n-gram logistic regression (char 1–5 + word 1–3
TF-IDF, ``NgramClassifier``) is fitted on train; its out-of-fold probabilities on train (5-fold)
and its probabilities on dev/test become extra features (one per level + the expected level) of
the feature model. Rows: the n-gram model alone, each family on the hand-crafted features alone
(no TF-IDF→PCA components, unlike the shipped model), and on features + n-gram probabilities;
no post-hoc calibration. Writes ``benchmarks/results/level_stacked.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from typing import Any

import numpy as np
from _common import machine, print_table, write_results

COLUMNS = ["corpus", "model", "part", "n", "accuracy", "macro_f1", "weighted_f1", "qwk", "ece", "seconds"]


def main() -> None:
    from sklearn.model_selection import StratifiedKFold

    from interlang.evaluation.metrics import (
        accuracy,
        expected_calibration_error,
        macro_f1,
        quadratic_weighted_kappa,
        weighted_f1,
    )
    from interlang.models.ngram import NgramClassifier
    from interlang.tasks.level_data import load_level_data, split_indices
    from interlang.tasks.level_training import fit_family

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="merlin-de")
    ap.add_argument("--families", default="ordinal,logreg")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")

    data = load_level_data(args.corpus, label_map={"C2": "C1"} if args.corpus == "merlin-de" else None)
    parts, how = split_indices(data)
    tr, dv, te = parts.train, parts.dev, parts.test
    labels = data.labels
    names = list(labels.labels)
    texts = np.asarray(data.texts, dtype=object)
    y = data.y
    lang = data.language[:2]

    def ngram() -> Any:
        return NgramClassifier(lang=lang, classifier="logreg", C=10.0, clean=False, families=("char", "word"))

    def proba(model: Any, rows: np.ndarray) -> np.ndarray:
        out = np.zeros((len(rows), len(names)))
        out[:, [names.index(str(c)) for c in model.classes_]] = model.predict_proba(list(texts[rows]))
        return out

    results: list[dict[str, Any]] = []

    def score(model: str, part: str, p: np.ndarray, rows: np.ndarray, seconds: float) -> None:
        pred = np.asarray(names, dtype=object)[p.argmax(axis=1)]
        results.append({
            "corpus": args.corpus, "model": model, "part": part, "n": len(rows),
            "accuracy": accuracy(y[rows], pred, labels), "macro_f1": macro_f1(y[rows], pred, labels),
            "weighted_f1": weighted_f1(y[rows], pred, labels),
            "qwk": quadratic_weighted_kappa(y[rows], pred, labels),
            "ece": expected_calibration_error(y[rows], p, labels), "seconds": round(seconds, 1),
        })

    start = time.perf_counter()
    oof = np.zeros((len(tr), len(names)))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=13).split(tr, y[tr]):
        oof[b] = proba(ngram().fit(list(texts[tr[a]]), y[tr[a]]), tr[b])
    full = ngram().fit(list(texts[tr]), y[tr])
    p_dev, p_test = proba(full, dv), proba(full, te)
    ngram_s = time.perf_counter() - start
    score("ngram-logreg", "test", p_test, te, ngram_s)

    ranks = np.arange(len(names), dtype=float)

    def with_ngram(X: Any, p: np.ndarray) -> Any:
        X = X.copy()
        X["ngram_expected_level"] = p @ ranks
        for i, name in enumerate(names):
            X[f"ngram_p_{name}"] = p[:, i]
        return X

    X = data.X
    Xtr, Xdv, Xte = (X.iloc[idx].reset_index(drop=True) for idx in (tr, dv, te))
    for family in args.families.split(","):
        t0 = time.perf_counter()
        model = fit_family(family, Xtr, y[tr], labels, seed=13, n_jobs=1)
        score(f"{family} (features)", "test", np.asarray(model.predict_proba(Xte)), te, time.perf_counter() - t0)
        t0 = time.perf_counter()
        stacked = fit_family(family, with_ngram(Xtr, oof), y[tr], labels, seed=13, n_jobs=1)
        seconds = time.perf_counter() - t0 + ngram_s
        score(f"{family} (features + n-gram)", "test", np.asarray(stacked.predict_proba(with_ngram(Xte, p_test))), te, seconds)
        score(f"{family} (features + n-gram)", "dev", np.asarray(stacked.predict_proba(with_ngram(Xdv, p_dev))), dv, seconds)
    print(f"{args.corpus}: split {how}, train {len(tr)}, dev {len(dv)}, test {len(te)}")
    print_table(results, COLUMNS)
    command = "python benchmarks/level_stacked.py " + " ".join(sys.argv[1:])
    path = write_results("level_stacked", {"machine": machine(), "command": command.strip(), "results": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
