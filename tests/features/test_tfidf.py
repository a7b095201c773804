"""TF-IDF → PCA: shapes, names, capping, determinism, cloning, Documents as input."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from interlang.features.tfidf import TfidfPCA
from interlang.text import parse

TEXTS = [
    "I like my school and my teacher.",
    "My teacher likes the school very much.",
    "The weather is nice and I like the sun.",
    "The sun is hot and the weather is nice.",
    "I think that school is important for the future.",
    "In the future I want to be a teacher at a school.",
    "My family likes the sun and the sea.",
    "The sea is nice in the summer and my family is happy.",
]


def test_components_are_capped_by_the_data_and_named() -> None:
    model = TfidfPCA().fit(TEXTS)
    # 8 documents: at most 8 components even though 50 were asked for.
    assert model.n_components_ == 8
    out = model.transform(TEXTS)
    assert out.shape == (8, 8)
    assert list(model.get_feature_names_out()) == [f"tfidf_pc{i:02d}" for i in range(1, 9)]
    # min_df=2: a word seen once ("weather" twice is kept, "summer" once is not).
    vocab = model.vectorizer_.vocabulary_
    assert "weather" in vocab and "summer" not in vocab
    assert "the sun" in vocab  # bigrams
    assert len(vocab) <= 500


def test_paper_defaults_on_a_larger_corpus() -> None:
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(60)]
    texts = [" ".join(rng.choice(words, size=40)) for _ in range(120)]
    model = TfidfPCA().fit(texts)
    assert model.n_components_ == 50
    assert len(model.vectorizer_.vocabulary_) == 500
    assert model.transform(texts[:3]).shape == (3, 50)
    assert model.get_feature_names_out()[-1] == "tfidf_pc50"


def test_deterministic_and_clonable() -> None:
    a = TfidfPCA(n_components=3).fit_transform(TEXTS)
    b = clone(TfidfPCA(n_components=3)).fit_transform(TEXTS)
    np.testing.assert_allclose(a, b)
    assert TfidfPCA(n_components=3).get_params()["n_components"] == 3


def test_documents_and_strings_give_the_same_result() -> None:
    docs = [parse(t, "en", backend="rules") for t in TEXTS]
    model = TfidfPCA(n_components=2).fit(TEXTS)
    np.testing.assert_allclose(model.transform(docs), model.transform(TEXTS))


def test_too_few_documents_for_min_df_falls_back_to_every_term() -> None:
    model = TfidfPCA().fit(["one text only", "another different thing"])
    assert model.min_df_used_ == 1
    assert model.transform(["one more text"]).shape == (1, 2)


def test_inside_a_pipeline() -> None:
    pipe = make_pipeline(TfidfPCA(n_components=4), StandardScaler())
    assert pipe.fit_transform(TEXTS).shape == (8, 4)
    assert pipe.get_feature_names_out()[0] == "tfidf_pc01"


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="str or Document"):
        TfidfPCA().fit([1, 2, 3])
