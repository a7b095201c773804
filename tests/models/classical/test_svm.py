"""ProbabilisticSVC: a softmax over a fitted temperature, robust to one- and two-member classes."""

from __future__ import annotations

import numpy as np

from interlang.models.classical import ProbabilisticSVC
from interlang.numeric import TEMPERATURE_BOUNDS, softmax


def _blobs(counts: list[int], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(3.0 * k, 0.7, size=(n, 2)) for k, n in enumerate(counts)])
    y = np.repeat(np.array(["a", "b", "c"][: len(counts)]), counts)
    return X, y


def test_probabilities_are_the_tempered_softmax_of_the_decision() -> None:
    X, y = _blobs([30, 30, 30])
    svc = ProbabilisticSVC(C=1.0).fit(X, y)
    lo, hi = TEMPERATURE_BOUNDS
    assert lo <= svc.temperature_ <= hi
    proba = svc.predict_proba(X)
    np.testing.assert_allclose(proba, softmax(svc.decision_function(X), axis=1, temperature=svc.temperature_))
    assert (svc.predict(X) == y).mean() > 0.9


def test_binary_and_a_single_member_class() -> None:
    X, y = _blobs([20, 20])
    binary = ProbabilisticSVC().fit(X, y)
    assert binary.predict_proba(X).shape == (40, 2)
    X3, y3 = _blobs([20, 20, 1])  # a class with one member: no stratified folds
    tiny = ProbabilisticSVC().fit(X3, y3)
    np.testing.assert_allclose(tiny.predict_proba(X3).sum(axis=1), 1.0)
