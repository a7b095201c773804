"""Train the shipped n-gram proficiency models (level-it, level-cs) under the CV protocol.

    python scripts/train_level_ngram.py [--only level-it] [--repeats 3]

Each model's parameters are the candidate that ``benchmarks/proficiency_cv.py`` chose: the best
mean weighted-F1 over 3 × 5-fold CV, where a candidate within one sd of the best that reads the
text as written (no cleaning, so the explanation can mark the writer's own words) is preferred.
The CV is run again here on the same data and stored in the bundle (``metrics.cv``), then the
model is refit on every text.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "interlang" / "models" / "shipped"

#: shipped name → (corpus, NgramClassifier parameters chosen by benchmarks/proficiency_cv.py).
MODELS = {
    "level-it": ("merlin-it", {"classifier": "logreg", "C": 1.0, "clean": False}),
    "level-cs": ("merlin-cz", {"classifier": "logreg", "C": 10.0, "clean": False}),
}


def main() -> None:
    from interlang.tasks.proficiency_ngram import train_ngram_level

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(MODELS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    for name, (corpus, params) in MODELS.items():
        if args.only and name != args.only:
            continue
        cv = train_ngram_level(corpus, params=params, out=SHIPPED / name, name=name, data_dir=args.data_dir,
                               n_repeats=args.repeats, overwrite=True)
        m = cv["metrics"]
        print(f"{name}: {corpus} {cv['protocol']}: weighted-F1 {m['weighted_f1']['mean']:.3f} ± "
              f"{m['weighted_f1']['sd']:.3f}, macro-F1 {m['macro_f1']['mean']:.3f}, QWK {m['qwk']['mean']:.3f}, "
              f"ECE {m['ece']['mean']:.3f}")


if __name__ == "__main__":
    main()
