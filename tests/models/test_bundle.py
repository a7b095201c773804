"""Bundle save → load roundtrips (directory and zip), validation errors and data_hash."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from interlang.corpora.record import Record
from interlang.errors import ModelError
from interlang.labels import CEFR
from interlang.models import Bundle, CorpusInfo, data_hash
from interlang.models.bundle import FORMAT_VERSION

pytest.importorskip("skops", reason="skops is the safe estimator format: pip install skops")

LEVELS = CEFR.labels[:4]


@pytest.fixture(scope="module")
def fitted() -> tuple[object, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 5))
    y = np.array(LEVELS)[np.argmax(X[:, :4] + rng.normal(0, 0.5, (120, 4)), axis=1)]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X, y)
    return model, X


def _bundle(estimator: object = None) -> Bundle:
    records = [Record(id=str(i), text=f"text {i}", language="en", cefr=LEVELS[i % 4]) for i in range(8)]
    return Bundle(
        name="level-en-test",
        task="level",
        labels=CEFR.cefr(LEVELS),
        estimator=estimator,
        features=[f"f{i}" for i in range(5)],
        language="en",
        corpora=[CorpusInfo("toy", data_hash(records), 8, "CC BY-NC-SA 4.0", non_commercial=True)],
        licence="CC BY-NC-SA 4.0",
        non_commercial=True,
        metrics={"macro_f1": 0.5, "qwk": None},
        calibration={"method": "temperature", "temperature": 1.3},
        seed=7,
    )


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_roundtrip_gives_identical_predict_proba(tmp_path: Path, fitted, suffix: str) -> None:  # type: ignore[no-untyped-def]
    model, X = fitted
    bundle = _bundle(model)
    bundle.save_json("rules", {"thresholds": [2.5, 2.75], "weights": {"vocabulary": 0.31}})
    bundle.save_arrays("centroids", {"mean": np.arange(6.0).reshape(2, 3), "ids": np.arange(3)})
    path = bundle.save(tmp_path / f"model{suffix}")
    if suffix:
        assert zipfile.is_zipfile(path)
    else:
        assert (path / "bundle.json").is_file() and (path / "estimator.skops").is_file()

    loaded = Bundle.load(path)
    np.testing.assert_array_equal(loaded.estimator.predict_proba(X), model.predict_proba(X))
    assert list(loaded.estimator.classes_) == list(model.classes_)
    assert loaded.labels == bundle.labels and loaded.labels.ordinal
    assert loaded.estimator_class == "sklearn.pipeline.Pipeline"
    assert (loaded.name, loaded.task, loaded.language, loaded.seed) == ("level-en-test", "level", "en", 7)
    assert loaded.corpora == bundle.corpora and loaded.non_commercial
    assert loaded.metrics == {"macro_f1": 0.5, "qwk": None}
    assert loaded.calibration == {"method": "temperature", "temperature": 1.3}
    assert loaded.created == bundle.created and loaded.features == bundle.features
    assert loaded.load_json("rules")["thresholds"] == [2.5, 2.75]
    arrays = loaded.load_arrays("centroids")
    np.testing.assert_array_equal(arrays["mean"], np.arange(6.0).reshape(2, 3))
    assert arrays["ids"].dtype == np.arange(3).dtype


def test_metadata_fields(tmp_path: Path) -> None:
    path = _bundle().save(tmp_path / "b")
    meta = json.loads((path / "bundle.json").read_text())
    for key in (
        "format_version", "interlang_version", "task", "name", "labels", "features", "language",
        "corpora", "licence", "non_commercial", "metrics", "calibration", "seed", "created",
        "estimator_class",
    ):
        assert key in meta
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["corpora"][0]["hash"].startswith("sha256:")
    assert meta["estimator_class"] is None and meta["estimator_format"] is None
    assert Bundle.load(path).estimator is None


def test_save_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    path = _bundle().save(tmp_path / "b")
    with pytest.raises(ModelError, match="already exists"):
        _bundle().save(path)
    _bundle().save(path, overwrite=True)
    assert Bundle.load(path).name == "level-en-test"


def test_missing_and_corrupted_files(tmp_path: Path, fitted) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError, match="does not exist"):
        Bundle.load(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match=r"bundle\.json is missing"):
        Bundle.load(tmp_path / "empty")

    path = _bundle(fitted[0]).save(tmp_path / "b")
    (path / "estimator.skops").unlink()
    with pytest.raises(ModelError, match=r"estimator\.skops is missing"):
        Bundle.load(path)

    bundle = _bundle()
    bundle.save_json("rules", {"a": 1})
    path = bundle.save(tmp_path / "c")
    (path / "json" / "rules.json").write_text('{"a": 2}')
    with pytest.raises(ModelError, match="checksum"):
        Bundle.load(path)

    (path / "bundle.json").write_text("{not json")
    with pytest.raises(ModelError, match="corrupted"):
        Bundle.load(path)


def test_wrong_format_version(tmp_path: Path) -> None:
    path = _bundle().save(tmp_path / "b")
    meta = json.loads((path / "bundle.json").read_text())
    meta["format_version"] = FORMAT_VERSION + 1
    (path / "bundle.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="newer"):
        Bundle.load(path)
    del meta["format_version"]
    (path / "bundle.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="format_version"):
        Bundle.load(path)


def test_untrusted_types_need_an_explicit_allow_list(tmp_path: Path) -> None:
    X = np.random.default_rng(1).normal(size=(40, 3))
    y = np.array(["A1", "A2"] * 20)
    model = make_pipeline(FunctionTransformer(abs), LogisticRegression()).fit(X, y)
    path = _bundle(model).save(tmp_path / "b")
    with pytest.raises(ModelError, match="allow-list"):
        Bundle.load(path)
    loaded = Bundle.load(path, trusted=["builtins.abs"])
    np.testing.assert_array_equal(loaded.estimator.predict_proba(X), model.predict_proba(X))


def test_invalid_payloads_are_refused() -> None:
    bundle = _bundle()
    with pytest.raises(ValueError, match="name"):
        bundle.save_json("../evil", {})
    with pytest.raises(ValueError, match="JSON"):
        bundle.save_json("bad", {"x": float("nan")})
    with pytest.raises(ValueError, match="object"):
        bundle.save_arrays("bad", {"x": np.array([{}, None])})
    with pytest.raises(ModelError, match="no JSON payload"):
        bundle.load_json("absent")
    with pytest.raises(ValueError, match="task"):
        Bundle(name="x", task="grammar", labels=CEFR)


def test_joblib_fallback_needs_explicit_trust(tmp_path: Path, fitted, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import interlang.models.bundle_files as bundle_files

    model, X = fitted
    monkeypatch.setattr(bundle_files, "skops_module", lambda: None)
    path = _bundle(model).save(tmp_path / "b.zip")
    with zipfile.ZipFile(path) as zf:
        assert "estimator.joblib" in zf.namelist()
    with pytest.raises(ModelError, match="trusted=True"):
        Bundle.load(path)
    loaded = Bundle.load(path, trusted=True)
    np.testing.assert_array_equal(loaded.estimator.predict_proba(X), model.predict_proba(X))
