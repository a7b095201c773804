"""Agreement measures: hand-computed values and cross-checks against sklearn, statsmodels and
the ``krippendorff`` package."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.labels import CEFR, CEFR_LEVELS, LabelSet
from interlang.workbench.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    landis_koch,
    summarise,
)


def _random_ratings(seed: int, items: int, raters: int, missing: float) -> list[list[str | None]]:
    """Correlated ratings: a true level per item plus rater noise of ±1 step, some missing."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 6, size=items)
    rows: list[list[str | None]] = []
    for t in truth:
        row: list[str | None] = []
        for _ in range(raters):
            if rng.random() < missing:
                row.append(None)
            else:
                row.append(CEFR_LEVELS[int(np.clip(t + rng.integers(-1, 2), 0, 5))])
        rows.append(row)
    return rows


# --- Cohen ----------------------------------------------------------------------------------------


def test_cohen_hand_computed() -> None:
    # p_o = 3/4, p_e = 0.5·0.25 + 0.5·0.75 = 0.5 → κ = 0.5
    assert cohen_kappa(["A1", "A1", "A2", "A2"], ["A1", "A2", "A2", "A2"]) == pytest.approx(0.5)
    a, b = ["A1", "A2", "B1", "B2"], ["A1", "B1", "B1", "B1"]
    # plain: disagreement 1/2 observed vs 3/4 expected → 1/3
    assert cohen_kappa(a, b) == pytest.approx(1 / 3)
    # linear: observed mean |i−j| = 1/2, expected 9/8 → 1 − 4/9 = 5/9
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(5 / 9)
    # quadratic: observed 1/2, expected 2 → 3/4
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(0.75)


def test_cohen_undefined_and_missing() -> None:
    assert math.isnan(cohen_kappa(["B1", "B1"], ["B1", "B1"]))  # no variation at all
    assert math.isnan(cohen_kappa([None], ["B1"]))  # nothing paired
    # pairs with a missing label are dropped, sub-levels map to their level
    assert cohen_kappa(["A1", None, "A2+", "A2"], ["A1", "C2", "A2", "A2"]) == pytest.approx(1.0)
    with pytest.raises(InputError, match="unknown label"):
        cohen_kappa(["A1"], ["Z9"])
    with pytest.raises(InputError, match="must match"):
        cohen_kappa(["A1"], ["A1", "A2"])


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cohen_matches_sklearn(weights: str | None, seed: int) -> None:
    from sklearn.metrics import cohen_kappa_score

    rows = _random_ratings(seed, 60, 2, 0.0)
    a = [r[0] for r in rows]
    b = [r[1] for r in rows]
    expected = cohen_kappa_score(a, b, labels=list(CEFR_LEVELS), weights=weights)
    assert cohen_kappa(a, b, weights=weights) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


def test_weighted_kappa_uses_the_full_scale() -> None:
    # A1 vs B2 is three steps even though A2 and B1 are never used: with the scale compressed
    # to the two labels present, linear κ would equal plain κ.
    a, b = ["A1", "A1", "B2", "B2", "A1"], ["A1", "B2", "B2", "B2", "A1"]
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(cohen_kappa(a, b))
    c = ["A1", "A2", "B2", "B2", "A1"]  # one near miss instead of a far one
    assert cohen_kappa(a, c, weights="linear") > cohen_kappa(a, c)


def test_nominal_label_sets_work() -> None:
    colours = LabelSet.nominal(["red", "green", "blue"], name="colour")
    assert cohen_kappa(["red", "blue"], ["red", "blue"], labels=colours) == pytest.approx(1.0)


# --- Fleiss ---------------------------------------------------------------------------------------


def test_fleiss_hand_computed() -> None:
    ratings = [["B1", "B1", "B1"], ["A2", "A2", "B1"], ["A1", "A2", "B1"]]
    # P̄ = (1 + 1/3 + 0)/3 = 4/9; shares 1/9, 3/9, 5/9 → P_e = 35/81; κ = 1/46
    assert fleiss_kappa(ratings) == pytest.approx(1 / 46)
    table = [[0, 0, 3, 0, 0, 0], [0, 2, 1, 0, 0, 0], [1, 1, 1, 0, 0, 0]]
    assert fleiss_kappa(table) == pytest.approx(1 / 46)
    assert fleiss_kappa(np.array(table)) == pytest.approx(1 / 46)


