"""Boundary search and training percentiles of the rules package."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.rules.cuts import fit_bounds, percentile_score


def test_objective_boundaries_separate_a_separable_feature() -> None:
    rng = np.random.default_rng(1)
    t = np.repeat(np.arange(6), [40, 5, 5, 5, 5, 40])  # crowded ends pull median midpoints aside
    values = t * 10.0 + rng.uniform(-4, 4, t.size)
    learned = fit_bounds(values, t, 6, "accuracy")
    assert learned is not None
    direction, bounds = learned
    pred = np.searchsorted(bounds, direction * values, side="right")
    assert direction == 1.0 and np.all(pred == t)


def test_linguistic_scores_are_training_percentiles() -> None:
    q = np.linspace(0.0, 1.0, 51)
    assert percentile_score(0.5, q) == pytest.approx(50.0)
    assert percentile_score(-1.0, q) == 0.0 and percentile_score(2.0, q) == 100.0
    ties = np.array([0.0] * 26 + list(np.linspace(0.1, 1.0, 25)))  # half the texts have no passive
    assert percentile_score(0.0, ties) == pytest.approx(25.0)
