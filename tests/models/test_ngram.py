"""N-gram NLI models on a hand-made two-"L1" corpus: each L1 has its own spelling habit."""

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

TOPICS = ["school", "money", "travel", "family", "work", "music", "sport", "food"]


def _corpus(n: int = 24) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        if i % 2:
            body = f"In my opinion the {topic} is very importent. I thinked about {topic} every day."
            labels.append("A")
        else:
            body = f"I think {topic} are most important thing. Me like {topic} much, yes."
            labels.append("B")
        texts.append(body + f" This is text {i} about {topic}.")
    return texts, labels


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
    texts, labels = _corpus()
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

    texts, labels = _corpus()
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


def _records(counts: dict[str, int]) -> list[object]:
    from interlang.corpora.record import Record

    texts, _ = _corpus(sum(counts.values()))
    labels = [lab for lab, n in counts.items() for _ in range(n)]
    return [
        Record(id=f"r{i}", text=t + f" Extra words number {i} for the writer {lab}.", language="en", l1=lab, writer_id=f"w{i}")
        for i, (t, lab) in enumerate(zip(texts, labels, strict=True))
    ]


@pytest.mark.parametrize(
    "counts,min_texts,match",
    [({"A": 3, "B": 2}, 10, "no L1 has at least 10"), ({"A": 12, "B": 2}, 10, "only one L1")],
)
def test_train_l1_refuses_too_few_classes(counts: dict[str, int], min_texts: int, match: str) -> None:
    from interlang.errors import InputError
    from interlang.models.ngram import train_l1

    with pytest.raises(InputError, match=match):
        train_l1(_records(counts), min_texts=min_texts)


def test_train_l1_bundle_records_drops_and_licence() -> None:
    from interlang.models.ngram import licence_terms, train_l1

    bundle = train_l1(_records({"A": 8, "B": 8, "C": 2}), min_texts=5, model="plain")
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
    from interlang.models.ngram import train_l1

    bundle = train_l1(_records({"A": 10, "B": 10}), min_texts=5, model="plain-svm")
    cal = bundle.calibration
    assert cal and cal["method"] == "temperature" and cal["temperature"] > 0
    assert bundle.estimator.temperature == cal["temperature"]
    assert cal["oof_ece_after"] <= cal["oof_ece_before"] + 1e-9
    plain = train_l1(_records({"A": 10, "B": 10}), min_texts=5, model="plain")
    assert plain.calibration is None  # logistic regression has its own probabilities
