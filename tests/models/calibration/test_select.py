"""select_calibrator: cross-fitted choice, the metric table, small classes."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation.metrics import expected_calibration_error
from interlang.models.calibration import (
    select_calibrator,
)

from .conftest import LABELS, synthetic_scores


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
    p, y, _ = synthetic_scores(1500, seed=7, sharpen=1.5)  # exactly the true posterior
    sel = select_calibrator(p, y, LABELS, candidates=("none", "temperature"))
    # Temperature may win by noise, but then it must stay close to 1.
    if sel.chosen == "temperature":
        assert 0.85 < sel.calibrator.temperature_ < 1.15  # type: ignore[attr-defined]


def test_select_calibrator_reduces_folds_for_tiny_classes() -> None:
    p, y, _ = synthetic_scores(200, seed=8)
    y = y.copy()
    idx = np.flatnonzero(y == "C1")
    y[idx[2:]] = "B2"  # C1 keeps two members
    sel = select_calibrator(p, y, LABELS, cv=5)
    assert sel.n_splits == 2 and any("2 folds" in note for note in sel.notes)
    with pytest.raises(InputError, match="unknown calibration"):
        select_calibrator(p, y, LABELS, candidates=("none", "beta"))
