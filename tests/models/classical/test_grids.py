"""The default grids and the model factory of the feature classifier."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.models.classical import DEFAULT_GRIDS, MODELS
from interlang.models.classical.grids import make_model


def test_default_grids_are_small() -> None:
    for grid in DEFAULT_GRIDS.values():
        assert int(np.prod([len(v) for v in grid.values()])) <= 8


def test_every_family_has_a_grid_and_unknown_names_are_refused() -> None:
    assert set(DEFAULT_GRIDS) == set(MODELS)
    assert make_model("logreg", "balanced", 0, 1, {"C": 2.0}).get_params()["C"] == 2.0
    assert make_model("gb", "balanced", 0, 1, {}).get_params().get("class_weight") is None  # sample weights instead
    with pytest.raises(InputError, match="unknown model"):
        make_model("perceptron", None, 0, 1, {})
