"""EvaluationReport: keys, values consistent with metrics, NaN-free JSON, Markdown, groups."""

from __future__ import annotations

import json

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation import metrics as M
from interlang.evaluation.report import evaluate, exclude_unknown
from interlang.labels import CEFR, LabelSet

L1 = LabelSet.nominal(["de", "es", "it", "ru"])
REQUIRED = {"n", "accuracy", "macro_f1", "weighted_f1", "adjacent_accuracy", "qwk", "ece", "mce", "brier"}


@pytest.fixture
def cefr_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    gold = rng.choice(CEFR.labels[:5], 120)
    pred = np.array([CEFR.labels[min(4, max(0, CEFR.index(g) + rng.integers(-1, 2)))] for g in gold])
    proba = rng.dirichlet(np.ones(6), 120)
    return gold, pred, proba


def test_ordinal_report_values_and_json(cefr_data) -> None:  # type: ignore[no-untyped-def]
    gold, pred, proba = cefr_data
    report = evaluate(gold, pred, proba, labels=CEFR, n_bootstrap=100, excluded={"C2": 3})
    data = json.loads(json.dumps(report.to_json(), allow_nan=False))
    assert REQUIRED | {"top1", "top3", "top5"} <= set(data)
    assert data["n"] == 120
    assert data["accuracy"] == pytest.approx(M.accuracy(gold, pred, CEFR))
    assert data["macro_f1"] == pytest.approx(M.macro_f1(gold, pred, CEFR))
    assert data["qwk"] == pytest.approx(M.quadratic_weighted_kappa(gold, pred, CEFR))
    assert data["adjacent_accuracy"] == 1.0
    assert data["ece"] == pytest.approx(M.expected_calibration_error(gold, proba, CEFR))
    assert data["brier"] == pytest.approx(M.brier_score(gold, proba, CEFR))
    assert data["top3"] == pytest.approx(M.top_k_accuracy(gold, proba, CEFR, 3))
    assert data["confusion_matrix"]["labels"] == list(CEFR.labels)
    assert len(data["per_class"]) == 6 and data["per_class"][5]["support"] == 0
    assert data["excluded"] == {"C2": 3} and data["n_excluded"] == 3
    ci = data["intervals"]["accuracy"]
    assert ci["low"] <= data["accuracy"] <= ci["high"]
    assert {"macro_f1", "qwk", "ece", "brier"} <= set(data["intervals"])
    for name in ("macro_f1", "qwk", "adjacent_accuracy", "ece", "brier"):
        assert data["intervals"][name]["estimate"] == pytest.approx(data[name])
        assert data["intervals"][name]["low"] <= data[name] <= data["intervals"][name]["high"]


def test_intervals_are_seeded(cefr_data) -> None:  # type: ignore[no-untyped-def]
    gold, pred, proba = cefr_data
    a = evaluate(gold, pred, proba, labels=CEFR, n_bootstrap=50, seed=1).intervals
    b = evaluate(gold, pred, proba, labels=CEFR, n_bootstrap=50, seed=1).intervals
    c = evaluate(gold, pred, proba, labels=CEFR, n_bootstrap=50, seed=2).intervals
    assert a == b and a != c


def test_nominal_report_without_proba_has_none_not_nan() -> None:
    gold = ["de", "es", "it", "ru"] * 5
    pred = ["de", "de", "it", "ru"] * 5
    report = evaluate(gold, pred, labels=L1, n_bootstrap=0)
    data = report.to_json()
    json.dumps(data, allow_nan=False)
    assert data["adjacent_accuracy"] is None and data["qwk"] is None
    assert data["ece"] is None and data["mce"] is None and data["brier"] is None
    assert "top1" not in data and data["intervals"] == {}
    assert data["accuracy"] == pytest.approx(0.75)


def test_undefined_kappa_becomes_none() -> None:
    report = evaluate(["B1", "B1"], ["B1", "B1"], labels=CEFR, n_bootstrap=20)
    data = report.to_json()
    assert data["qwk"] is None
    json.dumps(data, allow_nan=False)


def test_group_breakdown_and_chi_square() -> None:
    # NLI accuracy that falls with proficiency: A2 all right, B2 half, C1 none.
    levels = ["A2"] * 20 + ["B2"] * 20 + ["C1"] * 20
    gold = ["de", "es"] * 30
    pred = gold[:20] + [g if i % 2 else "ru" for i, g in enumerate(gold[20:40])] + ["ru"] * 20
    report = evaluate(gold, pred, labels=L1, groups={"cefr": levels}, n_bootstrap=0)
    table = report.groups["cefr"]
    assert list(table) == ["A2", "B2", "C1"]
    assert (table["A2"].n, table["A2"].accuracy) == (20, 1.0)
    assert table["B2"].accuracy == pytest.approx(0.5)
    assert table["C1"].accuracy == 0.0
    test = report.group_tests["cefr"]
    assert test is not None and test.p_value < 1e-6 and test.cramers_v > 0.5
    md = report.to_markdown()
    assert "### By cefr" in md and "Cramér's V" in md
    assert json.dumps(report.to_json(), allow_nan=False)


def test_group_test_is_none_when_every_prediction_is_right() -> None:
    report = evaluate(["de", "es"], ["de", "es"], labels=L1, groups={"l1": ["x", "y"]}, n_bootstrap=0)
    assert report.group_tests["l1"] is None
    assert report.to_json()["group_tests"] == {"l1": None}


def test_markdown_tables(cefr_data) -> None:  # type: ignore[no-untyped-def]
    gold, pred, proba = cefr_data
    md = evaluate(gold, pred, proba, labels=CEFR, n_bootstrap=50, excluded={"C2": 2}).to_markdown()
    assert "| accuracy |" in md and "| qwk |" in md and "| ece |" in md
    assert "| gold \\ pred | A1 | A2 | B1 | B2 | C1 | C2 |" in md
    assert "2 record(s) excluded" in md
    assert "nan" not in md.lower()


def test_exclude_unknown() -> None:
    model_labels = LabelSet.cefr(("A1", "A2", "B1", "B2", "C1"))
    keep, excluded = exclude_unknown(["A1", "C2", None, "B1", "C2"], model_labels)
    np.testing.assert_array_equal(keep, [0, 3])
    assert excluded == {"<missing>": 1, "C2": 2}


def test_errors() -> None:
    with pytest.raises(InputError, match="empty"):
        evaluate([], [], labels=CEFR)
    with pytest.raises(InputError, match="group 'l1'"):
        evaluate(["A1"], ["A1"], labels=CEFR, groups={"l1": ["de", "it"]}, n_bootstrap=0)
