"""The rules model as JSON, through a bundle and back."""

from __future__ import annotations

import json

import numpy as np

from interlang.labels import CEFR
from interlang.models.bundle import Bundle
from interlang.models.rules import RuleBasedClassifier

from .conftest import feature_table


def test_json_round_trip_through_a_bundle(fitted: RuleBasedClassifier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    X, _ = feature_table(seed=11)
    table = fitted.to_dict()
    json.dumps(table, allow_nan=False)
    bundle = Bundle(name="rules-test", task="level", labels=CEFR)
    bundle.save_json("rules", table)
    path = bundle.save(tmp_path / "rules")
    loaded = RuleBasedClassifier.from_dict(Bundle.load(path).load_json("rules"))
    assert list(loaded.predict(X)) == list(fitted.predict(X))
    assert np.array_equal(loaded.predict_proba(X), fitted.predict_proba(X))
    assert loaded.explain(X.iloc[0]) == fitted.explain(X.iloc[0])
