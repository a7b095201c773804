"""Add the numpy-only compiled form to the shipped level bundles (fast ``analyze`` cold start).

    python scripts/compile_level_models.py [--only level-de] [--check]

For each shipped level bundle: load it with its full estimator, extract the compiled model
(:func:`interlang.models.compiled.compile_level_model`), check that it reproduces the full
pipeline's probabilities (within 1e-9, same arg-max) and explanation ranking on a few texts,
and re-save the bundle with ``arrays/compiled.npz`` + ``json/compiled.json``. Every other file
and all metadata are kept; the stored estimator file is written back byte for byte, and its
SHA-256 is recorded in the compiled payload so a later change of the estimator disables the
stale compiled form. ``--check`` verifies without writing. Run it again after retraining.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

import numpy as np

TOLERANCE = 1e-9

#: Short texts besides the shipped sample, per language (a range of lengths and levels).
TEXTS = {
    "de": [
        "Ich heiße Anna. Ich wohne in Berlin. Ich habe eine Katze.",
        "Gestern bin ich mit meinem Bruder ins Kino gegangen, weil der Film sehr gut war.",
        "Obwohl die Digitalisierung zahlreiche Vorteile mit sich bringt, dürfen die sozialen "
        "Folgen für ältere Menschen, die den Anschluss zu verlieren drohen, nicht unterschätzt werden.",
        "Hallo",
    ],
    "en": [
        "My name is Tom. I like football. I have a dog.",
        "Last summer I went to London with my family and we visited many museums, which was great.",
        "Although globalisation has undeniably fostered economic growth, its distributional "
        "consequences have provoked a considerable backlash that policymakers can no longer ignore.",
        "Hello",
    ],
}


def verify(name: str, texts: list[str]) -> float:
    """Largest |compiled − full| probability difference over ``texts`` (raises on a mismatch)."""
    from interlang.features import extract
    from interlang.models.predict import LevelPredictor
    from interlang.text import parse

    fast = LevelPredictor.load(name)
    full = LevelPredictor.load(name, compiled=False)
    if fast.compiled is None:
        raise SystemExit(f"{name}: the compiled model was not picked up")
    worst = 0.0
    for text in texts:
        values = dict(extract(parse(text, full.language or "")).values)
        a = fast.predict_features(values, text)
        b = full.predict_features(values, text)
        pa = np.array([a.probabilities[k] for k in full.labels])
        pb = np.array([b.probabilities[k] for k in full.labels])
        worst = max(worst, float(np.abs(pa - pb).max()))
        if a.level != b.level or worst > TOLERANCE:
            raise SystemExit(f"{name}: compiled model differs ({a.level} vs {b.level}, {worst:.3g})")
        if [r["feature"] for r in a.reasons] != [r["feature"] for r in b.reasons] or a.reasons != b.reasons:
            raise SystemExit(f"{name}: compiled explanation differs: {a.reasons} vs {b.reasons}")
    return worst


def compile_bundle(name: str, *, write: bool = True) -> None:
    from interlang.analysis import sample_text
    from interlang.models.bundle import Bundle
    from interlang.models.compiled import PAYLOAD, compile_level_model
    from interlang.models.shipped import shipped_path

    path = shipped_path(name)
    if path is None:
        print(f"{name}: not installed, skipped")
        return
    full = Bundle.load(path)
    arrays, meta = compile_level_model(full)
    lazy = Bundle.load(path, load_estimator=False)
    stored = lazy.estimator_bytes
    assert stored is not None
    meta["estimator_sha256"] = hashlib.sha256(stored).hexdigest()
    lang = full.language or ""
    texts = [sample_text(lang), *TEXTS.get(lang, [])]
    if write:
        lazy.save_arrays(PAYLOAD, arrays)
        lazy.save_json(PAYLOAD, meta)
        lazy.save(path, overwrite=True)
        again = Bundle.load(path)  # the old, full loading path still works
        assert again.metadata() == full.metadata(), "metadata changed"
    worst = verify(name, texts)
    print(f"{name}: compiled {len(arrays)} arrays; max |Δp| = {worst:.2e} on {len(texts)} texts")


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
