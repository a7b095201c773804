"""The vocabulary component: coverage thresholds, unknown words, learned thresholds."""

from __future__ import annotations

import pandas as pd

from interlang.evaluation.metrics import accuracy
from interlang.labels import CEFR
from interlang.models.rules import RuleBasedClassifier
from interlang.models.rules.defaults import DEFAULT_VOCAB_THRESHOLDS

from .conftest import LEVELS, feature_table


def test_vocabulary_default_thresholds_hand_computed() -> None:
    X, y = feature_table(noise=0.0)
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
    X, y = feature_table(noise=0.0)
    model = RuleBasedClassifier(learn_thresholds=False, optimise_weights=False).fit(X, y)
    base = {f"vocab_pct_{lv.lower()}": 0.0 for lv in LEVELS}
    clean = model.explain(base | {"vocab_pct_a1": 95.0, "vocab_pct_unknown": 2.0})["components"]["vocabulary"]
    noisy = model.explain(base | {"vocab_pct_a1": 95.0, "vocab_pct_unknown": 25.0})["components"]["vocabulary"]
    assert clean["level"] == noisy["level"] == "A1"
    assert noisy["confidence"] < clean["confidence"]
    assert noisy["quality"] < clean["quality"] == 1.0


def test_vocabulary_thresholds_learned_on_separablefeature_table() -> None:
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
