"""Synthetic over-confident scores whose true calibration map is known.

Labels are drawn first, then logits z = noise + 1.5·onehot(y); the true posterior is exactly
softmax(1.5·z). The model reports softmax(3·z): over-confident, and temperature T = 2 is the
perfect fix.
"""

from __future__ import annotations

import numpy as np
import pytest

from interlang.labels import LabelSet

LABELS = LabelSet(("A2", "B1", "B2", "C1"), ordinal=True, name="cefr")

def synthetic_scores(n: int, seed: int, sharpen: float = 3.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, len(LABELS), n)
    z = rng.normal(0.0, 1.0, (n, len(LABELS)))
    z[np.arange(n), codes] += 1.5
    p = np.exp(sharpen * (z - z.max(axis=1, keepdims=True)))
    p /= p.sum(axis=1, keepdims=True)
    y = np.asarray(LABELS.labels, dtype=object)[codes]
    return p, y, z


@pytest.fixture(scope="module")
def dev_test() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p_dev, y_dev, _ = synthetic_scores(1000, seed=1)
    p_test, y_test, _ = synthetic_scores(3000, seed=2)
    return p_dev, y_dev, p_test, y_test
