"""Rule-based CEFR baseline on small hand-made feature tables (real feature names, no parsing)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from interlang.errors import InputError
from interlang.evaluation.metrics import accuracy
from interlang.labels import CEFR
from interlang.models.bundle import Bundle
from interlang.models.rules import (
    DEFAULT_VOCAB_THRESHOLDS,
    RuleBasedClassifier,
    _fit_bounds,
    _percentile_score,
)

LEVELS = list(CEFR.labels)
READ = ["read_wstf", "read_flesch_amstad", "read_flesch_kincaid", "read_gunning_fog", "read_smog", "read_ari", "read_coleman_liau"]
LING = ["syn_clause_depth_mean", "syn_mean_dependency_distance", "syn_clauses_per_sentence", "syn_subordinate_ratio", "syn_passive_ratio"]


def _row(level: float, rng: np.random.Generator, noise: float = 0.0) -> dict[str, float]:
    """Features of a text at (continuous) level 0–5: every feature grows with the level."""
    e = lambda s: s * noise * rng.normal()  # noqa: E731
    a1 = 92.0 - 5.0 * level + e(2)
    row = {
        "vocab_pct_a1": a1,
        "vocab_pct_a2": 3.0,
        "vocab_pct_b1": 1.0 + 0.5 * level,
        "vocab_pct_b2": 0.5 * level,
        "vocab_pct_c1": 0.5 * level,
        "vocab_pct_c2": 0.3 * level,
        "read_wstf": 2.0 + 2.0 * level + e(1),
        "read_flesch_amstad": 90.0 - 10.0 * level + e(5),
        "read_flesch_kincaid": 4.0 + 2.0 * level + e(1),
        "read_gunning_fog": 5.0 + 2.0 * level + e(1),
        "read_smog": 6.0 + 1.5 * level + e(1),
        "read_ari": 3.0 + 2.0 * level + e(1),
        "read_coleman_liau": 5.0 + 2.0 * level + e(1),
        "syn_clause_depth_mean": 0.1 + 0.2 * level + e(0.1),
        "syn_mean_dependency_distance": 2.2 + 0.25 * level + e(0.1),
        "syn_clauses_per_sentence": 1.1 + 0.2 * level + e(0.1),
        "syn_subordinate_ratio": 0.05 * level + e(0.03),
        "syn_passive_ratio": 0.01 * level + e(0.005),
    }
    row["vocab_pct_unknown"] = max(0.0, 100.0 - sum(row[f"vocab_pct_{lv.lower()}"] for lv in LEVELS))
    return row


def _table(n_per_level: int = 20, noise: float = 0.5, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows, y = [], []
    for c, lv in enumerate(LEVELS):
        for _ in range(n_per_level):
            rows.append(_row(c, rng, noise))
            y.append(lv)
    return pd.DataFrame(rows), np.asarray(y, dtype=object)


@pytest.fixture(scope="module")
def fitted() -> RuleBasedClassifier:
    X, y = _table()
    return RuleBasedClassifier().fit(X, y)


# ------------------------------------------------------------------------ vocabulary component
def test_vocabulary_default_thresholds_hand_computed() -> None:
    X, y = _table(noise=0.0)
    model = RuleBasedClassifier(learn_thresholds=False, optimise_weights=False).fit(X, y)
    assert model.vocab_["thresholds"] == list(DEFAULT_VOCAB_THRESHOLDS)
    base = {f"vocab_pct_{lv.lower()}": 0.0 for lv in LEVELS} | {"vocab_pct_unknown": 0.0}
    cases = [
        ({"vocab_pct_a1": 90.0, "vocab_pct_a2": 5.0, "vocab_pct_unknown": 5.0}, "A1"),  # 90 ≥ 85
        ({"vocab_pct_a1": 70.0, "vocab_pct_a2": 11.0, "vocab_pct_unknown": 19.0}, "A2"),  # 81 ≥ 80
        ({"vocab_pct_a1": 60.0, "vocab_pct_a2": 10.0, "vocab_pct_b1": 6.0, "vocab_pct_unknown": 24.0}, "B1"),  # 76
        ({"vocab_pct_a1": 50.0, "vocab_pct_a2": 10.0, "vocab_pct_b1": 6.0, "vocab_pct_b2": 4.0, "vocab_pct_c1": 2.0,
          "vocab_pct_unknown": 28.0}, "C1"),  # 70 < 75 at B1? 66 < 75; B2 70 ≥ 70 → B2? see below
        ({"vocab_pct_a1": 60.0, "vocab_pct_unknown": 35.0}, "C2"),  # > 30 % unknown
        ({"vocab_pct_a1": 40.0, "vocab_pct_b2": 10.0, "vocab_pct_unknown": 25.0}, "C2"),  # nothing fires
    ]
    # the fourth row: cum = 50, 60, 66, 70, 72 vs 85, 80, 75, 70 → B2 fires (70 ≥ 70)
    cases[3] = (cases[3][0], "B2")
    for values, expected in cases:
        trace = model.explain(base | values)
        assert trace["components"]["vocabulary"]["level"] == expected, values
    unknown_rule = model.explain(base | cases[4][0])["components"]["vocabulary"]["fired"][0]
    assert unknown_rule["feature"] == "vocab_pct_unknown" and unknown_rule["boundary"] == 30.0


def test_vocabulary_confidence_falls_with_unknown_words() -> None:
    X, y = _table(noise=0.0)
    model = RuleBasedClassifier(learn_thresholds=False, optimise_weights=False).fit(X, y)
    base = {f"vocab_pct_{lv.lower()}": 0.0 for lv in LEVELS}
    clean = model.explain(base | {"vocab_pct_a1": 95.0, "vocab_pct_unknown": 2.0})["components"]["vocabulary"]
    noisy = model.explain(base | {"vocab_pct_a1": 95.0, "vocab_pct_unknown": 25.0})["components"]["vocabulary"]
    assert clean["level"] == noisy["level"] == "A1"
    assert noisy["confidence"] < clean["confidence"]
    assert noisy["quality"] < clean["quality"] == 1.0


def test_vocabulary_thresholds_learned_on_separable_table() -> None:
    # levels separable by A1 coverage alone: 92 − 5·level; every other profile column fixed
    rows = []
    y = []
    for c, lv in enumerate(LEVELS):
        for j in range(10):
            a1 = 92.0 - 5.0 * c + (j - 4.5) * 0.3
            rows.append({"vocab_pct_a1": a1} | {f"vocab_pct_{x.lower()}": 0.0 for x in LEVELS[1:]} | {"vocab_pct_unknown": 100 - a1})
            y.append(lv)
    X = pd.DataFrame(rows)
    default = RuleBasedClassifier(learn_thresholds=False, optimise_weights=False).fit(X, y)
    learned = RuleBasedClassifier(optimise_weights=False).fit(X, y)
    level_of = lambda m: [t["components"]["vocabulary"]["level"] for t in m.predict_trace(X)]  # noqa: E731
    assert accuracy(y, level_of(default), CEFR) < 0.5
    assert accuracy(y, level_of(learned), CEFR) == 1.0
    assert learned.vocab_["learned"] is True


# ----------------------------------------------------------------------- readability component
def test_readability_median_boundaries_and_direction() -> None:
    X, y = _table(noise=0.0)
    model = RuleBasedClassifier(boundaries="median", learn_formula_weights=False, optimise_weights=False).fit(X, y)
    wstf = model.readability_["formulas"]["wstf"]
    assert wstf["direction"] == 1.0 and wstf["bounds"] == pytest.approx([3, 5, 7, 9, 11])
    flesch = model.readability_["formulas"]["flesch_amstad"]
    assert flesch["direction"] == -1.0  # Flesch falls as the level rises
    assert flesch["bounds"] == pytest.approx([-85, -75, -65, -55, -45])
    trace = model.explain({"read_wstf": 6.2, "read_flesch_amstad": 66.0})
    votes = {r["formula"]: r["level"] for r in trace["components"]["readability"]["fired"]}
    assert votes == {"wstf": "B1", "flesch_amstad": "B1"}
    assert trace["components"]["readability"]["level"] == "B1"
    # weighted majority: WSTF (1.0) says B2, Amstad (0.9) says A2 → B2
    split = model.explain({"read_wstf": 8.0, "read_flesch_amstad": 81.0})["components"]["readability"]
    assert split["level"] == "B2" and split["confidence"] < trace["components"]["readability"]["confidence"]


def test_objective_boundaries_separate_a_separable_feature() -> None:
    rng = np.random.default_rng(1)
    t = np.repeat(np.arange(6), [40, 5, 5, 5, 5, 40])  # crowded ends pull median midpoints aside
    values = t * 10.0 + rng.uniform(-4, 4, t.size)
    learned = _fit_bounds(values, t, 6, "accuracy")
    assert learned is not None
    direction, bounds = learned
    pred = np.searchsorted(bounds, direction * values, side="right")
    assert direction == 1.0 and np.all(pred == t)


def test_language_without_wstf_or_amstad(fitted: RuleBasedClassifier) -> None:
    X, y = _table(seed=3)
    greek = X.drop(columns=["read_wstf", "read_flesch_amstad"])  # neither formula exists for Greek
    model = RuleBasedClassifier().fit(greek, y)
    assert set(model.readability_["formulas"]) == {"flesch_kincaid", "gunning_fog", "smog", "ari", "coleman_liau"}
    assert accuracy(y, model.predict(greek), CEFR) > 0.8
    # a model fitted with WSTF, applied to a row where it is NaN: the formula drops out of the vote
    row = X.iloc[[100]].copy()
    row["read_wstf"] = math.nan
    trace = fitted.explain(row)
    formulas = {r["formula"] for r in trace["components"]["readability"]["fired"]}
    assert "wstf" not in formulas and len(formulas) == 6
    assert 0 < trace["components"]["readability"]["quality"] < 1
    assert np.isfinite(fitted.predict_proba(row)).all()


def test_no_linguistic_features_drops_the_component() -> None:
    X, y = _table(seed=4)
    model = RuleBasedClassifier().fit(X.drop(columns=LING), y)
    trace = model.explain(X.drop(columns=LING).iloc[0])
    assert trace["components"]["linguistic"]["level"] is None
    assert trace["weights"]["linguistic"] == 0.0
    assert sum(trace["weights"].values()) == pytest.approx(1.0)


# ------------------------------------------------------------------------ linguistic component
def test_linguistic_scores_are_training_percentiles() -> None:
    q = np.linspace(0.0, 1.0, 51)
    assert _percentile_score(0.5, q) == pytest.approx(50.0)
    assert _percentile_score(-1.0, q) == 0.0 and _percentile_score(2.0, q) == 100.0
    ties = np.array([0.0] * 26 + list(np.linspace(0.1, 1.0, 25)))  # half the texts have no passive
    assert _percentile_score(0.0, ties) == pytest.approx(25.0)


def test_linguistic_component_orders_levels(fitted: RuleBasedClassifier) -> None:
    rng = np.random.default_rng(5)
    low = fitted.explain(_row(0, rng))["components"]["linguistic"]
    high = fitted.explain(_row(5, rng))["components"]["linguistic"]
    assert low["composite"] < 20 < 80 < high["composite"]
    assert (low["level"], high["level"]) == ("A1", "C2")
    assert {r["feature"] for r in high["fired"]} >= {"composite", *LING}


# ------------------------------------------------------------------- combination and weights
def test_weight_optimisation_recovers_the_informative_component() -> None:
    rng = np.random.default_rng(6)
    rows, y = [], []
    for c, lv in enumerate(LEVELS):
        for _ in range(30):
            clean = _row(c, rng, noise=0.3)
            vague = _row(c + rng.normal(0.0, 2.5), rng, noise=0.3)  # vocabulary and linguistic: weak
            rows.append({k: (clean[k] if k.startswith("read_") else vague[k]) for k in clean})
            y.append(lv)
    X = pd.DataFrame(rows)
    model = RuleBasedClassifier(objective="accuracy").fit(X, y)
    weights = dict(zip(["vocabulary", "readability", "linguistic"], model.weights_, strict=True))
    assert weights["readability"] >= 0.6
    assert weights["readability"] > weights["vocabulary"] + 0.3
    assert weights["readability"] > weights["linguistic"] + 0.3
    fixed = RuleBasedClassifier(optimise_weights=False).fit(X, y)
    assert fixed.weights_ == pytest.approx([0.3, 0.4, 0.3])
    assert accuracy(y, model.predict(X), CEFR) > accuracy(y, fixed.predict(X), CEFR)


def test_c2_when_features_are_extreme(fitted: RuleBasedClassifier) -> None:
    rng = np.random.default_rng(7)
    extreme = pd.DataFrame([_row(7.0, rng)])
    assert fitted.predict(extreme)[0] == "C2"
    proba = fitted.predict_proba(extreme)[0]
    assert proba.argmax() == 5 and proba[5] > 0.5
    easy = pd.DataFrame([_row(-2.0, rng)])
    assert fitted.predict(easy)[0] == "A1"


def test_proba_is_a_distribution_consistent_with_predict(fitted: RuleBasedClassifier) -> None:
    X, _ = _table(seed=8)
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 6)
    assert np.allclose(proba.sum(axis=1), 1.0) and (proba >= 0).all()
    assert list(fitted.predict(X)) == [LEVELS[i] for i in proba.argmax(axis=1)]
    assert 0.02 <= fitted.temperature_ <= 50.0
    assert list(fitted.classes_) == LEVELS


def test_median_when_all_components_disagree() -> None:
    X, y = _table(seed=9)
    model = RuleBasedClassifier(optimise_weights=False).fit(X, y)  # every component weighted
    rng = np.random.default_rng(9)
    row = _row(0, rng) | {k: v for k, v in _row(5, rng).items() if k.startswith("read_")}
    row |= {k: v for k, v in _row(2, rng).items() if k.startswith("syn_")}
    trace = model.explain(row)
    levels = [trace["components"][c]["level"] for c in ("vocabulary", "readability", "linguistic")]
    assert levels == ["A1", "C2", "B1"]
    assert trace["rule"] == "median of disagreeing components" and trace["agreement"] == "all disagree"
    assert trace["level"] == "B1"  # the weighted mean 0.3·0 + 0.4·5 + 0.3·2 = 2.6 would say B2
    agree = model.explain(_row(2, rng))
    assert agree["agreement"] == "all agree" and agree["level"] == "B1"


# ----------------------------------------------------------------------------- traceability
def test_trace_contents(fitted: RuleBasedClassifier) -> None:
    X, _ = _table(seed=10)
    traces = fitted.predict_trace(X.iloc[:5])
    assert len(traces) == 5
    t = traces[0]
    assert set(t) >= {"level", "index", "rule", "agreement", "confidence", "weights", "base_weights", "components", "fired", "proba"}
    assert t["level"] == fitted.predict(X.iloc[:1])[0]
    assert round(t["index"]) == LEVELS.index(t["level"])
    assert sum(t["weights"].values()) == pytest.approx(1.0)
    assert {r["component"] for r in t["fired"]} == {"vocabulary", "readability", "linguistic"}
    for rule in t["fired"]:
        assert {"component", "feature", "value"} <= set(rule)
    for comp in t["components"].values():
        assert comp["level"] in LEVELS and 0.0 <= comp["confidence"] <= 1.0
    assert 0.0 <= t["confidence"] <= 1.0
    json.dumps(traces)  # a trace is plain JSON for the API


# ---------------------------------------------------------------------------- serialisation
def test_json_round_trip_through_a_bundle(fitted: RuleBasedClassifier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    X, _ = _table(seed=11)
    table = fitted.to_dict()
    json.dumps(table, allow_nan=False)
    bundle = Bundle(name="rules-test", task="level", labels=CEFR)
    bundle.save_json("rules", table)
    path = bundle.save(tmp_path / "rules")
    loaded = RuleBasedClassifier.from_dict(Bundle.load(path).load_json("rules"))
    assert list(loaded.predict(X)) == list(fitted.predict(X))
    assert np.array_equal(loaded.predict_proba(X), fitted.predict_proba(X))
    assert loaded.explain(X.iloc[0]) == fitted.explain(X.iloc[0])


def test_sklearn_conventions() -> None:
    model = RuleBasedClassifier(weights={"vocabulary": 1, "readability": 1, "linguistic": 2}, weight_step=0.25)
    copy = clone(model)
    assert copy.get_params()["weights"] == {"vocabulary": 1, "readability": 1, "linguistic": 2}
    X, y = _table(n_per_level=8, seed=12)
    copy.set_params(optimise_weights=False).fit(X, y)
    assert copy.weights_ == pytest.approx([0.25, 0.25, 0.5])
    with pytest.raises(InputError):
        RuleBasedClassifier(objective="f2").fit(X, y)
    with pytest.raises(InputError):
        RuleBasedClassifier().fit(X, ["Z9"] * len(X))
    with pytest.raises(InputError):
        RuleBasedClassifier().fit(X.to_numpy(), y)


def test_explicit_calibration_split() -> None:
    X, y = _table(seed=13)
    X_cal, y_cal = _table(n_per_level=10, seed=14)
    model = RuleBasedClassifier(objective="accuracy").fit(X, y, X_cal=X_cal, y_cal=y_cal)
    assert model.calibration_["n"] == len(y_cal)
    assert accuracy(y_cal, model.predict(X_cal), CEFR) > 0.8
