"""The vocabulary component: cumulative CEFR coverage against one threshold per level.

The text gets the lowest level ``L`` (A1…C1) with ``cum(L) ≥ threshold(L)``, C2 when none fires
or when more than the unknown threshold % of its tokens are unknown. ``fit_vocabulary`` searches
each threshold over the training percentiles of ``cum(L)`` (coordinate ascent, two sweeps).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from interlang.models.rules.cuts import column_values, cut_candidates, objective_score
from interlang.models.rules.defaults import (
    DEFAULT_UNKNOWN_THRESHOLD,
    DEFAULT_VOCAB_THRESHOLDS,
    UNKNOWN_COLUMN,
    VOCAB_COLUMNS,
)

__all__ = ["coverage", "fit_vocabulary", "vocabulary_component", "vocabulary_level"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def coverage(X: pd.DataFrame, k: int) -> tuple[FloatArray, FloatArray]:
    """Cumulative coverage (%) at or below each of the first k−1 levels, and unknown %."""
    cols = np.column_stack([column_values(X, [c])[1] for c in VOCAB_COLUMNS[: k - 1]])
    return np.cumsum(cols, axis=1), column_values(X, [UNKNOWN_COLUMN])[1]


def vocabulary_level(
    cum: FloatArray, unknown: float, thresholds: Sequence[float], unknown_thr: float
) -> tuple[int, int | None]:
    """(level, index of the threshold that fired; None = unknown fallback or nothing fired)."""
    if unknown > unknown_thr:
        return len(thresholds), None
    for lv, thr in enumerate(thresholds):
        if cum[lv] >= thr:
            return lv, lv
    return len(thresholds), None


def fit_vocabulary(X: pd.DataFrame, t: IntArray, k: int, *, learn: bool, objective: str) -> dict[str, Any]:
    """The thresholds table: the paper's defaults, or learned on (X, t) when ``learn``."""
    thresholds = list(DEFAULT_VOCAB_THRESHOLDS[: k - 1])
    unknown_thr = DEFAULT_UNKNOWN_THRESHOLD
    cum, unknown = coverage(X, k)
    table = {"thresholds": thresholds, "unknown_threshold": unknown_thr, "learned": False}
    ok = ~np.isnan(cum).any(axis=1)
    if not learn or ok.sum() < 2 * k or len(np.unique(t[ok])) < 2:
        return table
    cum_ok, unk_ok, t_ok = cum[ok], np.nan_to_num(unknown[ok]), t[ok]

    def score(th: Sequence[float], ut: float) -> float:
        fires = cum_ok >= np.asarray(th)[None, :]
        pred = np.where(fires.any(axis=1), fires.argmax(axis=1), k - 1)
        pred = np.where(unk_ok > ut, k - 1, pred).astype(np.int64)
        return objective_score(t_ok, pred, k, objective)

    best = score(thresholds, unknown_thr)
    for _sweep in range(2):
        for lv in range(k - 1):
            cands = np.unique(np.concatenate([cut_candidates(cum_ok[:, lv], 60), [thresholds[lv]]]))
            for cand in cands:
                trial = thresholds.copy()
                trial[lv] = float(cand)
                s = score(trial, unknown_thr)
                if s > best + 1e-12:
                    best, thresholds = s, trial
        for cand in np.unique(np.concatenate([cut_candidates(unk_ok, 60), [unknown_thr, 100.0]])):
            s = score(thresholds, float(cand))
            if s > best + 1e-12:
                best, unknown_thr = s, float(cand)
    return {"thresholds": [float(v) for v in thresholds], "unknown_threshold": float(unknown_thr), "learned": True}


def vocabulary_component(
    table: dict[str, Any], classes: NDArray[Any], cum: FloatArray, unknown: float
) -> dict[str, Any]:
    """Level, confidence, quality and the rule that fired for one text's coverage profile."""
    th, ut = table["thresholds"], table["unknown_threshold"]
    if np.isnan(cum).any():
        return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "vocabulary profile unavailable"}
    unk = 0.0 if math.isnan(unknown) else unknown
    level, fired = vocabulary_level(cum, unk, th, ut)
    # unknown-heavy texts: less trust in the profile (1 up to 10 %, 0.5 from 30 %)
    quality = float(np.clip(1.0 - max(0.0, unk - 10.0) / 40.0, 0.5, 1.0))
    if fired is not None:
        margin = (cum[fired] - th[fired]) / max(100.0 - th[fired], 1e-9)
        rule = {"component": "vocabulary", "feature": f"cumulative coverage ≤ {classes[fired]}",
                "value": float(cum[fired]), "boundary": float(th[fired]), "op": ">=", "level": str(classes[fired])}
    elif unk > ut:
        margin = (unk - ut) / max(100.0 - ut, 1e-9)
        rule = {"component": "vocabulary", "feature": UNKNOWN_COLUMN, "value": unk, "boundary": float(ut),
                "op": ">", "level": str(classes[-1])}
    else:
        margin = (th[-1] - cum[-1]) / max(th[-1], 1e-9)
        rule = {"component": "vocabulary", "feature": "no coverage threshold reached", "value": float(cum[-1]),
                "boundary": float(th[-1]), "op": "<", "level": str(classes[-1])}
    conf = float(np.clip(0.5 + 0.5 * margin, 0.0, 1.0) * (1.0 - min(unk, 100.0) / 200.0))
    return {"level": level, "confidence": conf, "quality": quality, "fired": [rule]}