def test_fleiss_variable_raters_and_filtering() -> None:
    # P = (1, 1/3) → 2/3; shares A1 3/5, A2 2/5 → P_e = 13/25; κ = 11/36
    assert fleiss_kappa([["A1", "A1"], ["A1", "A2", "A2"]]) == pytest.approx(11 / 36)
    # min_raters=3 keeps only the second item, whose shares give κ < 0
    only_second = fleiss_kappa([["A1", "A1"], ["A1", "A2", "A2"]], min_raters=3)
    assert only_second == pytest.approx(fleiss_kappa([["A1", "A2", "A2"]]))
    assert math.isnan(fleiss_kappa([["A1"], ["B1", None]]))  # nobody has two ratings
    assert math.isnan(fleiss_kappa([["B2", "B2", "B2"]]))  # one category only


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_fleiss_matches_statsmodels(seed: int) -> None:
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

    rows = _random_ratings(seed, 40, 4, 0.0)
    codes = np.array([[CEFR.index(x) for x in row if x is not None] for row in rows])
    table, _ = aggregate_raters(codes, n_cat=6)
    expected = sm_fleiss(table, method="fleiss")
    assert fleiss_kappa(rows) == pytest.approx(expected, abs=1e-12)
    assert fleiss_kappa(table) == pytest.approx(expected, abs=1e-12)


# --- Krippendorff ---------------------------------------------------------------------------------


def test_krippendorff_hand_computed() -> None:
    # coincidences: (A1,A1)=2, (A1,A2)=(A2,A1)=1; n=4, n_A1=3, n_A2=1
    # nominal: 1 − 3·2/6 = 0; ordinal δ² = ((3+1)/2)² = 4 → 1 − 3·8/24 = 0
    ratings = [["A1", "A1"], ["A1", "A2"]]
    assert krippendorff_alpha(ratings, "nominal") == pytest.approx(0.0)
    assert krippendorff_alpha(ratings, "ordinal") == pytest.approx(0.0)
    perfect = [["A1", "A1", None], ["B2", None, "B2"], ["C1", "C1", "C1"]]
    assert krippendorff_alpha(perfect) == pytest.approx(1.0)
    assert math.isnan(krippendorff_alpha([["A1", None], [None, "B1"]]))  # nothing pairable
    with pytest.raises(InputError, match="unknown level"):
        krippendorff_alpha(perfect, "ratio")  # type: ignore[arg-type]


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
@pytest.mark.parametrize("seed", [6, 7, 8])
def test_krippendorff_matches_package(level: str, seed: int) -> None:
    import krippendorff

    rows = _random_ratings(seed, 50, 4, 0.3)
    reliability = np.array(
        [[np.nan if x is None else CEFR.index(x) for x in row] for row in rows], dtype=float
    ).T  # the package wants raters × units
    expected = krippendorff.alpha(
        reliability_data=reliability, level_of_measurement=level, value_domain=list(range(6))
    )
    assert krippendorff_alpha(rows, level) == pytest.approx(expected, abs=1e-9)  # type: ignore[arg-type]


# --- Landis–Koch ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.4, "fair"),
        (0.55, "moderate"),
        (0.75, "substantial"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (math.nan, "undefined"),
        (None, "undefined"),
    ],
)
def test_landis_koch(value: float | None, band: str) -> None:
    assert landis_koch(value) == band


# --- summarise ------------------------------------------------------------------------------------


def test_summarise_two_annotators() -> None:
    a = ["A1", "A2", "B1", "B2"]
    b = ["A1", "B1", "B1", "B1"]
    assessments = {f"t{i}": {"ann": x, "bob": y} for i, (x, y) in enumerate(zip(a, b, strict=True))}
    summary = summarise(assessments)
    assert summary["n_texts"] == 4 and summary["n_annotators"] == 2
    assert summary["n_assessments"] == 8
    assert summary["cohen_kappa"]["value"] == pytest.approx(1 / 3, abs=1e-6)
    assert summary["cohen_kappa"]["label"] == "fair"
    assert summary["weighted_kappa_linear"]["value"] == pytest.approx(5 / 9, abs=1e-6)
    assert summary["weighted_kappa_linear"]["label"] == "moderate"
    assert summary["weighted_kappa_linear"]["n"] == 1
    assert summary["cohen_kappa"]["n_items"] == 4
    (pair,) = summary["cohen_kappa"]["pairs"]
    assert pair["annotators"] == ["ann", "bob"] and pair["n"] == 4 and pair["used"]
    assert pair["exact_agreement"] == pytest.approx(0.5)
    # only two raters per text: Fleiss is undefined, with a reason
    assert summary["fleiss_kappa"]["value"] is None
    assert "3 or more" in summary["fleiss_kappa"]["reason"]
    assert summary["krippendorff_alpha"]["value"] == pytest.approx(
        krippendorff_alpha([[x, y] for x, y in zip(a, b, strict=True)]), abs=1e-6
    )
    json.dumps(summary, allow_nan=False)  # valid JSON for the API


