"""Train the shipped L1 models: l1-en on ICLE500, l1-de on MERLIN-de (L1s with >= 20 texts).

Usage: python scripts/train_l1_models.py [--data-dir DIR] [--out src/interlang/models/shipped]

ICLE500 keeps its 25 L1s with >= 10 texts (Urdu, 3 texts, is dropped). MERLIN-de L1s with fewer than 20 texts (Chinese 9, Czech 6, German 5) and texts whose L1 is
"not reported" / "other" are dropped, not merged into an "other" class: such a class would mix
unrelated languages and teach nothing about transfer. The counts are in bundle.extra["dropped"].
Vocabulary sizes are capped and the fitted model compacted (float32 coefficients, vocabularies as
one byte array: ``compact_estimator``) so each bundle stays < 5 MB.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from interlang.models.compiled_ngram import add_compiled_ngram
from interlang.models.compiling import CHECK_TEXTS
from interlang.models.ngram import compact_estimator
from interlang.tasks.l1_training import train_l1
from interlang.text.samples import sample_text

SETTINGS: dict[str, dict[str, Any]] = {
    "l1-en": {"corpus": "icle500", "model": "plain-svm", "min_texts": 10, "max_features": 12000},
    "l1-de": {"corpus": "merlin-de", "model": "plain-svm", "min_texts": 20, "max_features": 25000},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "src/interlang/models/shipped"))
    parser.add_argument("--only", choices=sorted(SETTINGS), default=None)
    args = parser.parse_args()
    for name, cfg in SETTINGS.items():
        if args.only and name != args.only:
            continue
        start = time.perf_counter()
        params = {k: v for k, v in cfg.items() if k not in ("corpus", "model")}
        bundle = train_l1(cfg["corpus"], name=name, model=cfg["model"], data_dir=args.data_dir, **params)
        compact_estimator(bundle.estimator)
        path = bundle.save(Path(args.out) / name, overwrite=True)
        # The numpy-only form that `analyze` uses (checked against the estimator).
        lang = str(bundle.language)
        delta = add_compiled_ngram(path, [sample_text(lang), *CHECK_TEXTS.get(lang, [])])
        print(f"{name}: compiled form max |dp| = {delta:.1e}")
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        print(f"{name}: {len(bundle.labels)} L1s, {size / 1e6:.2f} MB, {time.perf_counter() - start:.0f}s -> {path}")


if __name__ == "__main__":
    main()
