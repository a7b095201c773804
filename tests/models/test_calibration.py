"""Calibrators on synthetic over-confident scores whose true calibration map is known.

Labels are drawn first, then logits z = noise + 1.5·onehot(y); the true posterior is exactly
softmax(1.5·z). The model reports softmax(3·z): over-confident, and temperature T = 2 is the
perfect fix.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from interlang.errors import InputError
from interlang.evaluation.metrics import expected_calibration_error
from interlang.labels import LabelSet
from interlang.models.calibration import (
    CalibratedModel,
    IdentityCalibrator,
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    calibration_table,
    select_calibrator,
)

LABELS = LabelSet(("A2", "B1", "B2", "C1"), ordinal=True, name="cefr")


def _scores(n: int, seed: int, sharpen: float = 3.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, len(LABELS), n)
    z = rng.normal(0.0, 1.0, (n, len(LABELS)))
    z[np.arange(n), codes] += 1.5
    p = np.exp(sharpen * (z - z.max(axis=1, keepdims=True)))
    p /= p.sum(axis=1, keepdims=True)
    y = np.asarray(LABELS.labels, dtype=object)[codes]
    return p, y, z


@pytest.fixture(scope="module")
def dev_test() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p_dev, y_dev, _ = _scores(1000, seed=1)
    p_test, y_test, _ = _scores(3000, seed=2)
    return p_dev, y_dev, p_test, y_test


def test_temperature_scaling_fixes_overconfidence(dev_test) -> None:  # type: ignore[no-untyped-def]
    p_dev, y_dev, p_test, y_test = dev_test
    before = expected_calibration_error(y_test, p_test, LABELS)
    ts = TemperatureScaling().fit(p_dev, y_dev, LABELS)
    after_p = ts.predict_proba(p_test)
    after = expected_calibration_error(y_test, after_p, LABELS)
    assert before > 0.1
    assert after < 0.05
    assert 1.6 < ts.temperature_ < 2.4  # the true temperature is 2
    np.testing.assert_array_equal(after_p.argmax(axis=1), p_test.argmax(axis=1))
    b, a = calibration_table(y_test, p_test, LABELS), calibration_table(y_test, after_p, LABELS)
    assert a["accuracy"] == b["accuracy"]
    assert a["nll"] < b["nll"] and a["brier"] < b["brier"]


def test_temperature_on_logits_matches_probabilities() -> None:
    p, y, z = _scores(400, seed=3)
    on_logits = TemperatureScaling(inputs="logits").fit(3.0 * z, y, LABELS)
    on_proba = TemperatureScaling().fit(p, y, LABELS)
    assert on_logits.temperature_ == pytest.approx(on_proba.temperature_, rel=1e-3)
    np.testing.assert_allclose(on_logits.predict_proba(3.0 * z), on_proba.predict_proba(p), atol=1e-5)


def test_temperature_search_is_bounded() -> None:
    # Perfectly separable dev scores push T → 0; the bound stops it.
    p = np.array([[0.6, 0.4], [0.4, 0.6]] * 20)
    y = np.array(["a", "b"] * 20)
    ts = TemperatureScaling(bounds=(0.1, 10.0)).fit(p, y, ["a", "b"])
    assert ts.temperature_ == pytest.approx(0.1, rel=1e-2)


@pytest.mark.parametrize("cal", [IsotonicCalibrator(), PlattCalibrator()])
def test_one_vs_rest_calibrators_return_distributions(dev_test, cal) -> None:  # type: ignore[no-untyped-def]
    p_dev, y_dev, p_test, y_test = dev_test
    q = cal.fit(p_dev, y_dev, LABELS).predict_proba(p_test)
    assert q.shape == p_test.shape
    np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
    assert (q >= 0).all() and (q <= 1).all()
    assert expected_calibration_error(y_test, q, LABELS) < expected_calibration_error(y_test, p_test, LABELS) - 0.05


def test_class_absent_from_dev_keeps_its_column() -> None:
    p, y, _ = _scores(600, seed=4)
    keep = y != "C1"
    for cal in (IsotonicCalibrator(), PlattCalibrator(), TemperatureScaling()):
        q = cal.fit(p[keep], y[keep], LABELS).predict_proba(p)
        np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
        # C1 rows are still mostly predicted C1: the column was not zeroed.
        assert (q[~keep].argmax(axis=1) == 3).mean() > 0.5


def test_single_class_in_dev_is_a_clear_error() -> None:
    p, _, _ = _scores(50, seed=5)
    for cal in (TemperatureScaling(), IsotonicCalibrator(), PlattCalibrator(), IdentityCalibrator()):
        with pytest.raises(InputError, match="at least two classes"):
            cal.fit(p, ["B1"] * 50, LABELS)
    with pytest.raises(InputError, match="at least two classes"):
        select_calibrator(p, ["B1"] * 50, LABELS)


def test_input_validation() -> None:
    p, y, _ = _scores(50, seed=6)
    with pytest.raises(InputError, match="pass classes"):
        TemperatureScaling().fit(p[:, :3] / p[:, :3].sum(1, keepdims=True), y)
    with pytest.raises(InputError, match="outside the classes"):
        TemperatureScaling().fit(p, ["X1"] * 50, LABELS)
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        IsotonicCalibrator().fit(p * 3, y, LABELS)
    ts = TemperatureScaling().fit(p, y, LABELS)
    with pytest.raises(InputError, match="columns"):
        ts.predict_proba(p[:, :3])


def test_select_calibrator_cross_fits_and_reports(dev_test) -> None:  # type: ignore[no-untyped-def]
    p_dev, y_dev, p_test, y_test = dev_test
    sel = select_calibrator(p_dev, y_dev, LABELS, cv=3)
    assert set(sel.table) == {"none", "temperature", "isotonic", "platt"}
    assert sel.chosen != "none"
    assert sel.after["ece"] == min(row["ece"] for row in sel.table.values())
    assert sel.before["ece"] > 0.1 and sel.after["ece"] < 0.06
    assert sel.table["temperature"]["accuracy"] == sel.before["accuracy"]
    record = sel.to_dict()
    assert record["method"] == sel.chosen and record["cross_fitted_folds"] == 3
    assert list(sel.to_frame().columns) == ["ece", "mce", "brier", "nll", "accuracy"]
    q = sel.calibrator.predict_proba(p_test)
    assert expected_calibration_error(y_test, q, LABELS) < 0.06


def test_select_calibrator_prefers_none_when_already_calibrated() -> None:
    p, y, _ = _scores(1500, seed=7, sharpen=1.5)  # exactly the true posterior
    sel = select_calibrator(p, y, LABELS, candidates=("none", "temperature"))
    # Temperature may win by noise, but then it must stay close to 1.
    if sel.chosen == "temperature":
        assert 0.85 < sel.calibrator.temperature_ < 1.15  # type: ignore[attr-defined]


def test_select_calibrator_reduces_folds_for_tiny_classes() -> None:
    p, y, _ = _scores(200, seed=8)
    y = y.copy()
    idx = np.flatnonzero(y == "C1")
    y[idx[2:]] = "B2"  # C1 keeps two members
    sel = select_calibrator(p, y, LABELS, cv=5)
    assert sel.n_splits == 2 and any("2 folds" in note for note in sel.notes)
    with pytest.raises(InputError, match="unknown calibration"):
        select_calibrator(p, y, LABELS, candidates=("none", "beta"))


def test_calibrated_model_wraps_fitted_classifier() -> None:
    rng = np.random.default_rng(9)
    X = rng.normal(size=(600, 6))
    codes = np.clip(np.round(X[:, 0] + X[:, 1] + rng.normal(0, 0.7, 600) + 1.5), 0, 3).astype(int)
    y = np.asarray(LABELS.labels)[codes]
    base = LogisticRegression(C=100.0, max_iter=2000).fit(X[:300], y[:300])
    model = CalibratedModel(base, "temperature").fit(X[300:450], y[300:450])
    assert list(model.classes_) == list(base.classes_)
    q = model.predict_proba(X[450:])
    np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_array_equal(model.predict(X[450:]), base.predict(X[450:]))
    auto = CalibratedModel(base).fit(X[300:450], y[300:450])
    assert auto.selection_["method"] in {"none", "temperature", "isotonic", "platt"}
    copy = clone(model)
    assert copy.base_estimator is base and copy.calibrator == "temperature"
    with pytest.raises(InputError, match="not fitted"):
        CalibratedModel(base, "temperature").predict_proba(X[:3])
