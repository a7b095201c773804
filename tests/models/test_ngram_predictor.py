"""The ``ngram`` text family: a level bundle of n-grams, loaded and explained like any model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interlang.labels import LabelSet
from interlang.models.bundle import Bundle
from interlang.models.ngram import NgramClassifier

LOW = ["Io sono Marco. Ho un cane.", "Mi chiamo Anna. Abito a Roma.", "Ho una casa. La casa è bella."]
HIGH = ["Sebbene la situazione fosse complicata, abbiamo deciso di affrontare le difficoltà insieme.",
        "Vorrei sottolineare che, nonostante gli sforzi, i risultati non sono stati soddisfacenti.",
        "Qualora fosse necessario, sarei disposto a riconsiderare la mia posizione al riguardo."]


@pytest.fixture(scope="module")
def bundle_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from interlang.tasks.l1_training import write_ngram_bundle

    texts = (LOW + HIGH) * 4
    y = (["A1"] * 3 + ["B1"] * 3) * 4
    estimator = NgramClassifier(lang="it", classifier="logreg", C=10.0, clean=False).fit(texts, y)
    bundle = Bundle(name="level-it-test", task="level", labels=LabelSet(("A1", "A2", "B1"), ordinal=True),
                    estimator=estimator, language="it", extra={"family": "ngram"})
    out = tmp_path_factory.mktemp("ngram") / "level-it-test"
    assert write_ngram_bundle(bundle, out) is None  # the compiled form was written
    return out


def test_an_ngram_level_bundle_is_a_proficiency_predictor(bundle_path: Path) -> None:
    import interlang

    predictor = interlang.load(bundle_path)
    assert predictor.task == "proficiency" and predictor.labels == ["A1", "A2", "B1"]
    low, high = predictor.predict(["Io sono Luca. Ho un gatto.", HIGH[0]])
    assert low.label == "A1" and high.label == "B1"
    assert np.isclose(sum(high.probabilities.values()), 1.0)
    assert high.probabilities["A2"] == 0.0  # a level with no training text gets no mass


def test_compiled_and_full_estimator_agree(bundle_path: Path) -> None:
    from interlang.models.ngram_predictor import NgramTextModel

    bundle = Bundle.load(bundle_path)
    model = NgramTextModel(bundle)
    assert model.compiled is not None
    full = NgramTextModel(bundle)
    full.compiled = None
    texts = [*LOW, *HIGH, "Testo nuovo, mai visto prima."]
    assert np.allclose(model.predict_proba(texts), full.predict_proba(texts), atol=1e-6)


def test_the_explanation_marks_words_of_the_text_as_written(bundle_path: Path) -> None:
    import interlang

    text = "Sebbene fosse tardi, abbiamo deciso di restare."
    prediction = interlang.load(bundle_path).explain(text, top=3)
    spans = [r for r in prediction.reasons if r.kind == "span"]
    assert spans and len(spans) <= 3
    assert all(text[r.start : r.end] == r.what for r in spans)
