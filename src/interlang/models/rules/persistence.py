"""A fitted rules model as plain JSON (``interlang.rules/1``) and back.

All learned state is plain JSON, so a rules model goes into a
:class:`~interlang.models.bundle.Bundle` with ``save_json("rules", ...)``, no pickled objects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np

from interlang.errors import ModelError
from interlang.labels import LabelSet
from interlang.serialize import jsonable

__all__ = ["FORMAT", "rules_from_dict", "rules_to_dict"]

FORMAT = "interlang.rules/1"
Model = TypeVar("Model")


def rules_to_dict(model: Any, labels: LabelSet) -> dict[str, Any]:
    """Parameters (with ``labels`` as the label set) and every learned table, NaN → None."""
    params = model.get_params()
    params["labels"] = labels.to_dict()
    params["weights"] = None if model.weights is None else (
        dict(model.weights) if isinstance(model.weights, Mapping) else [float(w) for w in model.weights])
    if model.linguistic_features is not None:
        params["linguistic_features"] = {c: list(fs) for c, fs in model.linguistic_features.items()}
    if model.formula_weights is not None:
        params["formula_weights"] = dict(model.formula_weights)
    out: dict[str, Any] = jsonable({
        "format": FORMAT,
        "params": params,
        "classes": [str(c) for c in model.classes_],
        "weights": [float(w) for w in model.weights_],
        "temperature": float(model.temperature_),
        "vocabulary": model.vocab_,
        "readability": model.readability_,
        "linguistic": model.linguistic_,
        "calibration": getattr(model, "calibration_", {}),
    })
    return out


def rules_from_dict(cls: type[Model], data: Mapping[str, Any]) -> Model:
    """A fitted ``cls`` rebuilt from :func:`rules_to_dict` output."""
    if data.get("format") != FORMAT:
        raise ModelError(f"not a rule-based model table: format {data.get('format')!r}")
    params = dict(data["params"])
    params["labels"] = LabelSet.from_dict(params["labels"])
    model: Any = cls(**params)
    model.classes_ = np.asarray(data["classes"], dtype=object)
    model.weights_ = np.asarray(data["weights"], dtype=np.float64)
    model.temperature_ = float(data["temperature"])
    model.vocab_ = unjson(data["vocabulary"])
    model.readability_ = unjson(data["readability"])
    model.linguistic_ = unjson(data["linguistic"])
    model.calibration_ = unjson(data.get("calibration", {}))
    return model


def unjson(obj: Any) -> Any:
    """Inverse of :func:`~interlang.serialize.jsonable` where NaN may appear (train accuracy)."""
    if isinstance(obj, Mapping):
        return {k: (math.nan if k == "train_accuracy" and v is None else unjson(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [unjson(v) for v in obj]
    return obj
