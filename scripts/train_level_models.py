"""Train the shipped default level models from the shared corpora.

    python scripts/train_level_models.py [--data-dir DIR] [--only level-de] [--families rf,lgbm]

* ``level-de`` — MERLIN-de (827 essays). Its 3 C2 texts are merged into C1 ("C1+", documented in
  the bundle's ``extra.label_policy``); stratified 70/15/15 split (writer ids are unique per text,
  as in the hidden 20 % split, which is stratified by level).
* ``level-en`` — ICLE500 essays (B1–C2; the single A2 essay merged into B1). CEFR-SP is left out
  on purpose: its items are single sentences, whose length and readability features live on a
  different scale from essays, so mixing them would teach the model "short = low level".

Shipped configurations (each bundle records its options in ``extra.training_options``):

* ``level-de``: ``--only level-de`` (defaults: ordinal vs logreg, 20 TF-IDF components).
* ``level-en``: ``--only level-en --families ordinal --tfidf 10 --C 0.003,0.01,0.03,0.1,0.3,1``
  (dev macro-F1 0.548 against 0.534 for the defaults; tried on dev: 0, 10, 20 components,
  balanced class weights, logreg).

Each family in ``--families`` is trained on the same split and calibrated on dev (chosen by
ECE); the one with the best *dev* macro-F1 (ties: lower dev ECE) ships, so the test split stays
a fair estimate. Bundles are written to ``src/interlang/models/shipped/<name>/``.

A shipped bundle must keep ``interlang analyze``'s fast cold start, so only families the numpy
compiler supports (:data:`COMPILABLE`: ordinal and multinomial logistic regression) may ship;
other families in ``--families`` are trained and printed for comparison only, unless
``--allow-uncompiled``. After saving, the compile step
(:func:`interlang.models.compiling.add_compiled`, as ``scripts/compile_level_models.py``) adds
the compiled form and checks it against the full pipeline; a mismatch stops the script.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"level-de": "merlin-de", "level-en": "icle500"}
MAX_BYTES = 5 * 1024 * 1024
#: Families whose fitted pipelines :func:`interlang.models.compiling.compile_level_model` supports.
COMPILABLE = ("ordinal", "logreg")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _grid(family: str, c_grid: str, class_weight: str) -> dict[str, list[Any]] | None:
    """The hyper-parameter grid from ``--C`` / ``--class-weight`` (None: the family's default)."""
    grid: dict[str, list[Any]] = {}
    if c_grid:
        grid["C"] = [float(c) for c in c_grid.split(",")]
    elif family == "ordinal" and class_weight:
        grid["C"] = [0.01, 0.1, 1.0]
    if family == "ordinal" and class_weight:
        grid["class_weight"] = [None if w == "none" else w for w in class_weight.split(",")]
    return grid or None


def ship(bundle: Any, target: Path, *, compile_model: bool = True) -> tuple[int, float] | None:
    """Save ``bundle`` to ``target`` and add its checked compiled form: ``(n arrays, max |Δp|)``."""
    from interlang.models.compiling import add_compiled

    bundle.save(target, overwrite=True)
    if not compile_model:
        return None
    return add_compiled(target)


def main() -> None:
    from interlang.tasks.level_data import load_level_data
    from interlang.tasks.level_training import train_level

    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--only", default=None, help="level-de or level-en")
    ap.add_argument("--families", default="ordinal,logreg")
    ap.add_argument(
        "--allow-uncompiled", action="store_true",
        help="let a family without a compiled form ship (slow analyze cold start)",
    )
    ap.add_argument("--tfidf", type=int, default=20)
    ap.add_argument("--drop", default="", help="comma-separated features to leave out (e.g. read_flesch_amstad)")
    ap.add_argument("--C", default="", help="comma-separated C grid for ordinal/logreg (default: the family's)")
    ap.add_argument(
        "--class-weight", default="",
        help="ordinal class weights to search: comma-separated among none,balanced (default: none only)",
    )
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "interlang" / "models" / "shipped")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    for name, corpus in TARGETS.items():
        if args.only and name != args.only:
            continue
        data = load_level_data(corpus, args.data_dir, n_jobs=args.n_jobs)
        drop = [c for c in args.drop.split(",") if c]
        if drop:
            data = dataclasses.replace(data, X=data.X.drop(columns=[c for c in drop if c in data.X.columns]))
        results = []
        for family in args.families.split(","):
            grid = _grid(family, args.C, args.class_weight)
            r = train_level(
                corpus, family, data=data, name=name, n_jobs=args.n_jobs, tfidf_components=args.tfidf,
                param_grid=grid,
            )
            r.bundle.extra["training_options"] = {
                "tfidf_components": args.tfidf, "dropped_features": drop,
                "param_grid": grid or "family default", "command": " ".join(sys.argv[1:]),
            }
            dev_ece = r.calibration.get("table", {}).get(r.calibration.get("method", "none"), {}).get("ece", 1.0)
            print(f"{name} {family}: dev macro-F1 {r.dev_scores['macro_f1']:.3f} (dev ECE {dev_ece:.3f}) | test "
                  f"acc {r.report.accuracy:.3f} macro-F1 {r.report.macro_f1:.3f} weighted-F1 {r.report.weighted_f1:.3f} "
                  f"QWK {r.report.qwk:.3f} ECE {r.ece_before:.3f}->{r.ece_after:.3f}", flush=True)
            results.append((-r.dev_scores["macro_f1"], dev_ece, family, r))
        results.sort(key=lambda t: (t[0], t[1]))
        eligible = [t for t in results if args.allow_uncompiled or t[2] in COMPILABLE]
        if not eligible:
            raise SystemExit(f"{name}: none of {args.families} can be compiled; add ordinal or logreg")
        if eligible[0] is not results[0]:
            print(f"{name}: {results[0][2]} has the best dev macro-F1 but cannot be compiled; "
                  f"shipping {eligible[0][2]} (--allow-uncompiled to ship it anyway)")
        family, best = eligible[0][2], eligible[0][3]
        best.bundle.extra["selected_from"] = {fam: round(-score, 4) for score, _, fam, _ in results}
        best.bundle.extra["selected_by"] = "dev macro-F1 (ties: dev ECE), among compilable families"
        target = args.out / name
        compiled = ship(best.bundle, target, compile_model=family in COMPILABLE)
        size = _size(target)
        print(f"shipped {name}: {family} ({size / 1e6:.2f} MB) -> {target}")
        if compiled is None:
            print(f"WARNING: {name} has no compiled form: analyze loads scikit-learn (slow cold start)")
        else:
            print(f"{name}: compiled {compiled[0]} arrays; max |Δp| = {compiled[1]:.2e} against the full pipeline")
        if size > MAX_BYTES:
            print(f"WARNING: {name} is larger than {MAX_BYTES / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
