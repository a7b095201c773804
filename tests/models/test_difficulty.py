"""The difficulty family: sentences scored, documents as the word-weighted mean of their sentences."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.difficulty import DifficultyModel
from interlang.models.shipped import shipped_path


@pytest.fixture(scope="module")
def model() -> DifficultyModel:
    from interlang.models.loading import load_model

    if shipped_path("difficulty-en") is None:
        pytest.skip("difficulty-en is not installed")
    return load_model("difficulty-en").model


def test_sentences_are_ordered_by_difficulty(model: DifficultyModel) -> None:
    easy = "I have a cat."
    hard = ("Notwithstanding the considerable heterogeneity of the epidemiological evidence, the committee "
            "concluded that the intervention's marginal benefits were unlikely to outweigh its opportunity costs.")
    proba = model.sentence_proba([easy, hard])
    assert proba.shape == (2, 6) and np.allclose(proba.sum(axis=1), 1.0)
    expected = proba @ np.arange(1, 7)
    assert expected[0] < 2.5 < 4.0 < expected[1]


def test_a_document_is_the_word_weighted_mean_of_its_sentences(model: DifficultyModel) -> None:
    text = "I have a cat. The committee concluded that the intervention's marginal benefits were doubtful."
    doc = model.assess(text)
    assert len(doc.sentences) == 2
    rows = np.asarray([s.proba for s in doc.sentences])
    weights = np.asarray([len(s.text.split()) for s in doc.sentences], dtype=float)
    assert np.allclose(doc.proba, rows.T @ weights / weights.sum())
    assert doc.hardest(1)[0].start > 0  # the second sentence is the harder one
    assert text[doc.sentences[1].start : doc.sentences[1].end].startswith("The committee")
    assert 0.0 <= doc.share_above(0) <= 1.0
    assert np.allclose(model.predict_proba([text])[0], doc.proba)


def test_empty_batch(model: DifficultyModel) -> None:
    assert model.predict_proba([]).shape == (0, 6)
    assert model.sentence_proba([]).shape == (0, 6)
