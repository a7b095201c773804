"""The shipped-model registry and, when the bundles are installed, the shipped level models."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from interlang.errors import ModelError
from interlang.models.shipped import SHIPPED, available, default_level_model, resolve, shipped_path


def test_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="not a shipped name"):
        resolve("level-xx")


def test_local_path_resolves(tmp_path: Path) -> None:
    assert resolve(tmp_path) == tmp_path


def test_no_level_model_for_greek() -> None:
    assert default_level_model("el") is None
    assert set(available()) <= set(SHIPPED)


@pytest.mark.parametrize("name,lang", [("level-de", "de"), ("level-en", "en")])
def test_shipped_level_model_predicts(name: str, lang: str) -> None:
    if shipped_path(name) is None:
        pytest.skip(f"{name} is not installed")
    from interlang.models.predict import LevelPredictor
    from interlang.text.samples import sample_text

    start = time.perf_counter()
    predictor = LevelPredictor.load(name)
    assert time.perf_counter() - start < 3.0  # it runs inside `interlang analyze`
    meta = predictor.bundle
    assert meta.language == lang and meta.calibration and meta.corpora[0].hash.startswith("sha256:")
    assert sum(p.stat().st_size for p in shipped_path(name).rglob("*") if p.is_file()) < 5 * 1024 * 1024
    pred = predictor.predict_text(sample_text(lang))
    assert pred.level in meta.labels.labels
    assert abs(sum(pred.probabilities.values()) - 1) < 1e-6
    assert pred.reasons, "the top reasons must be shown"
