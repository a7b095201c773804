"""train_level on a tiny synthetic corpus: splits, cache, calibration record, bundle round trip."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from interlang.labels import LabelSet
from interlang.tasks.level_data import LevelDataset, cached_features, split_indices
from interlang.tasks.level_training import train_level
from interlang.tasks.policies import label_set_for

SIMPLE = ["I like my cat.", "The sun is hot.", "We go to school.", "He has a red car.", "I eat bread."]
COMPLEX = [
    "Although the committee had deliberated extensively, its recommendations remained controversial among economists.",
    "Notwithstanding considerable opposition, the legislation was eventually enacted, thereby transforming regulation.",
    "The researchers hypothesised that environmental degradation would accelerate unless governments intervened decisively.",
]


def _corpus(path: Path, n_per_level: int = 10) -> Path:
    """A CSV corpus of two clearly different levels (A2: short, simple; C1: long, complex)."""
    rng = np.random.default_rng(0)
    rows = []
    for i in range(n_per_level):
        rows.append({"id": f"a{i}", "text": " ".join(rng.choice(SIMPLE, 3 + i % 3)), "cefr": "A2", "language": "en"})
        rows.append({"id": f"c{i}", "text": " ".join(rng.choice(COMPLEX, 2 + i % 2)), "cefr": "C1", "language": "en"})
        rows.append({"id": f"b{i}", "text": " ".join(rng.choice(SIMPLE + COMPLEX[:1], 4)), "cefr": "B1", "language": "en"})
    out = path / "tiny.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["id", "text", "cefr", "language"])
        writer.writeheader()
        writer.writerows(rows)
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tiny")
    return _corpus(root), root / "cache"


def _dataset(y: list[str], writers: list[str] | None = None, splits: list[str] | None = None) -> LevelDataset:
    n = len(y)
    X = pd.DataFrame({"f": np.arange(n, dtype=float)})
    return LevelDataset(
        "toy", "en", X, ["t"] * n, np.asarray(y, dtype=object), LabelSet.cefr(("A1", "A2")),
        np.asarray(writers or [str(i) for i in range(n)], dtype=object), np.asarray([""] * n, dtype=object),
        np.asarray(splits or [""] * n, dtype=object), [],
    )


def test_label_set_is_the_contiguous_range_present() -> None:
    assert label_set_for(["B1", "C1", "B1"], "x").labels == ("B1", "B2", "C1")
    assert label_set_for(["advanced"], "onestopenglish").labels == ("elementary", "intermediate", "advanced")


def test_official_train_dev_files_are_used() -> None:
    data = _dataset(["A1", "A2"] * 20, splits=["train"] * 30 + ["dev"] * 10)
    parts, used = split_indices(data)
    assert used == "corpus-train/dev"
    assert set(parts.test) == set(range(30, 40))
    assert set(parts.train) | set(parts.dev) == set(range(30)) and not set(parts.train) & set(parts.dev)


def test_repeated_writers_never_cross_parts() -> None:
    writers = [f"w{i // 3}" for i in range(60)]
    data = _dataset(["A1", "A2"] * 30, writers=writers)
    parts, used = split_indices(data)
    assert used == "writer"
    owner = {}
    for name, idx in zip(("train", "dev", "test"), parts, strict=True):
        for i in idx:
            assert owner.setdefault(writers[i], name) == name


def test_features_are_extracted_once(tiny: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.corpora import read_corpus

    records, _ = read_corpus(tiny[0])
    records = records[:4]
    calls = []
    import interlang.features.corpus as batch

    real = batch.extract_features

    def counting(recs, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(recs))
        return real(recs, **kw)

    monkeypatch.setattr(batch, "extract_features", counting)
    first, _ = cached_features(records, "tiny", cache=tiny[1], n_jobs=1)
    second, _ = cached_features(records, "tiny", cache=tiny[1], n_jobs=1)
    assert calls == [4]
    pd.testing.assert_frame_equal(first, second)
    # a changed text is a different corpus: extracted again
    changed = [records[0].__class__(**{**records[0].__dict__, "text": "A new text."}), *records[1:]]
    cached_features(changed, "tiny", cache=tiny[1], n_jobs=1)
    assert calls == [4, 4]


def test_train_level_bundle_round_trip(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    from interlang.models.bundle import Bundle
    from interlang.models.predict import LevelPredictor

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = train_level(
            str(tiny[0]), "logreg", cache=tiny[1], n_jobs=1, tfidf_components=3,
            param_grid={"C": [1.0]}, n_bootstrap=0,
        )
    bundle = result.bundle
    assert bundle.task == "level" and bundle.labels.labels == ("A2", "B1", "B2", "C1")  # contiguous range
    assert bundle.corpora[0].hash.startswith("sha256:")
    assert "none" in bundle.calibration["table"] and bundle.calibration["selected_by"] == "ece"
    assert bundle.metrics["test"]["n"] == sum(result.sizes[2:])
    assert bundle.extra["tfidf_components"] == 3
    # A1/A2 short texts vs long complex ones are easy: the model must separate A2 from C1
    assert result.report.accuracy > 0.5
    path = bundle.save(tmp_path / "b")
    predictor = LevelPredictor.from_bundle(Bundle.load(path))
    pred = predictor.predict_text("The cat is red. I like the cat.", "en")
    assert pred.level in bundle.labels.labels
    assert abs(sum(pred.probabilities.values()) - 1) < 1e-6
    assert pred.confidence == max(pred.probabilities.values())
    long = predictor.predict_text(" ".join(COMPLEX), "en")
    assert long.probabilities["C1"] > pred.probabilities["C1"]


def test_rules_bundle_stores_json_tables(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    from interlang.models.bundle import Bundle
    from interlang.models.predict import LevelPredictor

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = train_level(str(tiny[0]), "rules", cache=tiny[1], n_jobs=1, n_bootstrap=0)
    assert result.bundle.estimator is None and "rules" in result.bundle.json_names
    loaded = Bundle.load(result.bundle.save(tmp_path / "r"))
    pred = LevelPredictor.from_bundle(loaded).predict_text("I like my cat. The sun is hot.", "en")
    assert pred.level in ("A2", "B1", "B2", "C1")
    assert pred.reason_method is not None and pred.reason_method.startswith("rules")


def _script(name: str) -> Any:
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("family", ["ordinal", "logreg"])
def test_training_script_ships_a_checked_compiled_form(family: str, tiny: tuple[Path, Path], tmp_path: Path) -> None:
    """``train_level_models.ship`` saves the bundle and adds a compiled form equal to the full pipeline."""
    from interlang.models.compiling import add_compiled
    from interlang.models.predict import LevelPredictor

    script = _script("train_level_models")
    assert family in script.COMPILABLE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = train_level(str(tiny[0]), family, cache=tiny[1], n_jobs=1, tfidf_components=3, n_bootstrap=0)
    texts = ["The cat is red. I like the cat.", " ".join(COMPLEX), "Hello"]
    n_arrays, worst = script.ship(result.bundle, tmp_path / "level-x")
    assert n_arrays > 0 and worst <= 1e-9
    fast = LevelPredictor.load(tmp_path / "level-x")
    full = LevelPredictor.load(tmp_path / "level-x", compiled=False)
    assert fast.compiled is not None and full.compiled is None
    for text in texts:
        a, b = fast.predict_text(text, "en"), full.predict_text(text, "en")
        assert a.level == b.level and a.reasons == b.reasons
        assert max(abs(a.probabilities[k] - b.probabilities[k]) for k in b.probabilities) <= 1e-9
    # The stand-alone check (compile_level_models.py --check) agrees with what was stored.
    assert add_compiled(tmp_path / "level-x", texts=texts, write=False)[1] <= 1e-9


def test_uncompilable_family_is_not_compiled(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    from interlang.errors import ModelError
    from interlang.models.compiling import add_compiled

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = train_level(
            str(tiny[0]), "rf", cache=tiny[1], n_jobs=1, tfidf_components=3, n_bootstrap=0,
            param_grid={"n_estimators": [10]},
        )
    assert _script("train_level_models").ship(result.bundle, tmp_path / "rf", compile_model=False) is None
    with pytest.raises(ModelError, match="not supported"):
        add_compiled(tmp_path / "rf")
