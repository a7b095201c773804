"""The linguistic component: the composite of training percentiles."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.rules import RuleBasedClassifier

from .conftest import LING, feature_row, feature_table


def test_no_linguistic_features_drops_the_component() -> None:
    X, y = feature_table(seed=4)
    model = RuleBasedClassifier().fit(X.drop(columns=LING), y)
    trace = model.explain(X.drop(columns=LING).iloc[0])
    assert trace["components"]["linguistic"]["level"] is None
    assert trace["weights"]["linguistic"] == 0.0
    assert sum(trace["weights"].values()) == pytest.approx(1.0)


def test_linguistic_component_orders_levels(fitted: RuleBasedClassifier) -> None:
    rng = np.random.default_rng(5)
    low = fitted.explain(feature_row(0, rng))["components"]["linguistic"]
    high = fitted.explain(feature_row(5, rng))["components"]["linguistic"]
    assert low["composite"] < 20 < 80 < high["composite"]
    assert (low["level"], high["level"]) == ("A1", "C2")
    assert {r["feature"] for r in high["fired"]} >= {"composite", *LING}
