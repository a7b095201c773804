"""TermIndex and compact_estimator: smaller saved n-gram models that predict the same."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.ngram import NgramClassifier, StackedNLI, TermIndex, compact_estimator

from .conftest import spelling_corpus


def test_term_index_is_the_vocabulary_it_was_built_from() -> None:
    vocabulary = {"ab": 2, "a": 0, "über": 1, "b c": 3}
    index = TermIndex(vocabulary)
    assert dict(index) == vocabulary and len(index) == 4
    assert index["über"] == 1 and "zz" not in index
    assert index.data.dtype == np.uint8
    copy = TermIndex.__new__(TermIndex)
    copy.__setstate__(index.__getstate__())  # what skops stores: the byte array and the size
    assert dict(copy) == vocabulary


@pytest.mark.parametrize("vocabulary", [{"a": 0, "b": 2}, {"a\0b": 0}])
def test_term_index_refuses_gaps_and_nul(vocabulary: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        TermIndex(vocabulary)


@pytest.mark.parametrize(
    "model",
    [
        NgramClassifier(lang="en", classifier="svm", clean=False),
        StackedNLI(lang="en", families=("char", "word"), cv=3, clean=False),
    ],
    ids=["plain-svm", "stacked"],
)
def test_compacting_keeps_predictions(model: object) -> None:
    texts, labels = spelling_corpus()
    model.fit(texts, labels)  # type: ignore[attr-defined]
    before = model.predict_proba(texts)  # type: ignore[attr-defined]
    compact_estimator(model)
    after = model.predict_proba(texts)  # type: ignore[attr-defined]
    np.testing.assert_allclose(after, before, atol=1e-5)
    vectorizers = list(getattr(model, "vectorizers_", {}).values())
    vectorizers += [b.named_steps["vec"] for b in getattr(model, "bases_", [])]
    assert vectorizers and all(isinstance(v.vocabulary_, TermIndex) for v in vectorizers)
    assert all(getattr(v, "stop_words_", None) is None for v in vectorizers)
