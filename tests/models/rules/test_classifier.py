"""The rule-based classifier: weights, the kernel distribution, disagreement, traces."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from interlang.errors import InputError
from interlang.evaluation.metrics import accuracy
from interlang.labels import CEFR
from interlang.models.rules import RuleBasedClassifier

from .conftest import LEVELS, feature_row, feature_table


def test_weight_optimisation_recovers_the_informative_component() -> None:
    rng = np.random.default_rng(6)
    rows, y = [], []
    for c, lv in enumerate(LEVELS):
        for _ in range(30):
            clean = feature_row(c, rng, noise=0.3)
            vague = feature_row(c + rng.normal(0.0, 2.5), rng, noise=0.3)  # vocabulary and linguistic: weak
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
    extreme = pd.DataFrame([feature_row(7.0, rng)])
    assert fitted.predict(extreme)[0] == "C2"
    proba = fitted.predict_proba(extreme)[0]
    assert proba.argmax() == 5 and proba[5] > 0.5
    easy = pd.DataFrame([feature_row(-2.0, rng)])
    assert fitted.predict(easy)[0] == "A1"


def test_proba_is_a_distribution_consistent_with_predict(fitted: RuleBasedClassifier) -> None:
    X, _ = feature_table(seed=8)
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 6)
    assert np.allclose(proba.sum(axis=1), 1.0) and (proba >= 0).all()
    assert list(fitted.predict(X)) == [LEVELS[i] for i in proba.argmax(axis=1)]
    assert 0.02 <= fitted.temperature_ <= 50.0
    assert list(fitted.classes_) == LEVELS


def test_median_when_all_components_disagree() -> None:
    X, y = feature_table(seed=9)
    model = RuleBasedClassifier(optimise_weights=False).fit(X, y)  # every component weighted
    rng = np.random.default_rng(9)
    row = feature_row(0, rng) | {k: v for k, v in feature_row(5, rng).items() if k.startswith("read_")}
    row |= {k: v for k, v in feature_row(2, rng).items() if k.startswith("syn_")}
    trace = model.explain(row)
    levels = [trace["components"][c]["level"] for c in ("vocabulary", "readability", "linguistic")]
    assert levels == ["A1", "C2", "B1"]
    assert trace["rule"] == "median of disagreeing components" and trace["agreement"] == "all disagree"
    assert trace["level"] == "B1"  # the weighted mean 0.3·0 + 0.4·5 + 0.3·2 = 2.6 would say B2
    agree = model.explain(feature_row(2, rng))
    assert agree["agreement"] == "all agree" and agree["level"] == "B1"


def test_trace_contents(fitted: RuleBasedClassifier) -> None:
    X, _ = feature_table(seed=10)
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


def test_sklearn_conventions() -> None:
    model = RuleBasedClassifier(weights={"vocabulary": 1, "readability": 1, "linguistic": 2}, weight_step=0.25)
    copy = clone(model)
    assert copy.get_params()["weights"] == {"vocabulary": 1, "readability": 1, "linguistic": 2}
    X, y = feature_table(n_per_level=8, seed=12)
    copy.set_params(optimise_weights=False).fit(X, y)
    assert copy.weights_ == pytest.approx([0.25, 0.25, 0.5])
    with pytest.raises(InputError):
        RuleBasedClassifier(objective="f2").fit(X, y)
    with pytest.raises(InputError):
        RuleBasedClassifier().fit(X, ["Z9"] * len(X))
    with pytest.raises(InputError):
        RuleBasedClassifier().fit(X.to_numpy(), y)


def test_explicit_calibration_split() -> None:
    X, y = feature_table(seed=13)
    X_cal, y_cal = feature_table(n_per_level=10, seed=14)
    model = RuleBasedClassifier(objective="accuracy").fit(X, y, X_cal=X_cal, y_cal=y_cal)
    assert model.calibration_["n"] == len(y_cal)
    assert accuracy(y_cal, model.predict(X_cal), CEFR) > 0.8
