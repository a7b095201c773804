"""jsonable: the one converter to JSON-ready values."""

from __future__ import annotations

import json
import math

import numpy as np

from interlang.serialize import jsonable


def test_nan_inf_numpy_and_keys() -> None:
    value = {1: np.float64("nan"), "b": (np.int64(3), math.inf), "c": np.array([1.5, 2.5]), "d": np.bool_(True)}
    out = jsonable(value)
    assert out == {"1": None, "b": [3, None], "c": [1.5, 2.5], "d": True}
    json.dumps(out, allow_nan=False)


def test_unknown_objects_keep_or_repr() -> None:
    class Thing:
        def __repr__(self) -> str:
            return "Thing()"

    t = Thing()
    assert jsonable([t])[0] is t
    assert jsonable({"x": t}, unknown="repr") == {"x": "Thing()"}


def test_sets_are_sorted_lists() -> None:
    assert jsonable({"b", "a"}) == ["a", "b"]
