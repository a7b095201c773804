"""The one numeric module: each function checked against a slow reference or scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interlang import numeric


def test_softmax_is_stable_and_sums_to_one() -> None:
    z = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -1000.0]])
    p = numeric.softmax(z, axis=1)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(p[1], 1 / 3)
    ref = np.exp([0.0, 1.0, -1.0]) / np.exp([0.0, 1.0, -1.0]).sum()
    assert np.allclose(p[0], ref)


def test_softmax_temperature_flattens() -> None:
    z = np.array([2.0, 0.0])
    assert numeric.softmax(z, temperature=10.0)[0] < numeric.softmax(z)[0]
    with pytest.raises(ValueError):
        numeric.softmax(z, temperature=0.0)


def test_log_softmax_matches_log_of_softmax() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4)) * 10
    assert np.allclose(numeric.log_softmax(z, axis=1), np.log(numeric.softmax(z, axis=1)))


def test_sigmoid_extremes() -> None:
    out = numeric.sigmoid(np.array([-800.0, 0.0, 800.0]))
    assert out[0] == pytest.approx(0.0) and out[1] == 0.5 and out[2] == pytest.approx(1.0)


def test_fit_temperature_recovers_a_known_temperature() -> None:
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(4000, 3)) * 3
    true_t = 2.5
    p = numeric.softmax(logits / true_t, axis=1)
    y = np.array([rng.choice(3, p=row) for row in p])
    t = numeric.fit_temperature(logits, y)
    assert t == pytest.approx(true_t, rel=0.15)
    assert numeric.temperature_nll(logits, y, t) <= numeric.temperature_nll(logits, y, 1.0)


def test_fit_temperature_stays_in_bounds_on_separable_data() -> None:
    logits = np.array([[5.0, 0.0], [0.0, 5.0]] * 10)
    y = np.array([0, 1] * 10)
    t = numeric.fit_temperature(logits, y)
    lo, _ = numeric.TEMPERATURE_BOUNDS
    # separable: the loss keeps falling as T shrinks, until it is flat in float64
    assert lo <= t < 0.2
    with pytest.raises(ValueError):
        numeric.fit_temperature(logits, y, bounds=(2.0, 1.0))


def test_isotonic_apply_equals_sklearn() -> None:
    from sklearn.isotonic import IsotonicRegression

    rng = np.random.default_rng(2)
    x = rng.uniform(size=200)
    y = (rng.uniform(size=200) < x).astype(float)
    xs, ys = numeric.isotonic_fit(x, y)
    grid = np.linspace(-0.5, 1.5, 101)
    ref = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(x, y).predict(grid)
    assert np.allclose(numeric.isotonic_apply(xs, ys, grid), ref)
    assert np.all(np.diff(numeric.isotonic_apply(xs, ys, grid)) >= 0)


def test_confidence_bins_ece_by_hand() -> None:
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.3, 0.7]])
    y = np.array([0, 1, 0, 1])
    bins = numeric.confidence_bins(y, proba, n_bins=10)
    assert bins.n == 4
    # (0.8, 0.9]: conf 0.9 acc 0.5; (0.5, 0.6]: 0.6 / 1.0; (0.6, 0.7]: 0.7 / 1.0
    expected = (2 * 0.4 + 1 * 0.4 + 1 * 0.3) / 4
    assert bins.ece == pytest.approx(expected)
    assert bins.mce == pytest.approx(0.4)
    assert math.isnan(bins.mean_confidence[0]) and bins.count[0] == 0


def test_confidence_bins_edge_goes_to_lower_bin() -> None:
    bins = numeric.confidence_bins([0], [[0.5, 0.5]], n_bins=2)
    assert list(bins.count) == [1, 0]


def test_renormalise_keeps_fallback_for_zero_rows() -> None:
    q = np.array([[0.0, 0.0], [1.0, 3.0]])
    fb = np.array([[0.3, 0.7], [0.5, 0.5]])
    out = numeric.renormalise(q, fb)
    assert np.allclose(out, [[0.3, 0.7], [0.25, 0.75]])


def test_top_k_orders_and_breaks_ties_by_index() -> None:
    assert numeric.top_k([0.2, 0.5, 0.2, 0.1], 3) == [1, 0, 2]
