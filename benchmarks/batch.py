"""Batch scoring throughput and peak memory: local runner (1 and 2 jobs) and Dask LocalCluster.

    python benchmarks/batch.py [--per-corpus 200] [--configs local-1,local-2,dask-2] [--chunk-size 16]

The texts are the first ``--per-corpus`` records of MERLIN-de and of ICLE500 (``read_corpus``;
skipped with a message when the shared data is absent). Each configuration runs in a fresh
Python process, so every one pays for what a user pays: starting workers and loading spaCy and
the shipped models in each of them. ``texts_per_s`` is records / wall time of ``score_records``' loop
(results streamed to a Parquet file in a temporary folder); ``first_row_s`` is the start-up
(workers, spaCy, models) until the first chunk is back, ``after_first_texts_per_s`` the rate
after it; ``cpu_ms_per_text`` is the CPU time of the process and its workers per text, which a
busy machine distorts far less than wall time. ``warm_overhead`` compares, with models and caches
warm, the CPU per text of the serial loop and of the same chunks through an in-process Dask
worker (the Dask path's own cost). Memory: ``peak_rss_total_mib`` is
the largest sum of the resident memory of the process and all its descendants (sampled every
0.2 s with psutil), ``peak_rss_main_mib`` that of the scoring process alone (getrusage).
The machine is shared: the load average before and after each run is stored with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import machine, peak_rss_mib, print_table, write_results

COLUMNS = [
    "config", "workers", "n_texts", "n_skipped", "wall_s", "texts_per_s", "first_row_s",
    "after_first_texts_per_s", "cpu_ms_per_text", "peak_rss_main_mib", "peak_rss_total_mib",
    "load_before", "load_after",
]
CONFIGS = {
    "local-1": ("local", 1),
    "local-2": ("local", 2),
    "dask-2": ("dask", 2),
}
CORPORA = ("merlin-de", "icle500")


class TreeRss:
    """Samples the summed RSS of this process and its descendants in a background thread."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> float:
        import psutil

        total = 0
        for proc in [self._proc, *self._proc.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self._interval)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load_records(per_corpus: int) -> list[Any]:
    from interlang.corpora import read_corpus

    records: list[Any] = []
    for name in CORPORA:
        found, _ = read_corpus(name)
        records += found[:per_corpus]
    return records


