"""Hand-made feature tables for the rule-based baseline (real feature names, no parsing)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlang.labels import CEFR
from interlang.models.rules import RuleBasedClassifier

LEVELS = list(CEFR.labels)
READ = ["read_wstf", "read_flesch_amstad", "read_flesch_kincaid", "read_gunning_fog", "read_smog", "read_ari", "read_coleman_liau"]
LING = ["syn_clause_depth_mean", "syn_mean_dependency_distance", "syn_clauses_per_sentence", "syn_subordinate_ratio", "syn_passive_ratio"]


def feature_row(level: float, rng: np.random.Generator, noise: float = 0.0) -> dict[str, float]:
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


def feature_table(n_per_level: int = 20, noise: float = 0.5, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows, y = [], []
    for c, lv in enumerate(LEVELS):
        for _ in range(n_per_level):
            rows.append(feature_row(c, rng, noise))
            y.append(lv)
    return pd.DataFrame(rows), np.asarray(y, dtype=object)


@pytest.fixture(scope="module")
def fitted() -> RuleBasedClassifier:
    X, y = feature_table()
    return RuleBasedClassifier().fit(X, y)
