"""Calibrated, traceable rule-based CEFR baseline (reference paper §4.2.1).

Three components each turn a few named features into a level; a weighted index average of the
three levels is the prediction. Every rule table is *learned* from a labelled feature table in
:meth:`RuleBasedClassifier.fit` (the paper's hand-set values are only defaults and fallbacks),
and every prediction can be traced to the thresholds that fired (:meth:`~RuleBasedClassifier.explain`).

* **Vocabulary** — cumulative coverage ``cum(L) = vocab_pct_a1 + … + vocab_pct_L``; the text gets
  the lowest level ``L`` (A1…C1) with ``cum(L) ≥ threshold(L)``, C2 when none fires or when more
  than ``unknown_threshold`` % of tokens are unknown. Defaults 85/80/75/70/65 % and 30 % (paper);
  ``fit`` searches each threshold over the training percentiles of ``cum(L)`` (coordinate ascent,
  two sweeps) maximising ``objective`` on the training rows.
* **Readability** — each of the seven formulas maps its score to a level through boundaries
  between adjacent levels = midpoints of the class medians (direction inferred from the sign of
  the C2−A1 median difference, made monotone; levels absent from training are interpolated);
  weighted majority vote (default weights WSTF 1.0, Amstad 0.9, FK 0.7, Fog 0.6, SMOG 0.6,
  ARI 0.65, CLI 0.65; with ``learn_formula_weights`` each is scaled by that formula's own
  training accuracy, as the paper did for components). NaN formulas (WSTF outside German) drop out.
* **Linguistic** — features of four categories (syntax, grammar, lexical, discourse) scaled to
  0–100 by their training percentiles (oriented so that 100 = most advanced); the composite is
  the mean of the category means, mapped to levels by midpoint-of-median boundaries. Features
  whose Spearman correlation with the level is below ``min_correlation`` are dropped in ``fit``.
* **Combination** — ``index = Σ w_c q_c level_c / Σ w_c q_c`` with base weights ``w`` (default
  0.30/0.40/0.30) and quality factors ``q_c``: vocabulary is down-weighted as unknown-word % grows
  beyond 10 % (to 0.5 at 30 %), readability by the share of formula weight available, linguistic
  by the share of its features available. When all three components disagree and
  ``median_on_disagreement``, the median level is taken. The base weights are chosen on a
  calibration split by a simplex grid (step ``weight_step``) maximising ``objective``
  (``"macro_f1"`` by default, as in the paper's model selection; ties → closest to the defaults).
* **Probabilities** — ``p_k ∝ exp(-(index − k)² / T)``; ``T`` minimises the NLL on the calibration
  split, so ECE is meaningful and ``argmax p`` is the predicted level (C2 when the index is ≥ 4.5).

The calibration split: ``fit(X, y, X_cal=, y_cal=)`` uses the given rows; otherwise a stratified
``calibration_size`` share of ``X`` is held out for weights and temperature, and the component
tables are then refitted on all of ``X``. All learned state is plain JSON (:meth:`to_dict`), so a
model goes into a :class:`~interlang.models.bundle.Bundle` with ``save_json("rules", ...)``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError, ModelError
from interlang.evaluation.metrics import accuracy_from_codes, macro_f1_from_codes
from interlang.labels import CEFR, LabelSet
from interlang.numeric import fit_temperature, softmax
from interlang.serialize import jsonable
from interlang.settings import DEFAULT_SEED

__all__ = [
    "COMPONENTS",
    "DEFAULT_FORMULA_WEIGHTS",
    "DEFAULT_LINGUISTIC_FEATURES",
    "DEFAULT_UNKNOWN_THRESHOLD",
    "DEFAULT_VOCAB_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "RuleBasedClassifier",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

COMPONENTS: tuple[str, ...] = ("vocabulary", "readability", "linguistic")
DEFAULT_WEIGHTS: dict[str, float] = {"vocabulary": 0.30, "readability": 0.40, "linguistic": 0.30}
#: Cumulative coverage (%) needed for A1…C1 (paper: 85 % A1, 80 % A2, decreasing to 65 % C1).
DEFAULT_VOCAB_THRESHOLDS: tuple[float, ...] = (85.0, 80.0, 75.0, 70.0, 65.0)
DEFAULT_UNKNOWN_THRESHOLD = 30.0
VOCAB_COLUMNS: tuple[str, ...] = tuple(f"vocab_pct_{lv}" for lv in ("a1", "a2", "b1", "b2", "c1", "c2"))
UNKNOWN_COLUMN = "vocab_pct_unknown"
#: formula → (candidate columns, first present wins; default vote weight).
DEFAULT_FORMULA_WEIGHTS: dict[str, float] = {
    "wstf": 1.0,
    "flesch_amstad": 0.9,
    "flesch_kincaid": 0.7,
    "gunning_fog": 0.6,
    "smog": 0.6,
    "ari": 0.65,
    "coleman_liau": 0.65,
}
FORMULA_COLUMNS: dict[str, tuple[str, ...]] = {
    "wstf": ("read_wstf",),
    "flesch_amstad": ("read_flesch_amstad", "basic_flesch_reading_ease"),
    "flesch_kincaid": ("read_flesch_kincaid",),
    "gunning_fog": ("read_gunning_fog",),
    "smog": ("read_smog",),
    "ari": ("read_ari",),
    "coleman_liau": ("read_coleman_liau",),
}
#: Linguistic categories; diversity/discourse names are also discovered from the registry in fit.
DEFAULT_LINGUISTIC_FEATURES: dict[str, tuple[str, ...]] = {
    "syntax": (
        "syn_clause_depth_mean",
        "syn_mean_dependency_distance",
        "syn_clauses_per_sentence",
        "syn_subordinate_ratio",
        "syn_relative_ratio",
    ),
    "grammar": ("syn_passive_ratio", "syn_modal_ratio", "syn_infinitive_ratio", "syn_nominalisation_ratio"),
    "lexical": ("div_mtld", "lex_mean_zipf", "lex_pct_rare", "morph_pct_compounds", "morph_pct_international"),
    "discourse": ("disc_advanced_connective_share", "disc_sophisticated_connective_share"),
}
_DISCOVER = {"lexical": ("diversity", ("mtld", "mattr", "hdd")), "discourse": ("discourse", ("advanced", "sophisticated"))}
_N_QUANTILES = 51
#: Search interval of the kernel temperature. Not :data:`interlang.numeric.TEMPERATURE_BOUNDS`:
#: ``T`` here scales squared level distances (0–25), not logits, and the interval is part of
#: what a fitted rules table means.
TEMPERATURE_BOUNDS: tuple[float, float] = (0.02, 50.0)


# ------------------------------------------------------------------------------------ helpers
def _score(t: IntArray, p: IntArray, k: int, objective: str) -> float:
    """The fit objective, computed by the evaluation module's metric code (never re-implemented)."""
    if objective == "accuracy":
        return accuracy_from_codes(t, p)
    return macro_f1_from_codes(t, p, k)