def _cpu_s() -> float:
    """CPU seconds of this process and its waited-for descendants (workers, once joined)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child(config: str, per_corpus: int, chunk_size: int) -> dict[str, Any]:
    """One configuration in this (fresh) process; returns its result row.

    Runs ``score_records``' own loop (``iter_scores`` into a ``RowWriter``) so that the arrival of
    the first row, i.e. the start-up cost (workers, spaCy, models), can be timed apart.
    """
    from interlang.batch.score import RowWriter, SkippedRecord, iter_scores, result_columns

    runner, workers = CONFIGS[config]
    records = load_records(per_corpus)
    load_before = os.getloadavg()[0]
    n_scored = n_skipped = 0
    first_s: float | None = None
    cpu_before = _cpu_s()
    with tempfile.TemporaryDirectory() as tmp, TreeRss() as rss:
        start = time.perf_counter()
        with RowWriter(Path(tmp) / "scores.parquet", result_columns()) as writer:
            for outcome in iter_scores(records, runner=runner, n_jobs=workers, chunk_size=chunk_size):  # type: ignore[arg-type]
                if first_s is None:
                    first_s = time.perf_counter() - start
                if isinstance(outcome, SkippedRecord):
                    n_skipped += 1
                else:
                    n_scored += 1
                    writer.write(outcome)
        wall = time.perf_counter() - start
    cpu = _cpu_s() - cpu_before
    first_s = wall if first_s is None else first_s
    rest = len(records) - min(chunk_size, len(records))  # the first chunk arrives whole
    return {
        "config": config, "runner": runner, "workers": workers, "n_texts": len(records),
        "n_scored": n_scored, "n_skipped": n_skipped, "chunk_size": chunk_size,
        "wall_s": round(wall, 2), "texts_per_s": round(len(records) / wall, 3),
        "first_row_s": round(first_s, 2),
        "after_first_texts_per_s": round(rest / (wall - first_s), 3) if rest and wall > first_s else None,
        "cpu_s": round(cpu, 1), "cpu_ms_per_text": round(1000 * cpu / len(records), 1),
        "peak_rss_main_mib": round(peak_rss_mib(), 1), "peak_rss_total_mib": round(rss.peak, 1),
        "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
    }


def overhead(n: int, chunk_size: int) -> dict[str, Any]:
    """Per-text cost of the Dask path itself, models and caches warm: serial, in-process Dask, serial.

    One single-threaded Dask worker as a thread of this process runs the same chunks as the
    serial loop, so the difference is scheduling, (de)serialisation and event-loop overhead.
    """
    import warnings

    from distributed import Client, LocalCluster

    from interlang.batch import score_records

    warnings.simplefilter("ignore")
    records = load_records(max(1, n // 2))
    score_records(records, chunk_size=chunk_size, n_jobs=1, progress=False)  # load models, fill caches
    out: dict[str, Any] = {"n_texts": len(records)}
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        for name, kwargs in (("serial", {"n_jobs": 1}), ("dask_in_process", {"runner": "dask", "scheduler": client}),
                             ("serial_again", {"n_jobs": 1})):
            cpu, start = _cpu_s(), time.perf_counter()
            score_records(records, chunk_size=chunk_size, progress=False, **kwargs)
            out[f"{name}_cpu_ms_per_text"] = round(1000 * (_cpu_s() - cpu) / len(records), 1)
            out[f"{name}_wall_s"] = round(time.perf_counter() - start, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-corpus", type=int, default=200)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--chunk-size", type=int, default=16)
    ap.add_argument("--overhead", type=int, default=48, help="texts for the warm Dask-overhead check (0: skip)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "overhead":
        print(json.dumps(overhead(args.overhead, args.chunk_size)))
        return
    if args.child:
        print(json.dumps(child(args.child, args.per_corpus, args.chunk_size)))
        return

    from interlang.settings import data_dir

    missing = [c for c in CORPORA if not (data_dir() / c).is_dir()]
    if missing:
        print(f"skipped: corpora {', '.join(missing)} not found under {data_dir()} (set INTERLANG_DATA)")
        return
    configs = args.configs.split(",")
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise SystemExit(f"unknown config(s) {unknown}; choose from {list(CONFIGS)}")
    command = (f"python benchmarks/batch.py --per-corpus {args.per_corpus} --configs {args.configs} "
               f"--chunk-size {args.chunk_size} --overhead {args.overhead}")
    rows: list[dict[str, Any]] = []
    payload: dict[str, Any] = {"command": command, "machine": machine(), "corpora": list(CORPORA),
                               "per_corpus": args.per_corpus, "results": rows}
    for config in configs:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", config, "--per-corpus", str(args.per_corpus),
             "--chunk-size", str(args.chunk_size)],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            print(f"{config}: failed\n{proc.stderr[-2000:]}", flush=True)
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(" ".join(f"{k}={row[k]}" for k in COLUMNS), flush=True)
        payload["load_average"] = list(os.getloadavg())
        write_results("batch", payload)
    if args.overhead:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "overhead", "--overhead", str(args.overhead),
             "--chunk-size", str(args.chunk_size)],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode == 0:
            payload["warm_overhead"] = json.loads(proc.stdout.strip().splitlines()[-1])
            payload["warm_overhead"]["load_average"] = list(os.getloadavg())
            print("warm overhead:", payload["warm_overhead"], flush=True)
            write_results("batch", payload)
        else:
            print(f"overhead: failed\n{proc.stderr[-2000:]}", flush=True)
    print()
    print_table(rows, COLUMNS)


if __name__ == "__main__":
    main()
