"""train_l1: refusals, dropped L1s, licence terms and the SVM temperature."""

from __future__ import annotations

import numpy as np
import pytest
from tests.models.ngram.conftest import l1_records


@pytest.mark.parametrize(
    "counts,min_texts,match",
    [({"A": 3, "B": 2}, 10, "no L1 has at least 10"), ({"A": 12, "B": 2}, 10, "only one L1")],
)
def test_train_l1_refuses_too_few_classes(counts: dict[str, int], min_texts: int, match: str) -> None:
    from interlang.errors import InputError
    from interlang.tasks.l1_training import train_l1

    with pytest.raises(InputError, match=match):
        train_l1(l1_records(counts), min_texts=min_texts)


def test_train_l1_bundle_records_drops_and_licence() -> None:
    from interlang.models.provenance import licence_terms
    from interlang.tasks.l1_training import train_l1

    bundle = train_l1(l1_records({"A": 8, "B": 8, "C": 2}), min_texts=5, model="plain")
    assert sorted(bundle.labels.labels) == ["A", "B"]
    assert bundle.extra["dropped"] == {"C": 2} and bundle.extra["min_texts"] == 5
    assert licence_terms("research use (ICLE texts otherwise licensed)")[0]
    assert licence_terms("CC BY-NC-SA 4.0")[0]
    nc, note = licence_terms("CC BY-SA 4.0")
    assert not nc and "share-alike" in note


def test_fit_temperature_recovers_the_scale() -> None:
    from interlang.models.ngram import fit_temperature

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4000, 4))
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(4, p=row) for row in p], dtype=np.int64)
    assert abs(fit_temperature(logits * 5.0, y) - 5.0) < 0.5


def test_train_l1_calibrates_svm_temperature() -> None:
    from interlang.tasks.l1_training import train_l1

    bundle = train_l1(l1_records({"A": 10, "B": 10}), min_texts=5, model="plain-svm")
    cal = bundle.calibration
    assert cal and cal["method"] == "temperature" and cal["temperature"] > 0
    assert bundle.estimator.temperature == cal["temperature"]
    assert cal["oof_ece_after"] <= cal["oof_ece_before"] + 1e-9
    plain = train_l1(l1_records({"A": 10, "B": 10}), min_texts=5, model="plain")
    assert plain.calibration is None  # logistic regression has its own probabilities
