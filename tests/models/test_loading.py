"""models.loading: the one registry that tells model families apart."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.loading import KINDS, load_model
from interlang.models.shipped import shipped_path
from interlang.text.samples import sample_text


def test_kinds_are_tried_difficulty_and_text_family_first() -> None:
    assert [k.name for k in KINDS] == ["difficulty", "text-family", "l1", "level"]
    assert [k.needs_features for k in KINDS] == [False, False, False, True]


@pytest.mark.parametrize(("name", "kind"), [("level-en", "level"), ("l1-en", "l1")])
def test_shipped_models_load_by_kind_and_score_raw_texts(name: str, kind: str) -> None:
    if shipped_path(name) is None:
        pytest.skip(f"{name} is not installed")
    loaded = load_model(name)
    assert loaded.kind == kind and loaded.key == name
    assert load_model(name) is loaded
    proba = loaded.predict_proba([sample_text("en"), "A short text about my family and my house."])
    assert proba.shape == (2, len(loaded.labels))
    assert np.allclose(proba.sum(axis=1), 1.0)
