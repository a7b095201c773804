"""The linguistic component: syntax, grammar, lexical and discourse features as one composite.

Each feature is scaled to 0–100 by its training percentiles (oriented so that 100 = most
advanced); the composite is the mean of the category means, mapped to levels by learned
boundaries. Features whose Spearman correlation with the level is below ``min_correlation``
are dropped in ``fit_linguistic``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from interlang.models.rules.cuts import (
    column_values,
    level_from_bounds,
    median_boundaries,
    percentile_score,
    spearman,
)
from interlang.models.rules.defaults import DEFAULT_LINGUISTIC_FEATURES, DISCOVER, N_QUANTILES
from interlang.models.rules.readability import BoundsLearner

__all__ = ["composite", "fit_linguistic", "linguistic_candidates", "linguistic_component"]

IntArray = NDArray[np.int64]


def linguistic_candidates(
    columns: Sequence[str], linguistic_features: Mapping[str, Sequence[str]] | None
) -> dict[str, list[str]]:
    """Category → the candidate features present in ``columns`` (defaults + registry discovery)."""
    if linguistic_features is not None:
        return {c: [f for f in fs if f in columns] for c, fs in linguistic_features.items()}
    out = {c: [f for f in fs if f in columns] for c, fs in DEFAULT_LINGUISTIC_FEATURES.items()}
    try:
        from interlang.features import FEATURES
    except ImportError:  # pragma: no cover - features always ship with the package
        FEATURES = {}
    for cat, (group, keys) in DISCOVER.items():
        for name, feat in FEATURES.items():
            if feat.group == group and any(key in name for key in keys) and name in columns and name not in out[cat]:
                out[cat].append(name)
    return out


def fit_linguistic(
    X: pd.DataFrame,
    t: IntArray,
    k: int,
    *,
    candidates: Mapping[str, Sequence[str]],
    min_correlation: float,
    bounds: BoundsLearner,
) -> dict[str, Any]:
    """Kept features (direction, Spearman ρ, training percentiles), categories, composite bounds."""
    features: dict[str, Any] = {}
    categories: dict[str, list[str]] = {}
    qs = np.linspace(0, 100, N_QUANTILES)
    for cat, names in candidates.items():
        for name in names:
            values = column_values(X, [name])[1]
            ok = ~np.isnan(values)
            if ok.sum() < 2 * k:
                continue
            rho = spearman(values, t)
            if abs(rho) < min_correlation:
                continue
            direction = 1.0 if rho > 0 else -1.0
            quantiles = np.percentile(direction * values[ok], qs)
            features[name] = {"category": cat, "direction": direction, "spearman": rho,
                              "quantiles": [float(q) for q in quantiles]}
            learned = median_boundaries(values, t, k)
            if learned is not None:  # per-feature boundaries, for the trace only
                features[name]["bounds"] = learned[1]
            categories.setdefault(cat, []).append(name)
    table: dict[str, Any] = {"features": features, "categories": categories, "bounds": None}
    if not features:
        return table
    scores = np.array([composite(table, X.iloc[i].to_dict())[0] for i in range(len(X))])
    learned = bounds(scores, t, k)
    table["bounds"] = learned[1] if learned is not None else None
    return table


def composite(table: Mapping[str, Any], row: Mapping[str, Any]) -> tuple[float, dict[str, float], float]:
    """(composite 0–100, feature → 0–100 score, share of features available)."""
    scores: dict[str, float] = {}
    cat_means = []
    for _cat, names in table["categories"].items():
        vals = []
        for name in names:
            f = table["features"][name]
            value = row.get(name, math.nan)
            if value is None or math.isnan(float(value)):
                continue
            scores[name] = percentile_score(f["direction"] * float(value), np.asarray(f["quantiles"]))
            vals.append(scores[name])
        if vals:
            cat_means.append(float(np.mean(vals)))
    n_total = len(table["features"])
    share = len(scores) / n_total if n_total else 0.0
    return (float(np.mean(cat_means)) if cat_means else math.nan), scores, share


def linguistic_component(table: Mapping[str, Any], classes: NDArray[Any], row: Mapping[str, float]) -> dict[str, Any]:
    """Level of the composite, its confidence (closeness to the band centre × share) and trace."""
    if not table["features"] or table["bounds"] is None:
        return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "no linguistic features"}
    value, scores, share = composite(table, row)
    if math.isnan(value):
        return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "linguistic features unavailable"}
    bounds = table["bounds"]
    lv = level_from_bounds(value, bounds)
    k = len(classes)
    lower = None if lv == 0 else bounds[lv - 1]
    upper = None if lv == k - 1 else bounds[lv]
    fired = [{"component": "linguistic", "feature": "composite", "value": value, "boundary": [lower, upper],
              "level": str(classes[lv])}]
    for name, s in scores.items():
        f = table["features"][name]
        entry: dict[str, Any] = {"component": "linguistic", "feature": name, "category": f["category"],
                                 "value": float(row[name]), "score": s}
        if "bounds" in f:
            flv = level_from_bounds(f["direction"] * float(row[name]), f["bounds"])
            entry["level"] = str(classes[flv])
            entry["boundary"] = [None if flv == 0 else f["direction"] * f["bounds"][flv - 1],
                                 None if flv == k - 1 else f["direction"] * f["bounds"][flv]]
        fired.append(entry)
    width = (upper if upper is not None else 100.0) - (lower if lower is not None else 0.0)
    centre = ((upper if upper is not None else 100.0) + (lower if lower is not None else 0.0)) / 2.0
    closeness = 1.0 - min(1.0, abs(value - centre) / max(width, 1e-9))
    conf = float((0.5 + 0.5 * closeness) * share)
    return {"level": lv, "confidence": conf, "quality": share, "fired": fired, "composite": value}
