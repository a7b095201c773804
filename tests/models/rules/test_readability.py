"""The readability component: per-formula boundaries, direction and the weighted vote."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interlang.evaluation.metrics import accuracy
from interlang.labels import CEFR
from interlang.models.rules import RuleBasedClassifier

from .conftest import feature_table


def test_readability_median_boundaries_and_direction() -> None:
    X, y = feature_table(noise=0.0)
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


def test_language_without_wstf_or_amstad(fitted: RuleBasedClassifier) -> None:
    X, y = feature_table(seed=3)
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
