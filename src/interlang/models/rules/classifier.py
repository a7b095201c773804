"""The rule-based classifier: the three components combined, weighted and calibrated.

See :mod:`interlang.models.rules` for the method. This module holds the estimator (parameters,
the calibration split, the weighted index, the kernel temperature, traces); the components
live in :mod:`.vocabulary`, :mod:`.readability` and :mod:`.linguistic`, the JSON form in
:mod:`.persistence`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError
from interlang.labels import CEFR, LabelSet
from interlang.models.rules.cuts import (
    fit_bounds,
    kernel_logits,
    kernel_proba,
    median_boundaries,
    objective_score,
    simplex_grid,
)
from interlang.models.rules.defaults import COMPONENTS, DEFAULT_WEIGHTS, TEMPERATURE_BOUNDS
from interlang.models.rules.linguistic import (
    fit_linguistic,
    linguistic_candidates,
    linguistic_component,
)
from interlang.models.rules.persistence import rules_from_dict, rules_to_dict
from interlang.models.rules.readability import fit_readability, readability_component
from interlang.models.rules.vocabulary import coverage, fit_vocabulary, vocabulary_component
from interlang.numeric import fit_temperature
from interlang.settings import DEFAULT_SEED

__all__ = ["RuleBasedClassifier"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


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
        self.vocab_ = fit_vocabulary(X, t, k, learn=self.learn_thresholds, objective=self.objective)
        self.readability_ = fit_readability(
            X, t, k, bounds=self._bounds, formula_weights=self.formula_weights,
            learn_formula_weights=self.learn_formula_weights,
        )
        self.linguistic_ = fit_linguistic(
            X, t, k, candidates=linguistic_candidates(list(X.columns), self.linguistic_features),
            min_correlation=self.min_correlation, bounds=self._bounds,
        )

    def _bounds(self, values: FloatArray, t: IntArray, k: int) -> tuple[float, list[float]] | None:
        if self.boundaries == "median" or not self.learn_thresholds:
            return median_boundaries(values, t, k)
        return fit_bounds(values, t, k, self.objective)

    # -------------------------------------------------------------------------- combination
    def _components(self, X: pd.DataFrame) -> list[dict[str, dict[str, Any]]]:
        k = len(self.classes_)
        cum, unknown = coverage(X, k)
        rows = X.to_dict(orient="records")
        out = []
        for i, row in enumerate(rows):
            clean = {str(a): (float(b) if isinstance(b, (int, float, np.floating, np.integer)) else math.nan) for a, b in row.items()}
            out.append({
                "vocabulary": vocabulary_component(self.vocab_, self.classes_, cum[i], float(unknown[i])),
                "readability": readability_component(self.readability_, self.classes_, clean),
                "linguistic": linguistic_component(self.linguistic_, self.classes_, clean),
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
            for w in simplex_grid(self.weight_step):
                wa = np.asarray(w)
                centre, _, _ = self._combine(levels, quality, wa)
                s = objective_score(t, np.rint(centre).astype(np.int64), k, self.objective)
                key = (s, -float(np.abs(wa - default).sum()))
                if best is None or key > best:
                    best, self.weights_ = key, wa
            assert best is not None
            scores["best"] = best[0]
        centre, _, _ = self._combine(levels, quality, self.weights_)
        self.temperature_ = self._fit_temperature(centre, t)
        scores["objective_on_calibration"] = objective_score(t, np.rint(centre).astype(np.int64), k, self.objective)
        self.calibration_ = {"n": len(t), "objective": self.objective, **scores}

    def _fit_temperature(self, centre: FloatArray, t: IntArray) -> float:
        return fit_temperature(kernel_logits(centre, len(self._labelset())), t, TEMPERATURE_BOUNDS)

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
        return kernel_proba(centre, len(self.classes_), self.temperature_)

    def predict(self, X: pd.DataFrame) -> NDArray[np.object_]:
        """The most probable level (= the rounded weighted index)."""
        proba = self.predict_proba(X)
        return np.asarray(self.classes_[np.argmax(proba, axis=1)], dtype=object)

    def predict_trace(self, X: pd.DataFrame) -> list[dict[str, Any]]:
        """Per text: the rules that fired, each component's level and confidence, weights, index."""
        centre, comps, eff, disagree = self._centre(X)
        proba = kernel_proba(centre, len(self.classes_), self.temperature_)
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
        return rules_to_dict(self, self._labelset())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleBasedClassifier:
        """Rebuild a fitted model from :meth:`to_dict` output."""
        return rules_from_dict(cls, data)
