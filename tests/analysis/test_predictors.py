"""interlang.load: one predictor protocol for the shipped level and L1 models and any bundle path."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import interlang
from interlang.analysis import LabelRange, Prediction, Predictor, load
from interlang.analysis.predictors import ADAPTERS
from interlang.errors import ModelError
from interlang.models.shipped import shipped_path
from interlang.text.samples import sample_text

SIMPLE_EN = "My name is Tom. I like football. I have a dog. My dog is big. I like my dog."


def _needs(name: str) -> None:
    if shipped_path(name) is None:
        pytest.skip(f"{name} is not installed")


def test_importing_interlang_loads_nothing() -> None:
    code = (
        "import sys, interlang; "
        "assert 'interlang.analysis' not in sys.modules; "
        "assert 'interlang.models.predict' not in sys.modules; "
        "assert callable(interlang.load) and interlang.Prediction.__name__ == 'Prediction'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_level_en_says_b1_or_below_for_a_simple_text() -> None:
    _needs("level-en")
    predictor = interlang.load("level-en")
    assert isinstance(predictor, Predictor)
    assert predictor.task == "proficiency" and predictor.labels == ["B1", "B2", "C1", "C2"]
    assert predictor.name == "level-en" and predictor.metadata["task"] == "level"
    (pred,) = predictor.predict(SIMPLE_EN, explain=True)
    assert isinstance(pred, Prediction)
    assert pred.label == "B1"
    assert pred.range == LabelRange("B1", "C2", "B1 or below")
    assert pred.wording == "B1 or below"
    assert list(pred.probabilities) == predictor.labels
    assert abs(sum(pred.probabilities.values()) - 1) < 1e-6
    assert pred.top_k[0][0] == "B1" and len(pred.top_k) == 3
    assert pred.reasons and pred.reasons[0].kind == "feature"
    assert pred.model.name == "level-en"
    with pytest.raises(FrozenInstanceError):
        pred.label = "C2"  # type: ignore[misc]


def test_level_de_top_edge_is_c1_or_above_and_inner_labels_are_plain() -> None:
    _needs("level-de")
    predictor = load("level-de")
    assert predictor.trained_range == ("A1", "C1")
    preds = predictor.predict([sample_text("de")])
    assert preds[0].range is not None and preds[0].range.low == "A1"
    if preds[0].label not in ("C1",):
        assert preds[0].range.edge is None and preds[0].wording == preds[0].label


def test_l1_predictor_takes_texts_and_documents() -> None:
    _needs("l1-en")
    from interlang.text import parse

    predictor = load("l1-en")
    assert predictor.task == "l1"
    text = sample_text("en")
    a, b = predictor.predict([text, parse(text, "en")])
    assert a.label == b.label and a.range is None
    assert a.task == "l1" and len(a.top_k) == 3 and list(a.probabilities) == predictor.labels
    assert a.details["top"][0][0] == a.label


def test_the_registry_dispatches_once_per_family() -> None:
    from interlang.models.loading import KINDS

    assert [k.name for k in KINDS] == ["difficulty", "text-family", "l1", "level"]
    assert set(ADAPTERS) == {k.name for k in KINDS}
    _needs("level-en")
    assert load("level-en") is load("level-en")  # one per process


def test_unknown_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load(str(tmp_path / "missing"))


def test_compiled_path_imports_no_sklearn() -> None:
    _needs("level-de")
    code = (
        "import sys, interlang; from interlang.text.samples import sample_text; "
        "p = interlang.load('level-de').predict(sample_text('de'))[0]; "
        "q = interlang.load('l1-de').predict(sample_text('de'))[0]; "
        "assert 'sklearn' not in sys.modules, 'sklearn imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
