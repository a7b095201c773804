"""Bootstrap intervals (seeded, percentile) and the chi-square test with Cramér's V."""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pytest
from scipy.stats import chi2_contingency

from interlang.errors import InputError
from interlang.evaluation import metrics as M
from interlang.evaluation.stats import bootstrap_ci, bootstrap_cis, chi_square_test
from interlang.labels import CEFR


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x))


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    data = np.random.default_rng(0).normal(10, 2, 400)
    a = bootstrap_ci(_mean, data, n_resamples=500, seed=1)
    b = bootstrap_ci(_mean, data, n_resamples=500, seed=1)
    c = bootstrap_ci(_mean, data, n_resamples=500, seed=2)
    assert a == b
    assert a != c
    assert a.low < a.estimate < a.high
    # Percentile interval of the mean ≈ ±1.96 standard errors (2/√400 = 0.1).
    assert a.high - a.low == pytest.approx(2 * 1.96 * 0.1, rel=0.2)
    assert a.n_resamples == 500 and a.confidence == 0.95


def test_bootstrap_percentiles_by_hand() -> None:
    # A constant sample has a degenerate interval at the constant.
    ci = bootstrap_ci(_mean, np.full(10, 3.0), n_resamples=50)
    assert (ci.estimate, ci.low, ci.high) == (3.0, 3.0, 3.0)


def test_bootstrap_with_a_label_metric_and_aligned_arrays() -> None:
    gold = ["A1", "A2", "B1", "B2"] * 25
    pred = ["A1", "A2", "B1", "A1"] * 25
    ci = bootstrap_ci(partial(M.accuracy, labels=CEFR), gold, pred, n_resamples=200)
    assert ci.estimate == pytest.approx(0.75)
    assert ci.low < 0.75 < ci.high


def test_bootstrap_counts_undefined_resamples() -> None:
    gold = ["B1"] * 9 + ["B2"]
    ci = bootstrap_ci(partial(M.quadratic_weighted_kappa, labels=CEFR), gold, gold, n_resamples=200)
    assert ci.n_undefined > 0  # resamples without the single B2 have an undefined kappa
    assert ci.to_dict()["estimate"] == 1.0


def test_bootstrap_cis_share_resamples_with_bootstrap_ci() -> None:
    data = np.random.default_rng(5).normal(0, 1, 100)
    both = bootstrap_cis(lambda x: {"mean": float(x.mean()), "max": float(x.max())}, data, n_resamples=100)
    single = bootstrap_ci(_mean, data, n_resamples=100)
    assert both["mean"] == single
    assert both["max"].estimate == pytest.approx(data.max())
    assert both["max"].high <= data.max()


def test_bootstrap_errors() -> None:
    with pytest.raises(InputError, match="differ in length"):
        bootstrap_ci(lambda a, b: 0.0, [1, 2], [1])
    with pytest.raises(InputError, match="empty"):
        bootstrap_ci(_mean, [])
    with pytest.raises(InputError, match="confidence"):
        bootstrap_ci(_mean, [1.0], confidence=1.5)


def test_chi_square_matches_scipy_and_cramers_v_by_hand() -> None:
    # correct × level: A1 40/10, B1 25/25, C1 10/40.
    levels = ["A1"] * 50 + ["B1"] * 50 + ["C1"] * 50
    correct = (["y"] * 40 + ["n"] * 10) + (["y"] * 25 + ["n"] * 25) + (["y"] * 10 + ["n"] * 40)
    res = chi_square_test(levels, correct)
    table = np.array([[10, 40], [25, 25], [40, 10]])  # columns sorted: "n", "y"
    np.testing.assert_array_equal(res.table, table)
    stat, p, dof, _ = chi2_contingency(table, correction=False)
    assert res.statistic == pytest.approx(stat)
    assert res.p_value == pytest.approx(p)
    assert res.dof == dof == 2
    assert res.cramers_v == pytest.approx(math.sqrt(stat / (150 * 1)))
    assert res.p_value < 1e-6
    assert res.row_labels == ("A1", "B1", "C1") and res.column_labels == ("n", "y")


def test_chi_square_independent_variables_give_v_zero() -> None:
    rows = ["a", "a", "b", "b"] * 10
    cols = ["x", "y", "x", "y"] * 10
    res = chi_square_test(rows, cols)
    assert res.statistic == pytest.approx(0.0)
    assert res.cramers_v == pytest.approx(0.0)
    assert res.p_value == pytest.approx(1.0)


def test_chi_square_warns_on_small_expected_counts_and_rejects_one_category() -> None:
    with pytest.warns(RuntimeWarning, match="expected counts"):
        res = chi_square_test(["a", "b", "a"], ["x", "y", "y"])
    assert res.low_expected
    with pytest.raises(InputError, match="two categories"):
        chi_square_test(["a", "a"], ["x", "y"])
    with pytest.raises(InputError, match="differ in length"):
        chi_square_test(["a"], ["x", "y"])
