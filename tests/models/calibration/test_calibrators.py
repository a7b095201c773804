"""The four calibrators on synthetic over-confident scores (see conftest)."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation.metrics import expected_calibration_error
from interlang.models.calibration import (
    IdentityCalibrator,
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    calibration_table,
    select_calibrator,
)

from .conftest import LABELS, synthetic_scores


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
    p, y, z = synthetic_scores(400, seed=3)
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
    p, y, _ = synthetic_scores(600, seed=4)
    keep = y != "C1"
    for cal in (IsotonicCalibrator(), PlattCalibrator(), TemperatureScaling()):
        q = cal.fit(p[keep], y[keep], LABELS).predict_proba(p)
        np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
        # C1 rows are still mostly predicted C1: the column was not zeroed.
        assert (q[~keep].argmax(axis=1) == 3).mean() > 0.5


def test_single_class_in_dev_is_a_clear_error() -> None:
    p, _, _ = synthetic_scores(50, seed=5)
    for cal in (TemperatureScaling(), IsotonicCalibrator(), PlattCalibrator(), IdentityCalibrator()):
        with pytest.raises(InputError, match="at least two classes"):
            cal.fit(p, ["B1"] * 50, LABELS)
    with pytest.raises(InputError, match="at least two classes"):
        select_calibrator(p, ["B1"] * 50, LABELS)


def test_input_validation() -> None:
    p, y, _ = synthetic_scores(50, seed=6)
    with pytest.raises(InputError, match="pass classes"):
        TemperatureScaling().fit(p[:, :3] / p[:, :3].sum(1, keepdims=True), y)
    with pytest.raises(InputError, match="outside the classes"):
        TemperatureScaling().fit(p, ["X1"] * 50, LABELS)
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        IsotonicCalibrator().fit(p * 3, y, LABELS)
    ts = TemperatureScaling().fit(p, y, LABELS)
    with pytest.raises(InputError, match="columns"):
        ts.predict_proba(p[:, :3])
