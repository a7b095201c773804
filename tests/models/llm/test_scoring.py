"""Log-likelihood → probabilities math on fake log-probs, and the calibration fits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.models.llm.scoring import fit_affine, fit_temperature, label_scores, softmax


def test_sum_and_mean_of_token_logprobs() -> None:
    logprobs = [[-1.0, -2.0], [-0.5], [-0.2, -0.2, -0.2]]
    assert label_scores(logprobs, "sum").tolist() == pytest.approx([-3.0, -0.5, -0.6])
    assert label_scores(logprobs, "mean").tolist() == pytest.approx([-1.5, -0.5, -0.2])
    with pytest.raises(InputError):
        label_scores(logprobs, "max")
    with pytest.raises(InputError, match="no tokens"):
        label_scores([[]])


def test_softmax_over_labels_is_the_normalised_likelihood() -> None:
    scores = label_scores([[-1.0, -2.0], [-0.5]], "sum")
    p = softmax(scores)
    # p_i = exp(s_i) / sum_j exp(s_j): the likelihoods renormalised over the closed set
    expected = np.exp([-3.0, -0.5]) / np.exp([-3.0, -0.5]).sum()
    assert p == pytest.approx(expected)
    assert softmax(scores, temperature=2.0) == pytest.approx(np.exp([-1.5, -0.25]) / np.exp([-1.5, -0.25]).sum())
    assert softmax(scores, bias=[2.5, 0.0]) == pytest.approx([0.5, 0.5])
    rows = softmax(np.array([[0.0, -np.inf], [1.0, 1.0]]))
    assert rows.tolist() == [[1.0, 0.0], [0.5, 0.5]]
    with pytest.raises(InputError):
        softmax(scores, temperature=0.0)


def test_temperature_fit_recovers_the_generating_temperature() -> None:
    rng = np.random.default_rng(0)
    scores = rng.normal(0, 3, size=(4000, 4))
    true_t = 2.5
    p = softmax(scores, true_t)
    y = np.array([rng.choice(4, p=row) for row in p])
    assert fit_temperature(scores, y) == pytest.approx(true_t, rel=0.1)


def test_affine_fit_removes_a_label_prior() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, size=600)
    scores = rng.normal(0, 1, size=(600, 3))
    scores[np.arange(600), y] += 2.0  # informative
    scores[:, 0] += 4.0  # ... but the model loves label 0
    assert np.mean(scores.argmax(1) == y) < 0.5
    t, bias = fit_affine(scores, y)
    fixed = softmax(scores, t, bias).argmax(1)
    assert np.mean(fixed == y) > 0.75
    assert bias[0] < bias[1] and bias[0] < bias[2]
    assert math.isclose(float(bias.sum()), 0.0, abs_tol=1e-6)
