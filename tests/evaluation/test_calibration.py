"""Reliability-diagram bins: edges, per-bin statistics, consistency with ECE/MCE."""

from __future__ import annotations

import json

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation import metrics as M
from interlang.evaluation.calibration import reliability_diagram
from interlang.labels import LabelSet

P3 = LabelSet(("a", "b", "c"))


def test_bins_by_hand() -> None:
    proba = np.array([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.1, 0.1, 0.8], [0.5, 0.25, 0.25]])
    gold = ["a", "c", "c", "b"]
    d = reliability_diagram(gold, proba, P3, n_bins=5)
    np.testing.assert_allclose(d.edges, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    # 0.4 sits on an edge and goes to the lower bin (0.2, 0.4]; 0.8 to (0.6, 0.8].
    np.testing.assert_array_equal(d.count, [0, 1, 1, 2, 0])
    np.testing.assert_allclose(d.mean_confidence[1:4], [0.4, 0.5, 0.75])
    np.testing.assert_allclose(d.accuracy[1:4], [0.0, 0.0, 1.0])
    assert np.isnan(d.accuracy[0]) and np.isnan(d.mean_confidence[4])
    assert d.n == 4
    assert d.ece == pytest.approx(M.expected_calibration_error(gold, proba, P3, n_bins=5))
    assert d.mce == pytest.approx(M.maximum_calibration_error(gold, proba, P3, n_bins=5))


def test_confidence_one_and_default_bins() -> None:
    d = reliability_diagram(["a", "b"], np.array([[1.0, 0, 0], [0, 1.0, 0]]), P3)
    assert len(d.count) == M.DEFAULT_N_BINS == 15
    assert d.count[-1] == 2 and d.count[:-1].sum() == 0


def test_to_dict_is_valid_json_without_nan() -> None:
    d = reliability_diagram(["a"], np.array([[0.6, 0.3, 0.1]]), P3, n_bins=4)
    text = json.dumps(d.to_dict(), allow_nan=False)
    assert json.loads(text)["count"] == [0, 0, 1, 0]
    assert json.loads(text)["accuracy"][0] is None


def test_bad_bins_are_refused() -> None:
    with pytest.raises(InputError, match="n_bins"):
        reliability_diagram(["a"], np.array([[0.6, 0.3, 0.1]]), P3, n_bins=0)
