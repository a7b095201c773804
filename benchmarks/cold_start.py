"""Cold start of ``interlang analyze``: wall time and peak RSS of a fresh process.

    python benchmarks/cold_start.py [--repeat 5]

Budget (DEVELOPERS guide): ≤ 3 s and ≤ 1 GiB RSS with every default model loaded.
Writes ``benchmarks/results/cold_start.json``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, print_table, write_results

BUDGET_S = 3.0
BUDGET_MIB = 1024.0


def run_once(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``interlang`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "interlang.cli", *args], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    wall = time.perf_counter() - start
    # ru_maxrss of children is the max over all waited-for children: run each case in order of
    # growing footprint or read it per case from a fresh interpreter (done below).
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(after, before) / 1024


def measure(args: list[str], repeat: int) -> dict[str, Any]:
    # A fresh parent per case so RUSAGE_CHILDREN reflects this case only.
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import sys, json; sys.path.insert(0, {here!r}); from cold_start import run_once; "
        f"print(json.dumps([run_once({args!r}) for _ in range({repeat})]))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    import json

    runs = json.loads(out.strip().splitlines()[-1])
    walls = [w for w, _ in runs]
    return {
        "command": "interlang " + " ".join(args),
        "runs": repeat,
        "median_s": round(statistics.median(walls), 3),
        "max_s": round(max(walls), 3),
        "peak_rss_mib": round(max(r for _, r in runs), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = [["analyze", "--sample", "de"], ["analyze", "--sample", "en"], ["analyze", "--sample", "el"],
             ["analyze", "--sample", "de", "--json"]]
    rows = [measure(c, args.repeat) for c in cases]
    for row in rows:
        row["within_budget"] = row["max_s"] <= BUDGET_S and row["peak_rss_mib"] <= BUDGET_MIB
    print_table(rows, ["command", "runs", "median_s", "max_s", "peak_rss_mib", "within_budget"])
    path = write_results("cold_start", {"machine": machine(), "budget_s": BUDGET_S,
                                        "budget_rss_mib": BUDGET_MIB, "rows": rows})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