def _column(X: pd.DataFrame, names: Sequence[str]) -> tuple[str | None, FloatArray]:
    """The first of ``names`` present in ``X`` and its values (all NaN when none is)."""
    for name in names:
        if name in X.columns:
            return name, pd.to_numeric(X[name], errors="coerce").to_numpy(dtype=np.float64)
    return None, np.full(len(X), np.nan)


def _candidates(values: FloatArray, n_max: int = 200) -> FloatArray:
    """Cut candidates: midpoints between neighbouring distinct values (percentiles when many)."""
    u = np.unique(values[~np.isnan(values)])
    if u.size > n_max:
        u = np.unique(np.percentile(u, np.linspace(0, 100, n_max + 1)))
    if u.size < 2:
        return u
    return np.concatenate([[u[0]], (u[:-1] + u[1:]) / 2.0, [u[-1] + 1e-9]])


def _median_boundaries(values: FloatArray, y: IntArray, k: int) -> tuple[float, list[float]] | None:
    """Direction and the k−1 monotone boundaries (midpoints of class medians) in oriented space.

    Returns None when fewer than two levels have a value (nothing to learn).
    """
    ok = ~np.isnan(values)
    medians = np.full(k, np.nan)
    for c in range(k):
        sel = ok & (y == c)
        if sel.any():
            medians[c] = float(np.median(values[sel]))
    present = np.flatnonzero(~np.isnan(medians))
    if present.size < 2:
        return None
    direction = 1.0 if medians[present[-1]] >= medians[present[0]] else -1.0
    oriented = direction * medians
    # levels absent from training: linear interpolation on the level index (flat beyond the ends)
    oriented = np.interp(np.arange(k), present, oriented[present])
    oriented = np.maximum.accumulate(oriented)  # monotone: a harder level never has a lower median
    bounds = [float((oriented[c] + oriented[c + 1]) / 2.0) for c in range(k - 1)]
    return direction, bounds


def _fit_bounds(
    values: FloatArray, t: IntArray, k: int, objective: str, start: Sequence[float] | None = None
) -> tuple[float, list[float]] | None:
    """Direction and monotone boundaries maximising ``objective`` on (values, t).

    Starts from the midpoints of the class medians and moves one boundary at a time over the
    training percentiles (kept between its neighbours), two sweeps: medians alone put the cut
    between two crowded levels far from where the classes actually cross.
    """
    learned = _median_boundaries(values, t, k)
    if learned is None:
        return None
    direction, bounds = learned
    if start is not None:
        bounds = list(start)
    ok = ~np.isnan(values)
    v, tt = direction * values[ok], t[ok]
    cands = _candidates(v)

    def score(b: Sequence[float]) -> float:
        return _score(tt, np.searchsorted(np.asarray(b), v, side="right").astype(np.int64), k, objective)

    best = score(bounds)
    for _sweep in range(2):
        for j in range(k - 1):
            lo = bounds[j - 1] if j > 0 else -np.inf
            hi = bounds[j + 1] if j < k - 2 else np.inf
            for c in cands[(cands >= lo) & (cands <= hi)]:
                trial = list(bounds)
                trial[j] = float(c)
                s = score(trial)
                if s > best + 1e-12:
                    best, bounds = s, trial
    return direction, [float(b) for b in bounds]


