"""Metrics against hand-computed values and scikit-learn, plus edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics as skm

from interlang.errors import InputError
from interlang.evaluation import metrics as M
from interlang.labels import CEFR, LabelSet

L1 = LabelSet.nominal(["de", "es", "it"])

# Tiny CEFR example used for hand computations.
GOLD = ["A1", "A2", "B1", "B1", "C1"]
PRED = ["A1", "B1", "B1", "A2", "A1"]


def test_accuracy_by_hand() -> None:
    assert M.accuracy(GOLD, PRED, CEFR) == pytest.approx(2 / 5)


def test_confusion_matrix_keeps_label_order_and_zero_rows() -> None:
    cm = M.confusion_matrix(GOLD, PRED, CEFR)
    assert cm.shape == (6, 6)
    expected = np.zeros((6, 6), dtype=int)
    for g, p in zip(GOLD, PRED, strict=True):
        expected[CEFR.index(g), CEFR.index(p)] += 1
    np.testing.assert_array_equal(cm, expected)
    assert cm[CEFR.index("C2")].sum() == 0 and cm[:, CEFR.index("C2")].sum() == 0
    np.testing.assert_array_equal(cm, skm.confusion_matrix(GOLD, PRED, labels=list(CEFR.labels)))


def test_per_class_by_hand_includes_zero_support_labels() -> None:
    rows = {r.label: r for r in M.per_class_scores(GOLD, PRED, CEFR)}
    assert list(rows) == list(CEFR.labels)
    # A1: predicted twice, right once; gold once → P=1/2, R=1, F1=2/3.
    assert rows["A1"].precision == pytest.approx(0.5)
    assert rows["A1"].recall == pytest.approx(1.0)
    assert rows["A1"].f1 == pytest.approx(2 / 3)
    # B1: predicted twice, right once; gold twice → P=R=F1=1/2.
    assert rows["B1"].f1 == pytest.approx(0.5)
    # C1 never predicted: precision 0 (zero_division=0), recall 0.
    assert (rows["C1"].precision, rows["C1"].recall, rows["C1"].support) == (0.0, 0.0, 1)
    assert rows["C2"].support == 0 and rows["C2"].predicted == 0
    assert rows["A2"].predicted == 1


def test_macro_and_weighted_f1_by_hand() -> None:
    # Per-label F1: A1 2/3, A2 0, B1 1/2, C1 0; B2 and C2 absent from both → left out.
    assert M.macro_f1(GOLD, PRED, CEFR) == pytest.approx((2 / 3 + 0 + 0.5 + 0) / 4)
    assert M.weighted_f1(GOLD, PRED, CEFR) == pytest.approx((2 / 3 * 1 + 0.5 * 2) / 5)


def test_f1_matches_sklearn_on_random_data() -> None:
    rng = np.random.default_rng(1)
    gold = rng.choice(L1.labels, 300)
    pred = rng.choice(L1.labels, 300, p=[0.6, 0.3, 0.1])
    for average in ("macro", "weighted"):
        assert M.f1(gold, pred, L1, average) == pytest.approx(
            skm.f1_score(gold, pred, average=average, zero_division=0)
        )


def test_f1_with_a_class_never_predicted_matches_sklearn() -> None:
    gold = ["de", "es", "it", "it"]
    pred = ["de", "de", "de", "it"]
    assert M.macro_f1(gold, pred, L1) == pytest.approx(
        skm.f1_score(gold, pred, average="macro", zero_division=0)
    )


def test_adjacent_accuracy_by_hand_and_nominal_is_refused() -> None:
    # Distances 0, 1, 0, 1, 3 → 4 of 5 within one level.
    assert M.adjacent_accuracy(GOLD, PRED, CEFR) == pytest.approx(4 / 5)
    assert M.adjacent_accuracy(GOLD, PRED, CEFR, tolerance=0) == pytest.approx(2 / 5)
    with pytest.raises(InputError, match="ordinal"):
        M.adjacent_accuracy(["de"], ["de"], L1)


def test_kappas_match_sklearn() -> None:
    rng = np.random.default_rng(2)
    gold = rng.choice(CEFR.labels, 200)
    pred = np.array([CEFR.labels[min(5, max(0, CEFR.index(g) + rng.integers(-2, 3)))] for g in gold])
    order = list(CEFR.labels)
    for weights in (None, "linear", "quadratic"):
        assert M.cohen_kappa(gold, pred, CEFR, weights) == pytest.approx(
            skm.cohen_kappa_score(gold, pred, labels=order, weights=weights)
        )
    assert M.quadratic_weighted_kappa(gold, pred, CEFR) == pytest.approx(
        skm.cohen_kappa_score(gold, pred, labels=order, weights="quadratic")
    )


def test_qwk_by_hand() -> None:
    # Two levels A1/A2 only: observed [[1,1],[0,2]], expected [[0.5,1.5],[0.5,1.5]], w=[[0,1],[1,0]]
    # → 1 - 1 / 2 = 0.5.
    gold, pred = ["A1", "A1", "A2", "A2"], ["A1", "A2", "A2", "A2"]
    assert M.quadratic_weighted_kappa(gold, pred, CEFR) == pytest.approx(0.5)


def test_kappa_is_nan_when_both_raters_use_one_category() -> None:
    assert math.isnan(M.quadratic_weighted_kappa(["B1", "B1"], ["B1", "B1"], CEFR))


def test_weighted_kappa_refuses_nominal_labels() -> None:
    with pytest.raises(InputError, match="ordinal"):
        M.cohen_kappa(["de"], ["es"], L1, weights="quadratic")
    assert M.cohen_kappa(["de", "es"], ["de", "es"], L1) == pytest.approx(1.0)


def test_single_class_input() -> None:
    gold = pred = ["B1", "B1", "B1"]
    assert M.accuracy(gold, pred, CEFR) == 1.0
    assert M.macro_f1(gold, pred, CEFR) == 1.0
    assert M.per_class_scores(gold, pred, CEFR)[CEFR.index("B1")].support == 3


@pytest.mark.parametrize(
    "call",
    [
        lambda: M.accuracy([], [], CEFR),
        lambda: M.macro_f1([], [], CEFR),
        lambda: M.brier_score([], np.zeros((0, 6)), CEFR),
        lambda: M.expected_calibration_error([], np.zeros((0, 6)), CEFR),
    ],
)
def test_empty_input_is_a_clear_error(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="empty"):
        call()


def test_unknown_label_and_length_mismatch_are_errors() -> None:
    with pytest.raises(InputError, match=r"outside the label set.*'D1'"):
        M.accuracy(["A1", "D1"], ["A1", "A1"], CEFR)
    with pytest.raises(InputError, match="2 samples but y_pred has 1"):
        M.accuracy(["A1", "A2"], ["A1"], CEFR)


# ------------------------------------------------------------------------------- probabilities
TWO = LabelSet(("neg", "pos"), name="binary")
P3 = LabelSet(("a", "b", "c"))
PROBA3 = np.array([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.1, 0.1, 0.8], [0.5, 0.25, 0.25]])
GOLD3 = ["a", "c", "c", "b"]


def test_brier_by_hand_and_against_sklearn() -> None:
    # Row sums of squared errors: 0.09+0.04+0.01, 0.09+0.16+0.49, 0.01+0.01+0.04, 0.25+0.5625+0.0625.
    expected = (0.14 + 0.74 + 0.06 + 0.875) / 4
    assert M.brier_score(GOLD3, PROBA3, P3) == pytest.approx(expected)
    # Binary: the sum-over-classes convention is twice scikit-learn's positive-class score.
    gold = ["pos", "neg", "pos", "pos"]
    p_pos = np.array([0.9, 0.4, 0.2, 0.6])
    proba = np.column_stack([1 - p_pos, p_pos])
    sk = skm.brier_score_loss([g == "pos" for g in gold], p_pos)
    assert M.brier_score(gold, proba, TWO) == pytest.approx(2 * sk)


def test_ece_and_mce_by_hand() -> None:
    # Top-1 confidences 0.7 ✓, 0.4 ✗ (b ≠ c), 0.8 ✓, 0.5 ✗ (a ≠ b); with 5 bins of width 0.2:
    # (0.6,0.8]: conf 0.75, acc 1 → gap 0.25 (n=2); (0.2,0.4]: 0.4 vs 0 (n=1); (0.4,0.6]: 0.5 vs 0.
    ece = M.expected_calibration_error(GOLD3, PROBA3, P3, n_bins=5)
    assert ece == pytest.approx((2 * 0.25 + 0.4 + 0.5) / 4)
    assert M.maximum_calibration_error(GOLD3, PROBA3, P3, n_bins=5) == pytest.approx(0.5)


def test_ece_is_zero_for_perfect_confident_predictions() -> None:
    proba = np.eye(3)
    assert M.expected_calibration_error(["a", "b", "c"], proba, P3) == 0.0
    assert M.brier_score(["a", "b", "c"], proba, P3) == 0.0


def test_top_k_by_hand_and_against_sklearn() -> None:
    assert M.top_k_accuracy(GOLD3, PROBA3, P3, k=1) == pytest.approx(2 / 4)
    # Row 2 (gold c): ranks b 0.4 > a 0.3 = c 0.3 → stable tie puts a before c: c is 3rd.
    assert M.top_k_accuracy(GOLD3, PROBA3, P3, k=2) == pytest.approx(3 / 4)
    assert M.top_k_accuracy(GOLD3, PROBA3, P3, k=5) == 1.0
    rng = np.random.default_rng(3)
    labels = LabelSet(tuple(f"l{i}" for i in range(8)))
    proba = rng.dirichlet(np.ones(8), 100)
    gold = rng.choice(labels.labels, 100)
    for k in (1, 3, 5):
        assert M.top_k_accuracy(gold, proba, labels, k) == pytest.approx(
            skm.top_k_accuracy_score(gold, proba, k=k, labels=list(labels.labels))
        )


def test_nll_matches_sklearn_log_loss() -> None:
    assert M.negative_log_likelihood(GOLD3, PROBA3, P3) == pytest.approx(
        skm.log_loss(GOLD3, PROBA3, labels=list(P3.labels))
    )
    # A zero probability on the gold label is clipped, not infinite.
    assert math.isfinite(M.negative_log_likelihood(["a"], [[0.0, 1.0, 0.0]], P3))


def test_bad_probability_matrices_are_errors() -> None:
    with pytest.raises(InputError, match="shape"):
        M.brier_score(["a"], [[0.5, 0.5]], P3)
    with pytest.raises(InputError, match="sum to 1"):
        M.brier_score(["a"], [[0.5, 0.4, 0.3]], P3)
    with pytest.raises(InputError, match="NaN"):
        M.brier_score(["a"], [[np.nan, 0.5, 0.5]], P3)
    with pytest.raises(InputError, match="rows"):
        M.brier_score(["a", "b"], [[0.2, 0.3, 0.5]], P3)
