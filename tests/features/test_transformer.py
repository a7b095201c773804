"""FeatureTransformer: the registry as a clonable scikit-learn transformer."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline

from interlang.features import extract, list_features
from interlang.features.transformer import FeatureTransformer
from interlang.text import parse

TEXTS = ["Der Hund bellt. Die Katze schläft.", "Ich gehe nach Hause, weil es regnet."]


def test_columns_are_the_registered_features_for_the_language() -> None:
    ft = FeatureTransformer(lang="en", groups=["basic", "readability"]).fit(TEXTS)
    names = list(ft.get_feature_names_out())
    expected = [f.name for f in list_features(lang="en") if f.group in {"basic", "readability"}]
    assert names == expected
    assert "read_wstf" not in names  # German only
    assert "read_wstf" in FeatureTransformer(lang="de", groups=["readability"]).fit().feature_names_


def test_values_match_extract_and_documents_pass_through() -> None:
    ft = FeatureTransformer(lang="de", groups=["basic", "discourse"], backend="rules").fit(TEXTS)
    out = ft.transform(TEXTS)
    assert out.shape == (2, len(ft.feature_names_))
    doc = parse(TEXTS[1], "de", backend="rules")
    fv = extract(doc, ["basic", "discourse"])
    np.testing.assert_allclose(out[1], [fv.values[n] for n in ft.feature_names_], equal_nan=True)
    np.testing.assert_allclose(ft.transform([doc]), out[1:], equal_nan=True)


def test_nan_policies() -> None:
    texts = ["Der Hund bellt."]  # no connective → disc ratios unavailable
    keep = FeatureTransformer(lang="de", groups=["discourse"], backend="rules").fit(texts)
    assert np.isnan(keep.transform(texts)).any()
    zero = clone(keep).set_params(nan_policy="zero").fit(texts)
    assert not np.isnan(zero.transform(texts)).any()
    strict = clone(keep).set_params(nan_policy="raise").fit(texts)
    with pytest.raises(ValueError, match="disc_advanced_ratio unavailable: no connectives"):
        strict.transform(texts)
    with pytest.raises(ValueError, match="nan_policy"):
        FeatureTransformer(nan_policy="drop").fit(texts)


def test_text_without_words_gives_a_nan_row() -> None:
    ft = FeatureTransformer(lang="en", groups=["basic"], backend="rules").fit([])
    out = ft.transform(["...", "Hello world."])
    assert np.isnan(out[0]).all() and not math.isnan(out[1][0])


def test_unknown_group_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown feature groups"):
        FeatureTransformer(groups=["nope"]).fit([])


def test_get_params_clone_and_pipeline() -> None:
    ft = FeatureTransformer(lang="en", groups=("basic",), nan_policy="keep", backend="rules")
    assert ft.get_params() == {
        "lang": "en",
        "groups": ("basic",),
        "nan_policy": "keep",
        "backend": "rules",
    }
    cloned = clone(ft)
    assert cloned.get_params() == ft.get_params()
    pipe = make_pipeline(cloned, SimpleImputer())
    assert pipe.fit_transform(["Hello world.", "Good night, my friend."]).shape == (2, 6)


def test_import_has_no_side_effects() -> None:
    code = (
        "import sys; import interlang.features.transformer, interlang.features.tfidf; "
        "print(any(m.startswith('spacy') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
