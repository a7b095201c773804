"""Reading difficulty: the shipped difficulty models on every reading corpus here.

    python benchmarks/difficulty.py [--data-dir DIR] [--klexikon-pairs 300] [--max-sentences 40]

* **Sentences** (CEFR-SP, ReadMe++ en/ar/fr/hi/ru), two estimates on the official dev/val files
  (the test files are held out by the project owners). ``train-only``: the figures stored in
  the bundle by the run trained on the train files alone (dev used only to stop early and fit
  the temperature): the honest estimate. ``shipped (dev seen)``: the shipped weights, refit on
  train+dev, re-scored here: in-sample, so optimistic; it checks the refit, not generalisation.
  Macro-F1, QWK, Pearson/Spearman of the expected level, ECE.
* **Documents**, with no training on them (so no split can leak): OneStopEnglish (share of an
  article's version pairs ordered elementary < intermediate < advanced), Klexikon
  (P(children's article easier than the Wikipedia one), seeded sample of pairs), DEplain
  (AUC plain vs standard), TextComplexityDE19 (Spearman of the expected level with the
  learners' complexity rating). A document is scored on its first ``--max-sentences``
  sentences (0: all of them): the model's document level is a word-weighted mean over
  sentences, so a cap trades a little of each long article for a run of minutes, not hours.
* Speed: sentences/s of the NumPy encoder on this machine, and the training time per step.

Writes ``benchmarks/results/difficulty.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, peak_rss_mib, print_table, write_results

ORDER = {"elementary": 0, "intermediate": 1, "advanced": 2}


#: Sentences scored per document (``--max-sentences``); 0 scores every sentence.
MAX_SENTENCES = 40


def _expected(predictor: Any, texts: list[str]) -> np.ndarray:
    from interlang.text.sentences import split_sentences

    spans = [split_sentences(t) for t in texts]
    if MAX_SENTENCES:
        spans = [s[:MAX_SENTENCES] for s in spans]
    return np.asarray([a.expected for a in predictor.model.assess_many(texts, spans)])


def sentence_rows(data_dir: Path | None, model: str) -> list[dict[str, Any]]:
    from interlang.analysis.predictors import load
    from interlang.tasks.difficulty_data import load_sentence_data
    from interlang.tasks.difficulty_training import dev_metrics

    _, dev = load_sentence_data(data_dir)
    predictor = load(model)
    started = time.perf_counter()
    proba = predictor.model.sentence_proba(dev.texts)
    seconds = time.perf_counter() - started
    metrics = dev_metrics(proba, np.asarray(dev.gold), np.asarray(dev.corpus), np.asarray(dev.lang))
    rows = [{"corpus": k, "model": model, "estimate": "shipped (dev seen)", **v} for k, v in metrics.items()]
    stored = (predictor.bundle.metrics or {}).get("dev", {})
    rows += [{"corpus": k, "model": model, "estimate": "train-only", **v} for k, v in stored.items()]
    rows.append({"corpus": "speed", "model": model, "n": len(dev), "sentences_per_s": round(len(dev) / seconds, 1)})
    return rows


def onestop(data_dir: Path | None, predictor: Any) -> dict[str, Any]:
    from interlang.corpora import read_corpus

    records, _ = read_corpus("onestopenglish", data_dir=data_dir)
    by_article: dict[str, dict[int, str]] = defaultdict(dict)
    for r in records:
        level = (r.metadata or {}).get("level")
        if level in ORDER:
            by_article[str(r.prompt_id)][ORDER[level]] = r.text
    articles = [a for a, v in by_article.items() if len(v) == 3]
    texts = [by_article[a][k] for a in articles for k in range(3)]
    score = _expected(predictor, texts).reshape(len(articles), 3)
    pairs = [(0, 1), (1, 2), (0, 2)]
    ok = sum(int(row[i] < row[j]) for row in score for i, j in pairs)
    return {"corpus": "onestopenglish", "n_articles": len(articles),
            "pairs_ordered": round(ok / (3 * len(articles)), 4),
            "mean_expected": [round(float(x), 3) for x in score.mean(axis=0)]}


def klexikon(data_dir: Path | None, predictor: Any, n_pairs: int, seed: int = 13) -> dict[str, Any]:
    from interlang.corpora import read_corpus

    records, _ = read_corpus("klexikon", data_dir=data_dir)
    pairs: dict[str, dict[str, str]] = defaultdict(dict)
    for r in records:
        pairs[str(r.prompt_id)][str((r.metadata or {}).get("level"))] = r.text
    keys = sorted(k for k, v in pairs.items() if {"simple", "standard"} <= set(v))
    rng = np.random.default_rng(seed)
    chosen = [keys[i] for i in rng.choice(len(keys), size=min(n_pairs, len(keys)), replace=False)]
    simple = _expected(predictor, [pairs[k]["simple"] for k in chosen])
    standard = _expected(predictor, [pairs[k]["standard"] for k in chosen])
    return {"corpus": "klexikon", "n_pairs": len(chosen), "p_simple_easier": round(float(np.mean(simple < standard)), 4),
            "mean_expected": [round(float(simple.mean()), 3), round(float(standard.mean()), 3)]}


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of a standard text > score of a plain one), ties half."""
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size)


