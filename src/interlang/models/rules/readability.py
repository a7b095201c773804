"""The readability component: each formula's score → a level, then a weighted majority vote.

Boundaries between adjacent levels are learned per formula (midpoints of the class medians, or
moved to maximise the objective); with ``learn_formula_weights`` each formula's default vote
weight is scaled by its own training accuracy. NaN formulas (WSTF outside German) drop out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from interlang.evaluation.metrics import accuracy_from_codes
from interlang.models.rules.cuts import column_values, level_from_bounds
from interlang.models.rules.defaults import DEFAULT_FORMULA_WEIGHTS, FORMULA_COLUMNS

__all__ = ["BoundsLearner", "fit_readability", "readability_component"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
#: ``(values, level codes, K) -> (direction, K−1 boundaries)`` or None when nothing can be learned.
BoundsLearner = Callable[[FloatArray, IntArray, int], "tuple[float, list[float]] | None"]


def fit_readability(
    X: pd.DataFrame,
    t: IntArray,
    k: int,
    *,
    bounds: BoundsLearner,
    formula_weights: Mapping[str, float] | None,
    learn_formula_weights: bool,
) -> dict[str, Any]:
    """Per formula: its column, direction, boundaries, vote weight and training accuracy."""
    base = dict(DEFAULT_FORMULA_WEIGHTS)
    if formula_weights is not None:
        base.update({str(a): float(b) for a, b in formula_weights.items()})
    formulas: dict[str, Any] = {}
    for name, cols in FORMULA_COLUMNS.items():
        column, values = column_values(X, cols)
        learned = bounds(values, t, k) if column is not None else None
        if learned is None:
            continue
        direction, cuts = learned
        weight = base.get(name, 0.0)
        ok = ~np.isnan(values)
        acc = float("nan")
        if ok.any():
            pred = np.array([level_from_bounds(direction * v, cuts) for v in values[ok]])
            acc = accuracy_from_codes(t[ok], pred)
        formulas[name] = {"column": column, "direction": direction, "bounds": cuts,
                          "default_weight": weight, "weight": weight, "train_accuracy": acc}
    if learn_formula_weights and formulas:
        accs = np.array([f["train_accuracy"] for f in formulas.values()], dtype=np.float64)
        if np.all(np.isfinite(accs)) and accs.mean() > 0:
            for f, a in zip(formulas.values(), accs, strict=True):
                f["weight"] = float(f["default_weight"] * a / accs.mean())
    return {"formulas": formulas}


def readability_component(table: dict[str, Any], classes: NDArray[Any], row: Mapping[str, float]) -> dict[str, Any]:
    """Level (weighted vote; a tie goes to the tied level nearest the mean vote) and its trace."""
    formulas = table["formulas"]
    k = len(classes)
    votes = np.zeros(k)
    levels, ws, fired = [], [], []
    total = sum(f["weight"] for f in formulas.values())
    for name, f in formulas.items():
        value = row.get(f["column"], math.nan)
        if value is None or math.isnan(value):
            continue
        lv = level_from_bounds(f["direction"] * value, f["bounds"])
        votes[lv] += f["weight"]
        levels.append(lv)
        ws.append(f["weight"])
        lower = None if lv == 0 else f["direction"] * f["bounds"][lv - 1]
        upper = None if lv == k - 1 else f["direction"] * f["bounds"][lv]
        fired.append({"component": "readability", "feature": f["column"], "formula": name, "value": float(value),
                      "boundary": [lower, upper], "direction": "increasing" if f["direction"] > 0 else "decreasing",
                      "weight": f["weight"], "level": str(classes[lv])})
    if not levels:
        return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "no readability formula available"}
    w = np.asarray(ws)
    lv_arr = np.asarray(levels, dtype=np.float64)
    top = np.flatnonzero(np.isclose(votes, votes.max()))
    mean = float(np.average(lv_arr, weights=w))
    level = int(top[np.argmin(np.abs(top - mean))])  # tie → the tied level nearest the mean vote
    spread = float(np.sqrt(np.average((lv_arr - mean) ** 2, weights=w)))
    conf = float(votes[level] / w.sum() * max(0.0, 1.0 - spread / 2.5))
    quality = float(w.sum() / total) if total > 0 else 0.0
    return {"level": level, "confidence": conf, "quality": quality, "fired": fired, "spread": spread}