def _level_from_bounds(oriented_value: float, bounds: Sequence[float]) -> int:
    """Number of boundaries at or below the (oriented) value: 0 = lowest level."""
    return int(np.searchsorted(np.asarray(bounds), oriented_value, side="right"))


def _spearman(values: FloatArray, y: IntArray) -> float:
    ok = ~np.isnan(values)
    if ok.sum() < 3:
        return 0.0
    a = pd.Series(values[ok]).rank().to_numpy()
    b = pd.Series(y[ok]).rank().to_numpy()
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def _percentile_score(value: float, quantiles: FloatArray) -> float:
    """0–100 training percentile of ``value``; the middle of a tie run (many ratios are exactly 0)."""
    n = len(quantiles)
    left = int(np.searchsorted(quantiles, value, side="left"))
    right = int(np.searchsorted(quantiles, value, side="right"))
    if right - left > 1:
        return float((left + right - 1) / 2.0 / (n - 1) * 100.0)
    return float(np.interp(value, quantiles, np.linspace(0.0, 100.0, n)))


def _simplex(step: float, n: int = 3) -> list[tuple[float, ...]]:
    m = round(1.0 / step)
    return [
        tuple(c / m for c in combo)
        for combo in itertools.product(range(m + 1), repeat=n)
        if sum(combo) == m
    ]


def _kernel_logits(center: FloatArray, k: int) -> FloatArray:
    """``-(index − level)²`` per row and level: the logits of the Gaussian kernel at ``T = 1``."""
    return np.asarray(-((center[:, None] - np.arange(k)[None, :]) ** 2), dtype=np.float64)


def _softmax_rows(center: FloatArray, k: int, temperature: float) -> FloatArray:
    return softmax(_kernel_logits(center, k), axis=1, temperature=temperature)


