"""Write the shipped ``difficulty-en`` / ``difficulty-de`` / ``difficulty-multi`` bundles.

    python scripts/build_difficulty_bundles.py --dev-run RUN1 [--final-run RUN2] [--data-dir DIR]

``RUN1/weights.npz`` is a fine-tuning run on the official train files (``interlang train
difficulty`` writes the same arrays): its dev logits give the temperature and the reported dev
metrics. ``RUN2/weights.npz`` (optional) is the same recipe refit on train + dev, the model
that ships; its dev figures would be optimistic, so the bundle records RUN1's. The three
bundles share the weights and differ in language and notes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from interlang.models.shipped import SHIPPED
from interlang.tasks.difficulty_data import load_sentence_data
from interlang.tasks.difficulty_training import _corpus_infos, difficulty_bundle, finish_fit

ROOT = Path(__file__).resolve().parents[1] / "src" / "interlang" / "models" / "shipped"
NOTES = {
    "difficulty-en": ["English: CEFR-SP and ReadMe++ English are in its training data"],
    "difficulty-de": ["German: no German CEFR-labelled sentences exist here; the multilingual model's transfer, "
                      "validated on Klexikon, DEplain and TextComplexityDE19 (benchmarks/difficulty.py)"],
    "difficulty-multi": ["trained on en, ar, fr, hi, ru; any other language e5 covers gets its cross-lingual transfer, "
                         "unvalidated where no labelled corpus exists"],
}


def _factors(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: v for k, v in arrays.items() if k.endswith((".a", ".b"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev-run", type=Path, required=True)
    parser.add_argument("--final-run", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    train, dev = load_sentence_data(args.data_dir)
    run1 = dict(np.load(args.dev_run / "weights.npz"))
    info1 = json.loads((args.dev_run / "run.json").read_text())
    training = {"config": info1["config"], "seconds": round(info1["seconds"], 1), "steps": info1["steps"],
                "seconds_per_step": round(info1["s_per_step"], 3), "history": info1.get("history", []),
                "train_sentences": len(train), "dev_sentences": len(dev), "target_policy": "max"}
    fit = finish_fit(_factors(run1), run1["head_weight"], run1["head_bias"], run1["dev_logits"], dev, training)
    if args.final_run is not None:
        run2 = dict(np.load(args.final_run / "weights.npz"))
        info2 = json.loads((args.final_run / "run.json").read_text())
        fit.factors, fit.head_weight, fit.head_bias = _factors(run2), run2["head_weight"], run2["head_bias"]
        fit.training["refit_on_train_and_dev"] = {"sentences": info2["n"], "seconds": round(info2["seconds"], 1),
                                                  "seconds_per_step": round(info2["s_per_step"], 3)}
        fit.metrics["note"] = ("dev figures are those of the same recipe trained on the train files only; "
                               "the shipped weights were refit on train + dev")
    corpora = _corpus_infos(train, dev)
    for name, (_, lang, folder) in SHIPPED.items():
        if not name.startswith("difficulty-"):
            continue
        bundle = difficulty_bundle(name, None if lang == "*" else lang, fit, corpora=corpora, notes=NOTES[name])
        print(bundle.save(ROOT / folder, overwrite=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
