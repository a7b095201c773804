"""Warm single-text latency of ``interlang.analyze`` (the REST prediction endpoint's floor).

    python benchmarks/latency.py [--n 30] [--min-words 130] [--max-words 170]

The first ``--n`` MERLIN-de texts of 130–170 words, analysed one at a time in one warm process
(models loaded by a first call that is not timed), in four configurations: every default model
with reasons; without reasons (``explain=False``); without reading difficulty (the e5 encoder,
≈ 1 GFLOP a sentence, is most of the time); difficulty alone. Also the e5 encoder by itself on
the same texts' sentences. Prints p50/p95 in ms and writes ``benchmarks/results/latency.json``.
Issue 14's target: ``analyze`` p50 ≤ 30 ms with every default model.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
from _common import machine, print_table, write_results

CONFIGS: dict[str, dict[str, bool]] = {
    "all defaults": {},
    "explain=False": {"explain": False},
    "no difficulty, explain=False": {"difficulty": False, "explain": False},
    "difficulty only": {"level": False, "l1": False, "explain": False},
}


def main() -> None:
    from interlang.analysis import analyze, load
    from interlang.corpora import read_corpus
    from interlang.text.sentences import split_sentences

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--min-words", type=int, default=130)
    parser.add_argument("--max-words", type=int, default=170)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    texts = [r.text for r in read_corpus("merlin-de", data_dir=args.data_dir)[0]
             if args.min_words <= len(r.text.split()) <= args.max_words][: args.n]
    analyze(texts[0], lang="de")  # load every model once
    rows: list[dict[str, Any]] = []
    for name, options in CONFIGS.items():
        times = []
        for text in texts:
            start = time.perf_counter()
            analyze(text, lang="de", **options)
            times.append(time.perf_counter() - start)
        rows.append({"config": name, "n": len(texts), "p50_ms": round(1000 * float(np.median(times)), 1),
                     "p95_ms": round(1000 * float(np.percentile(times, 95)), 1)})
    encoder = load("difficulty-de").model.encoder
    sentences = [[text[a:b] for a, b in split_sentences(text)] for text in texts]
    times = []
    for group in sentences:
        start = time.perf_counter()
        encoder.encode(group)
        times.append(time.perf_counter() - start)
    rows.append({"config": "e5 encode of the text's sentences", "n": len(texts),
                 "p50_ms": round(1000 * float(np.median(times)), 1), "p95_ms": round(1000 * float(np.percentile(times, 95)), 1),
                 "sentences_per_text": round(float(np.mean([len(s) for s in sentences])), 1)})
    print_table(rows, ["config", "n", "p50_ms", "p95_ms", "sentences_per_text"])
    path = write_results("latency", {"command": "python benchmarks/latency.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v is not None), "machine": machine(), "results": rows})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