# ---------------------------------------------------------------------------------- estimator
class RuleBasedClassifier(ClassifierMixin, BaseEstimator):
    """Transparent CEFR baseline over a feature DataFrame (see the module docstring).

    ``weights`` are the base component weights (dict or (vocabulary, readability, linguistic));
    with ``optimise_weights`` they are only the starting point/tie-break of the grid search.
    """

    def __init__(
        self,
        weights: Mapping[str, float] | Sequence[float] | None = None,
        optimise_weights: bool = True,
        objective: str = "macro_f1",
        calibration_size: float = 0.2,
        weight_step: float = 0.05,
        learn_thresholds: bool = True,
        boundaries: str = "objective",
        learn_formula_weights: bool = True,
        formula_weights: Mapping[str, float] | None = None,
        linguistic_features: Mapping[str, Sequence[str]] | None = None,
        min_correlation: float = 0.1,
        median_on_disagreement: bool = True,
        labels: LabelSet | None = None,
        random_state: int | None = DEFAULT_SEED,
    ) -> None:
        self.weights = weights
        self.optimise_weights = optimise_weights
        self.objective = objective
        self.calibration_size = calibration_size
        self.weight_step = weight_step
        self.learn_thresholds = learn_thresholds
        self.boundaries = boundaries
        self.learn_formula_weights = learn_formula_weights
        self.formula_weights = formula_weights
        self.linguistic_features = linguistic_features
        self.min_correlation = min_correlation
        self.median_on_disagreement = median_on_disagreement
        self.labels = labels
        self.random_state = random_state

    # ------------------------------------------------------------------------------ params
    def _labelset(self) -> LabelSet:
        labels = self.labels if self.labels is not None else CEFR
        if not labels.ordinal:
            raise InputError("RuleBasedClassifier needs an ordinal label set (CEFR levels)")
        return labels

    def _base_weights(self) -> FloatArray:
        if self.weights is None:
            w = np.array([DEFAULT_WEIGHTS[c] for c in COMPONENTS])
        elif isinstance(self.weights, Mapping):
            w = np.array([float(self.weights.get(c, 0.0)) for c in COMPONENTS])
        else:
            w = np.asarray(self.weights, dtype=np.float64)
        if w.shape != (3,) or np.any(w < 0) or w.sum() <= 0:
            raise InputError(f"weights must be three non-negative numbers, not {self.weights!r}")
        return np.asarray(w / w.sum(), dtype=np.float64)

    def _encode(self, y: ArrayLike) -> IntArray:
        labels = self._labelset()
        try:
            return np.asarray(labels.encode(str(v) for v in np.asarray(y, dtype=object).ravel()), dtype=np.int64)
        except KeyError as exc:
            raise InputError(str(exc)) from None

    # --------------------------------------------------------------------------------- fit
    def fit(
        self,
        X: pd.DataFrame,
        y: ArrayLike,
        X_cal: pd.DataFrame | None = None,
        y_cal: ArrayLike | None = None,
    ) -> RuleBasedClassifier:
        """Learn the rule tables on ``X``; weights and temperature on the calibration split."""
        if self.objective not in ("macro_f1", "accuracy"):
            raise InputError(f"objective must be 'macro_f1' or 'accuracy', not {self.objective!r}")
        if self.boundaries not in ("objective", "median"):
            raise InputError(f"boundaries must be 'objective' or 'median', not {self.boundaries!r}")
        X = self._frame(X)
        t = self._encode(y)
        if len(t) != len(X):
            raise InputError(f"X has {len(X)} rows but y has {len(t)} labels")
        labels = self._labelset()
        self.classes_ = np.asarray(labels.labels, dtype=object)
        self.weights_ = self._base_weights()
        self.temperature_ = 1.0
        if X_cal is not None and y_cal is not None:
            X_cal = self._frame(X_cal)
            t_cal = self._encode(y_cal)
            self._fit_tables(X, t)
            self._calibrate(X_cal, t_cal)
            return self
        idx_fit, idx_cal = self._holdout(t)
        if idx_cal.size == 0:  # too little data for a split: calibrate on the training rows
            self._fit_tables(X, t)
            self._calibrate(X, t)
            return self
        self._fit_tables(X.iloc[idx_fit], t[idx_fit])
        self._calibrate(X.iloc[idx_cal], t[idx_cal])
        self._fit_tables(X, t)  # final tables use every row; weights/T keep their held-out fit
        return self

    def _holdout(self, t: IntArray) -> tuple[IntArray, IntArray]:
        n = len(t)
        if not 0.0 < self.calibration_size < 1.0 or n < 10:
            return np.arange(n), np.array([], dtype=np.int64)
        rng = np.random.default_rng(self.random_state)
        cal: list[int] = []
        for c in np.unique(t):
            members = np.flatnonzero(t == c)
            rng.shuffle(members)
            take = round(len(members) * self.calibration_size)
            if len(members) >= 3:
                take = max(take, 1)
            cal.extend(members[:take].tolist())
        cal_arr = np.sort(np.asarray(cal, dtype=np.int64))
        return np.setdiff1d(np.arange(n), cal_arr), cal_arr

    @staticmethod
    def _frame(X: Any) -> pd.DataFrame:
        if isinstance(X, pd.Series):
            return X.to_frame().T
        if isinstance(X, Mapping):
            return pd.DataFrame([dict(X)])
        if not isinstance(X, pd.DataFrame):
            raise InputError("RuleBasedClassifier needs a pandas DataFrame of named features")
        return X

    def _fit_tables(self, X: pd.DataFrame, t: IntArray) -> None:
        k = len(self._labelset())
        self.vocab_ = self._fit_vocab(X, t, k)
        self.readability_ = self._fit_readability(X, t, k)
        self.linguistic_ = self._fit_linguistic(X, t, k)

    def _bounds(self, values: FloatArray, t: IntArray, k: int) -> tuple[float, list[float]] | None:
        if self.boundaries == "median" or not self.learn_thresholds:
            return _median_boundaries(values, t, k)
        return _fit_bounds(values, t, k, self.objective)

    # ------------------------------------------------------------------- vocabulary component
    def _fit_vocab(self, X: pd.DataFrame, t: IntArray, k: int) -> dict[str, Any]:
        thresholds = list(DEFAULT_VOCAB_THRESHOLDS[: k - 1])
        unknown_thr = DEFAULT_UNKNOWN_THRESHOLD
        cum, unknown = self._coverage(X, k)
        table = {"thresholds": thresholds, "unknown_threshold": unknown_thr, "learned": False}
        ok = ~np.isnan(cum).any(axis=1)
        if not self.learn_thresholds or ok.sum() < 2 * k or len(np.unique(t[ok])) < 2:
            return table
        cum_ok, unk_ok, t_ok = cum[ok], np.nan_to_num(unknown[ok]), t[ok]

        def score(th: Sequence[float], ut: float) -> float:
            fires = cum_ok >= np.asarray(th)[None, :]
            pred = np.where(fires.any(axis=1), fires.argmax(axis=1), k - 1)
            pred = np.where(unk_ok > ut, k - 1, pred).astype(np.int64)
            return _score(t_ok, pred, k, self.objective)

        best = score(thresholds, unknown_thr)
        for _sweep in range(2):
            for lv in range(k - 1):
                cands = np.unique(np.concatenate([_candidates(cum_ok[:, lv], 60), [thresholds[lv]]]))
                for cand in cands:
                    trial = thresholds.copy()
                    trial[lv] = float(cand)
                    s = score(trial, unknown_thr)
                    if s > best + 1e-12:
                        best, thresholds = s, trial
            for cand in np.unique(np.concatenate([_candidates(unk_ok, 60), [unknown_thr, 100.0]])):
                s = score(thresholds, float(cand))
                if s > best + 1e-12:
                    best, unknown_thr = s, float(cand)
        return {"thresholds": [float(v) for v in thresholds], "unknown_threshold": float(unknown_thr), "learned": True}

    @staticmethod
    def _coverage(X: pd.DataFrame, k: int) -> tuple[FloatArray, FloatArray]:
        """Cumulative coverage (%) at or below each of the first k−1 levels, and unknown %."""
        cols = np.column_stack([_column(X, [c])[1] for c in VOCAB_COLUMNS[: k - 1]])
        return np.cumsum(cols, axis=1), _column(X, [UNKNOWN_COLUMN])[1]

    @staticmethod
    def _vocab_level(cum: FloatArray, unknown: float, thresholds: Sequence[float], unknown_thr: float) -> tuple[int, int | None]:
        """(level, index of the threshold that fired; None = unknown fallback or nothing fired)."""
        if unknown > unknown_thr:
            return len(thresholds), None
        for lv, thr in enumerate(thresholds):
            if cum[lv] >= thr:
                return lv, lv
        return len(thresholds), None

    def _vocab_component(self, row: Mapping[str, float], cum: FloatArray, unknown: float) -> dict[str, Any]:
        th, ut = self.vocab_["thresholds"], self.vocab_["unknown_threshold"]
        if np.isnan(cum).any():
            return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "vocabulary profile unavailable"}
        unk = 0.0 if math.isnan(unknown) else unknown
        level, fired = self._vocab_level(cum, unk, th, ut)
        # unknown-heavy texts: less trust in the profile (1 up to 10 %, 0.5 from 30 %)
        quality = float(np.clip(1.0 - max(0.0, unk - 10.0) / 40.0, 0.5, 1.0))
        if fired is not None:
            margin = (cum[fired] - th[fired]) / max(100.0 - th[fired], 1e-9)
            rule = {"component": "vocabulary", "feature": f"cumulative coverage ≤ {self.classes_[fired]}",
                    "value": float(cum[fired]), "boundary": float(th[fired]), "op": ">=", "level": str(self.classes_[fired])}
        elif unk > ut:
            margin = (unk - ut) / max(100.0 - ut, 1e-9)
            rule = {"component": "vocabulary", "feature": UNKNOWN_COLUMN, "value": unk, "boundary": float(ut),
                    "op": ">", "level": str(self.classes_[-1])}
        else:
            margin = (th[-1] - cum[-1]) / max(th[-1], 1e-9)
            rule = {"component": "vocabulary", "feature": "no coverage threshold reached", "value": float(cum[-1]),
                    "boundary": float(th[-1]), "op": "<", "level": str(self.classes_[-1])}
        conf = float(np.clip(0.5 + 0.5 * margin, 0.0, 1.0) * (1.0 - min(unk, 100.0) / 200.0))
        return {"level": level, "confidence": conf, "quality": quality, "fired": [rule]}

    # ------------------------------------------------------------------ readability component
    def _fit_readability(self, X: pd.DataFrame, t: IntArray, k: int) -> dict[str, Any]:
        base = dict(DEFAULT_FORMULA_WEIGHTS)
        if self.formula_weights is not None:
            base.update({str(a): float(b) for a, b in self.formula_weights.items()})
        formulas: dict[str, Any] = {}
        for name, cols in FORMULA_COLUMNS.items():
            column, values = _column(X, cols)
            learned = self._bounds(values, t, k) if column is not None else None
            if learned is None:
                continue
            direction, bounds = learned
            weight = base.get(name, 0.0)
            ok = ~np.isnan(values)
            acc = float("nan")
            if ok.any():
                pred = np.array([_level_from_bounds(direction * v, bounds) for v in values[ok]])
                acc = accuracy_from_codes(t[ok], pred)
            formulas[name] = {"column": column, "direction": direction, "bounds": bounds,
                              "default_weight": weight, "weight": weight, "train_accuracy": acc}
        if self.learn_formula_weights and formulas:
            accs = np.array([f["train_accuracy"] for f in formulas.values()], dtype=np.float64)
            if np.all(np.isfinite(accs)) and accs.mean() > 0:
                for f, a in zip(formulas.values(), accs, strict=True):
                    f["weight"] = float(f["default_weight"] * a / accs.mean())
        return {"formulas": formulas}

    def _readability_component(self, row: Mapping[str, float]) -> dict[str, Any]:
        formulas = self.readability_["formulas"]
        k = len(self.classes_)
        votes = np.zeros(k)
        levels, ws, fired = [], [], []
        total = sum(f["weight"] for f in formulas.values())
        for name, f in formulas.items():
            value = row.get(f["column"], math.nan)
            if value is None or math.isnan(value):
                continue
            lv = _level_from_bounds(f["direction"] * value, f["bounds"])
            votes[lv] += f["weight"]
            levels.append(lv)
            ws.append(f["weight"])
            lower = None if lv == 0 else f["direction"] * f["bounds"][lv - 1]
            upper = None if lv == k - 1 else f["direction"] * f["bounds"][lv]
            fired.append({"component": "readability", "feature": f["column"], "formula": name, "value": float(value),
                          "boundary": [lower, upper], "direction": "increasing" if f["direction"] > 0 else "decreasing",
                          "weight": f["weight"], "level": str(self.classes_[lv])})
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

    # ------------------------------------------------------------------- linguistic component
    def _linguistic_candidates(self, columns: Sequence[str]) -> dict[str, list[str]]:
        if self.linguistic_features is not None:
            return {c: [f for f in fs if f in columns] for c, fs in self.linguistic_features.items()}
        out = {c: [f for f in fs if f in columns] for c, fs in DEFAULT_LINGUISTIC_FEATURES.items()}
        try:
            from interlang.features import FEATURES
        except ImportError:  # pragma: no cover - features always ship with the package
            FEATURES = {}
        for cat, (group, keys) in _DISCOVER.items():
            for name, feat in FEATURES.items():
                if feat.group == group and any(key in name for key in keys) and name in columns and name not in out[cat]:
                    out[cat].append(name)
        return out

    def _fit_linguistic(self, X: pd.DataFrame, t: IntArray, k: int) -> dict[str, Any]:
        features: dict[str, Any] = {}
        categories: dict[str, list[str]] = {}
        qs = np.linspace(0, 100, _N_QUANTILES)
        for cat, names in self._linguistic_candidates(list(X.columns)).items():
            for name in names:
                values = _column(X, [name])[1]
                ok = ~np.isnan(values)
                if ok.sum() < 2 * k:
                    continue
                rho = _spearman(values, t)
                if abs(rho) < self.min_correlation:
                    continue
                direction = 1.0 if rho > 0 else -1.0
                quantiles = np.percentile(direction * values[ok], qs)
                features[name] = {"category": cat, "direction": direction, "spearman": rho,
                                  "quantiles": [float(q) for q in quantiles]}
                learned = _median_boundaries(values, t, k)
                if learned is not None:  # per-feature boundaries, for the trace only
                    features[name]["bounds"] = learned[1]
                categories.setdefault(cat, []).append(name)
        table: dict[str, Any] = {"features": features, "categories": categories, "bounds": None}
        if not features:
            return table
        self.linguistic_ = table
        composite = np.array([self._composite(X.iloc[i].to_dict())[0] for i in range(len(X))])
        learned = self._bounds(composite, t, k)
        table["bounds"] = learned[1] if learned is not None else None
        return table

    def _composite(self, row: Mapping[str, Any]) -> tuple[float, dict[str, float], float]:
        """(composite 0–100, feature → 0–100 score, share of features available)."""
        table = self.linguistic_
        scores: dict[str, float] = {}
        cat_means = []
        for _cat, names in table["categories"].items():
            vals = []
            for name in names:
                f = table["features"][name]
                value = row.get(name, math.nan)
                if value is None or math.isnan(float(value)):
                    continue
                scores[name] = _percentile_score(f["direction"] * float(value), np.asarray(f["quantiles"]))
                vals.append(scores[name])
            if vals:
                cat_means.append(float(np.mean(vals)))
        n_total = len(table["features"])
        share = len(scores) / n_total if n_total else 0.0
        return (float(np.mean(cat_means)) if cat_means else math.nan), scores, share

    def _linguistic_component(self, row: Mapping[str, float]) -> dict[str, Any]:
        table = self.linguistic_
        if not table["features"] or table["bounds"] is None:
            return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "no linguistic features"}
        composite, scores, share = self._composite(row)
        if math.isnan(composite):
            return {"level": None, "confidence": 0.0, "quality": 0.0, "fired": [], "reason": "linguistic features unavailable"}
        bounds = table["bounds"]
        lv = _level_from_bounds(composite, bounds)
        k = len(self.classes_)
        lower = None if lv == 0 else bounds[lv - 1]
        upper = None if lv == k - 1 else bounds[lv]
        fired = [{"component": "linguistic", "feature": "composite", "value": composite, "boundary": [lower, upper],
                  "level": str(self.classes_[lv])}]
        for name, s in scores.items():
            f = table["features"][name]
            entry: dict[str, Any] = {"component": "linguistic", "feature": name, "category": f["category"],
                                     "value": float(row[name]), "score": s}
            if "bounds" in f:
                flv = _level_from_bounds(f["direction"] * float(row[name]), f["bounds"])
                entry["level"] = str(self.classes_[flv])
                entry["boundary"] = [None if flv == 0 else f["direction"] * f["bounds"][flv - 1],
                                     None if flv == k - 1 else f["direction"] * f["bounds"][flv]]
            fired.append(entry)
        width = (upper if upper is not None else 100.0) - (lower if lower is not None else 0.0)
        centre = ((upper if upper is not None else 100.0) + (lower if lower is not None else 0.0)) / 2.0
        closeness = 1.0 - min(1.0, abs(composite - centre) / max(width, 1e-9))
        conf = float((0.5 + 0.5 * closeness) * share)
        return {"level": lv, "confidence": conf, "quality": share, "fired": fired, "composite": composite}

    # -------------------------------------------------------------------------- combination
    def _components(self, X: pd.DataFrame) -> list[dict[str, dict[str, Any]]]:
        k = len(self.classes_)
        cum, unknown = self._coverage(X, k)
        rows = X.to_dict(orient="records")
        out = []
        for i, row in enumerate(rows):
            clean = {str(a): (float(b) if isinstance(b, (int, float, np.floating, np.integer)) else math.nan) for a, b in row.items()}
            out.append({
                "vocabulary": self._vocab_component(clean, cum[i], float(unknown[i])),
                "readability": self._readability_component(clean),
                "linguistic": self._linguistic_component(clean),
            })
        return out

    @staticmethod
    def _level_matrix(comps: list[dict[str, dict[str, Any]]]) -> tuple[FloatArray, FloatArray]:
        """Component levels (NaN = unavailable) and quality factors, shape (n, 3)."""
        levels = np.array([[np.nan if c[name]["level"] is None else c[name]["level"] for name in COMPONENTS] for c in comps], dtype=np.float64)
        quality = np.array([[c[name]["quality"] for name in COMPONENTS] for c in comps], dtype=np.float64)
        return levels, quality

    def _combine(self, levels: FloatArray, quality: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
        """(centre of the distribution, effective weights, all-disagree flags) per row."""
        avail = ~np.isnan(levels)
        eff = weights[None, :] * quality * avail
        sums = eff.sum(axis=1, keepdims=True)
        # a row whose weighted components are all missing falls back to the available ones, equally
        fallback = avail.astype(np.float64)
        eff = np.where(sums > 0, eff, fallback)
        sums = eff.sum(axis=1, keepdims=True)
        eff = np.divide(eff, sums, out=np.zeros_like(eff), where=sums > 0)
        index = np.nansum(np.nan_to_num(levels) * eff, axis=1)
        k1 = len(self.classes_) - 1
        index = np.where(sums[:, 0] > 0, index, k1 / 2.0)
        disagree = np.zeros(len(levels), dtype=bool)
        if self.median_on_disagreement:
            # only components that carry weight take part: a zero-weighted one cannot outvote
            full: NDArray[np.bool_] = np.asarray((eff > 0).all(axis=1), dtype=bool)
            s = np.sort(np.where(full[:, None], levels, 0.0), axis=1)
            disagree = full & (s[:, 0] != s[:, 1]) & (s[:, 1] != s[:, 2])
            index = np.where(disagree, s[:, 1], index)
        return np.clip(index, 0.0, k1), eff, disagree

    def _calibrate(self, X: pd.DataFrame, t: IntArray) -> None:
        """Grid-search the base weights over the simplex, then fit the temperature by NLL."""
        levels, quality = self._level_matrix(self._components(X))
        k = len(self.classes_)
        default = self._base_weights()
        scores: dict[str, float] = {}
        if self.optimise_weights:
            best: tuple[float, float] | None = None
            for w in _simplex(self.weight_step):
                wa = np.asarray(w)
                centre, _, _ = self._combine(levels, quality, wa)
                s = _score(t, np.rint(centre).astype(np.int64), k, self.objective)
                key = (s, -float(np.abs(wa - default).sum()))
                if best is None or key > best:
                    best, self.weights_ = key, wa
            assert best is not None
            scores["best"] = best[0]
        centre, _, _ = self._combine(levels, quality, self.weights_)
        self.temperature_ = self._fit_temperature(centre, t)
        scores["objective_on_calibration"] = _score(t, np.rint(centre).astype(np.int64), k, self.objective)
        self.calibration_ = {"n": len(t), "objective": self.objective, **scores}

    def _fit_temperature(self, centre: FloatArray, t: IntArray) -> float:
        return fit_temperature(_kernel_logits(centre, len(self._labelset())), t, TEMPERATURE_BOUNDS)

    # --------------------------------------------------------------------------- prediction
    def _centre(self, X: pd.DataFrame) -> tuple[FloatArray, list[dict[str, dict[str, Any]]], FloatArray, NDArray[np.bool_]]:
        check_is_fitted(self, "weights_")
        X = self._frame(X)
        comps = self._components(X)
        levels, quality = self._level_matrix(comps)
        centre, eff, disagree = self._combine(levels, quality, np.asarray(self.weights_))
        return centre, comps, eff, disagree

    def predict_proba(self, X: pd.DataFrame) -> FloatArray:
        """``(n, K)`` probabilities, columns A1…C2: a Gaussian kernel on the level index."""
        centre = self._centre(X)[0]
        return _softmax_rows(centre, len(self.classes_), self.temperature_)

    def predict(self, X: pd.DataFrame) -> NDArray[np.object_]:
        """The most probable level (= the rounded weighted index)."""
        proba = self.predict_proba(X)
        return np.asarray(self.classes_[np.argmax(proba, axis=1)], dtype=object)

    def predict_trace(self, X: pd.DataFrame) -> list[dict[str, Any]]:
        """Per text: the rules that fired, each component's level and confidence, weights, index."""
        centre, comps, eff, disagree = self._centre(X)
        proba = _softmax_rows(centre, len(self.classes_), self.temperature_)
        traces = []
        for i, comp in enumerate(comps):
            lv = [comp[c]["level"] for c in COMPONENTS]
            present = [v for v in lv if v is not None]
            agree = len(present) == 3 and len(set(present)) == 1
            confs = np.array([comp[c]["confidence"] for c in COMPONENTS])
            conf = float(np.dot(eff[i], confs))
            conf = min(1.0, conf * 1.2) if agree else conf * (0.8 if disagree[i] else 1.0)
            components = {}
            for j, c in enumerate(COMPONENTS):
                entry = dict(comp[c])
                entry["level"] = None if entry["level"] is None else str(self.classes_[entry["level"]])
                entry["weight"] = float(eff[i, j])
                components[c] = entry
            final = int(np.argmax(proba[i]))
            traces.append({
                "level": str(self.classes_[final]),
                "index": float(centre[i]),
                "rule": "median of disagreeing components" if disagree[i] else "weighted index average",
                "agreement": "all agree" if agree else ("all disagree" if disagree[i] else "partial"),
                "confidence": conf,
                "base_weights": dict(zip(COMPONENTS, (float(w) for w in self.weights_), strict=True)),
                "weights": dict(zip(COMPONENTS, (float(w) for w in eff[i]), strict=True)),
                "components": components,
                "fired": [r for c in COMPONENTS for r in comp[c]["fired"]],
                "proba": dict(zip((str(c) for c in self.classes_), (float(p) for p in proba[i]), strict=True)),
            })
        return traces

    def explain(self, X_row: pd.Series | pd.DataFrame | Mapping[str, float]) -> dict[str, Any]:
        """The trace of one text (a Series, a one-row DataFrame or a feature mapping)."""
        frame = self._frame(X_row)
        if len(frame) != 1:
            raise InputError(f"explain takes one row, got {len(frame)}")
        return self.predict_trace(frame)[0]

    # ------------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """Parameters and every learned table as plain JSON (no NaN)."""
        check_is_fitted(self, "weights_")
        params = self.get_params()
        params["labels"] = self._labelset().to_dict()
        params["weights"] = None if self.weights is None else (
            dict(self.weights) if isinstance(self.weights, Mapping) else [float(w) for w in self.weights])
        if self.linguistic_features is not None:
            params["linguistic_features"] = {c: list(fs) for c, fs in self.linguistic_features.items()}
        if self.formula_weights is not None:
            params["formula_weights"] = dict(self.formula_weights)
        return jsonable({
            "format": "interlang.rules/1",
            "params": params,
            "classes": [str(c) for c in self.classes_],
            "weights": [float(w) for w in self.weights_],
            "temperature": float(self.temperature_),
            "vocabulary": self.vocab_,
            "readability": self.readability_,
            "linguistic": self.linguistic_,
            "calibration": getattr(self, "calibration_", {}),
        })

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleBasedClassifier:
        """Rebuild a fitted model from :meth:`to_dict` output."""
        if data.get("format") != "interlang.rules/1":
            raise ModelError(f"not a rule-based model table: format {data.get('format')!r}")
        params = dict(data["params"])
        params["labels"] = LabelSet.from_dict(params["labels"])
        model = cls(**params)
        model.classes_ = np.asarray(data["classes"], dtype=object)
        model.weights_ = np.asarray(data["weights"], dtype=np.float64)
        model.temperature_ = float(data["temperature"])
        model.vocab_ = _unjson(data["vocabulary"])
        model.readability_ = _unjson(data["readability"])
        model.linguistic_ = _unjson(data["linguistic"])
        model.calibration_ = _unjson(data.get("calibration", {}))
        return model


def _unjson(obj: Any) -> Any:
    """Inverse of :func:`~interlang.serialize.jsonable` where NaN may appear (train accuracy)."""
    if isinstance(obj, Mapping):
        return {k: (math.nan if k == "train_accuracy" and v is None else _unjson(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_unjson(v) for v in obj]
    return obj