def test_summarise_mean_over_pairs_and_min_shared() -> None:
    assessments = {
        "t1": {"a": "A1", "b": "A1", "c": "A2"},
        "t2": {"a": "B1", "b": "B2", "c": "B1"},
        "t3": {"a": "C1", "b": "C1", "c": "C2"},
        "t4": {"a": "A2", "b": "A2"},
        "t5": {"c": "B1", "d": "C2"},  # d shares a single text with c
    }
    summary = summarise(assessments, min_shared=2)
    pairs = {tuple(p["annotators"]): p for p in summary["cohen_kappa"]["pairs"]}
    assert set(pairs) == {("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")}
    assert not pairs[("c", "d")]["used"] and "only 1 shared" in pairs[("c", "d")]["reason"]
    used = [p["kappa"] for p in pairs.values() if p["used"]]
    assert summary["cohen_kappa"]["n"] == 3
    assert summary["cohen_kappa"]["value"] == pytest.approx(sum(used) / 3, abs=1e-6)
    expected_ab = cohen_kappa(["A1", "B1", "C1", "A2"], ["A1", "B2", "C1", "A2"])
    assert pairs[("a", "b")]["kappa"] == pytest.approx(expected_ab, abs=1e-6)
    # Fleiss over the three texts with three raters
    assert summary["fleiss_kappa"]["n"] == 3
    assert summary["fleiss_kappa"]["value"] == pytest.approx(
        fleiss_kappa([list(assessments[t].values()) for t in ("t1", "t2", "t3")]), abs=1e-6
    )
    assert summary["krippendorff_alpha"]["n"] == 5


def test_summarise_per_text_and_disagreement_order() -> None:
    assessments = {
        "calm": {"a": "B1", "b": "B1", "c": "B1"},
        "near": {"a": "B1", "b": "B2", "c": "B1"},
        "wide": {"a": "A2", "b": "C1"},
        "split": {"a": "B1", "b": "B2"},
        "lonely": {"a": "C2"},
        "empty": {"a": None},
    }
    summary = summarise(assessments)
    texts = {t["text_id"]: t for t in summary["texts"]}
    assert texts["near"]["median_level"] == "B1" and texts["near"]["spread"] == 1
    assert texts["near"]["majority_level"] == "B1"
    assert texts["near"]["majority_share"] == pytest.approx(2 / 3, abs=1e-6)
    assert texts["near"]["counts"] == {"B1": 2, "B2": 1}
    assert texts["split"]["majority_level"] is None  # a tie has no majority
    assert texts["split"]["median_level"] == "B1"  # lower median: always a real level
    assert texts["wide"]["spread"] == 3
    assert texts["empty"]["n_raters"] == 0 and texts["empty"]["spread"] is None
    order = [t["text_id"] for t in summary["disagreements"]]
    assert order == ["wide", "split", "near"]  # widest first, then lowest majority share


def test_summarise_degenerate_inputs() -> None:
    empty = summarise({})
    assert empty["cohen_kappa"]["value"] is None
    assert empty["cohen_kappa"]["reason"] == "no annotator pair shares enough texts"
    assert empty["krippendorff_alpha"]["reason"] == "no text has 2 or more raters"
    same = summarise({"t1": {"a": "B1", "b": "B1"}, "t2": {"a": "B1", "b": "B1"}})
    assert same["cohen_kappa"]["value"] is None
    assert "same level" in same["cohen_kappa"]["pairs"][0]["reason"]
    assert same["krippendorff_alpha"]["reason"] == "all ratings are one level"
    with pytest.raises(InputError, match="unknown label"):
        summarise({"t1": {"a": "B7"}})


def test_summarise_scales_to_a_workbench_corpus() -> None:
    rows = _random_ratings(9, 3000, 5, 0.4)
    assessments = {i: {f"r{j}": x for j, x in enumerate(row)} for i, row in enumerate(rows)}
    summary = summarise(assessments)
    assert summary["n_texts"] == 3000 and len(summary["cohen_kappa"]["pairs"]) == 10
    # the noise model (±1 step) leaves substantial ordinal agreement
    assert 0.6 < summary["krippendorff_alpha"]["value"] < 0.95
    assert summary["weighted_kappa_linear"]["value"] > summary["cohen_kappa"]["value"]
