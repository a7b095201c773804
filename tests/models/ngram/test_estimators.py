"""The n-gram estimators learn a spelling habit; a stacked model saved in a bundle predicts L1s."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.ngram import (
    L1Predictor,
    NgramClassifier,
    SentenceBaseline,
    StackedNLI,
    balance_indices,
)

from .conftest import spelling_corpus


@pytest.mark.parametrize(
    "model",
    [
        NgramClassifier(lang="en", clean=False),
        NgramClassifier(lang="en", classifier="svm", balance="downsample", clean=False),
        StackedNLI(lang="en", families=("char", "word"), cv=3, clean=False),
        SentenceBaseline(lang="en", clean=False),
    ],
    ids=["plain", "svm-downsample", "stacked", "baseline"],
)
def test_models_learn_the_signal(model: object) -> None:
    texts, labels = spelling_corpus()
    model.fit(texts[:16], labels[:16])  # type: ignore[attr-defined]
    proba = model.predict_proba(texts[16:])  # type: ignore[attr-defined]
    assert proba.shape == (8, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    pred = model.predict(texts[16:])  # type: ignore[attr-defined]
    assert list(pred) == labels[16:]


def test_balance_indices_downsamples_to_smallest_class() -> None:
    y = ["a"] * 10 + ["b"] * 3
    idx = balance_indices(y, seed=1)
    assert sorted(np.asarray(y, dtype=object)[idx].tolist()) == ["a"] * 3 + ["b"] * 3


def test_predictor_flags_short_text_and_roundtrips(tmp_path) -> None:
    from interlang.labels import LabelSet
    from interlang.models.bundle import Bundle

    texts, labels = spelling_corpus()
    est = StackedNLI(lang="en", families=("char", "word"), cv=3).fit(texts, labels)
    bundle = Bundle(name="l1-test", task="l1", labels=LabelSet.nominal(labels), estimator=est, language="en")
    path = bundle.save(tmp_path / "b")
    predictor = L1Predictor.load(path)
    short = predictor.predict_text("I think school are most important thing.", "en", k=2)
    assert short["too_short"] and "too short" in short["note"]
    assert short["top"][0][0] == "B"
    assert abs(sum(p for _, p in short["top"]) - 1.0) < 1e-6
    long = predictor.predict_text(" ".join(texts[1] for _ in range(6)), "en")
    assert not long["too_short"] and long["top"][0][0] == "A"
    with pytest.raises(ValueError):
        predictor.predict_text("Ich bin hier.", "de")