def deplain(data_dir: Path | None, predictor: Any) -> dict[str, Any]:
    from interlang.corpora import read_corpus

    records, _ = read_corpus("deplain-web-doc", data_dir=data_dir)
    kept = [r for r in records if (r.metadata or {}).get("level") in ("plain", "standard")]
    expected = _expected(predictor, [r.text for r in kept])
    is_plain = np.asarray([(r.metadata or {}).get("level") == "plain" for r in kept])
    claimed: dict[str, list[float]] = defaultdict(list)
    for r, e in zip(kept, expected, strict=True):
        claimed[str((r.metadata or {}).get("claimed_cefr"))].append(float(e))
    return {"corpus": "deplain-web-doc", "n_plain": int(is_plain.sum()), "n_standard": int((~is_plain).sum()),
            "auc_standard_harder": round(_auc(expected[~is_plain], expected[is_plain]), 4),
            "mean_expected_by_claimed_level": {k: round(float(np.mean(v)), 3) for k, v in sorted(claimed.items())}}


def tcde19(data_dir: Path | None, predictor: Any) -> dict[str, Any]:
    from scipy.stats import pearsonr, spearmanr

    from interlang.corpora import read_corpus

    records, _ = read_corpus("textcomplexityde19", data_dir=data_dir)
    rating = np.asarray([float((r.metadata or {})["complexity"]) for r in records])
    expected = predictor.model.sentence_proba([r.text for r in records]) @ np.arange(1, 7)
    return {"corpus": "textcomplexityde19", "n": len(records),
            "spearman": round(float(spearmanr(expected, rating)[0]), 4),
            "pearson": round(float(pearsonr(expected, rating)[0]), 4)}


def main(argv: list[str] | None = None) -> int:
    global MAX_SENTENCES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--klexikon-pairs", type=int, default=300)
    parser.add_argument("--max-sentences", type=int, default=MAX_SENTENCES, help="per document; 0: all")
    args = parser.parse_args(argv)
    MAX_SENTENCES = args.max_sentences
    from interlang.analysis.predictors import load

    sentences = sentence_rows(args.data_dir, "difficulty-multi")
    print_table(sorted((r for r in sentences if r["corpus"] != "speed"), key=lambda r: (r["estimate"], r["corpus"])),
                ["estimate", "corpus", "n", "macro_f1", "qwk", "pearson", "spearman", "ece"])
    documents = []
    for run in (lambda: onestop(args.data_dir, load("difficulty-en")),
                lambda: klexikon(args.data_dir, load("difficulty-de"), args.klexikon_pairs),
                lambda: deplain(args.data_dir, load("difficulty-de")),
                lambda: tcde19(args.data_dir, load("difficulty-de"))):
        started = time.perf_counter()
        row = run()
        row["seconds"] = round(time.perf_counter() - started, 1)
        documents.append(row)
        print(row, flush=True)
    bundle = load("difficulty-multi").bundle
    training = (bundle.extra or {}).get("training", {})
    payload = {"machine": machine(), "sentences": sentences, "documents": documents,
               "training": {k: training.get(k) for k in ("seconds", "steps", "seconds_per_step", "train_sentences")},
               "peak_rss_mib": peak_rss_mib(),
               "max_sentences_per_document": MAX_SENTENCES,
               "command": f"python benchmarks/difficulty.py --max-sentences {MAX_SENTENCES}"}
    print(write_results("difficulty", payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
