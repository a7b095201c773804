"""Add the numpy-only compiled form to the shipped level bundles (fast ``analyze`` cold start).

    python scripts/compile_level_models.py [--only level-de] [--check]

For each shipped level bundle: :func:`interlang.models.compiling.add_compiled` loads it with its
full estimator, extracts the compiled model, re-saves the bundle with ``arrays/compiled.npz`` +
``json/compiled.json`` (every other file and all metadata kept; the estimator file written back
byte for byte, its SHA-256 recorded so a later change disables the stale compiled form) and
checks that it reproduces the full pipeline's probabilities (within 1e-9, same arg-max) and
explanation on a few texts. ``--check`` verifies the stored compiled form without writing.
``scripts/train_level_models.py`` runs this step itself after training.
"""

from __future__ import annotations

import argparse
import sys


def compile_bundle(name: str, *, write: bool = True) -> None:
    from interlang.models.compiling import add_compiled
    from interlang.models.shipped import shipped_path

    path = shipped_path(name)
    if path is None:
        print(f"{name}: not installed, skipped")
        return
    n_arrays, worst = add_compiled(path, write=write)
    what = "compiled" if write else "checked"
    print(f"{name}: {what} {n_arrays} arrays; max |Δp| = {worst:.2e} against the full pipeline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", help="a shipped level model name (repeatable)")
    parser.add_argument("--check", action="store_true", help="verify the stored compiled form, write nothing")
    args = parser.parse_args()
    names = args.only or ["level-de", "level-en"]
    for name in names:
        compile_bundle(name, write=not args.check)
    sys.exit(0)


if __name__ == "__main__":
    main()
