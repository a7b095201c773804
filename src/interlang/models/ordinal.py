"""Ordinal-aware classification for CEFR levels (A1 < A2 < … < C2).

A multinomial classifier treats A1↔C2 like A2↔B1; learner-level data are ordinal, and the errors
that matter (QWK, adjacent accuracy) grow with the distance between levels. Two models:

* :class:`FrankHallClassifier` — Frank & Hall (2001): K−1 binary classifiers for ``P(y > k)``
  (any probabilistic sklearn estimator), made monotone in ``k``, differenced into class
  probabilities, clipped and renormalised;
* :class:`OrdinalLogistic` — the proportional-odds (cumulative-logit) model
  ``P(y ≤ k | x) = σ(θ_k − x·w)`` with L2 penalty on ``w``: one weight vector and K−1 ordered
  thresholds, the fewest parameters, suited to small corpora. Scale features first.

Both decode probabilities with ``decode="argmax"`` (the mode), ``"expected"`` (the level nearest
the expected value Σ k·p_k) or ``"median"`` (the first level whose cumulative probability
reaches 0.5); :func:`decode_ordinal` does the same for any probability matrix (e.g. a
transformer's softmax in CEFR order).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.numeric import renormalise, sigmoid

__all__ = ["DECODERS", "FrankHallClassifier", "OrdinalLogistic", "decode_ordinal"]

DECODERS = ("argmax", "expected", "median")
FloatArray = NDArray[np.float64]


def decode_ordinal(proba: ArrayLike, decode: str = "argmax") -> NDArray[np.int64]:
    """Column index per row: the mode, the level nearest the expected value, or the median."""
    p = np.asarray(proba, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] < 1:
        raise InputError(f"proba must be an (n, K) matrix, got shape {p.shape}")
    if decode == "argmax":
        return np.asarray(p.argmax(axis=1), dtype=np.int64)
    if decode == "expected":
        expected = p @ np.arange(p.shape[1]) / p.sum(axis=1)
        # round half up so 2.5 → 3 consistently (np.round would go to the even level)
        return np.clip(np.floor(expected + 0.5), 0, p.shape[1] - 1).astype(np.int64)
    if decode == "median":
        cum = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
        return np.asarray(np.argmax(cum >= 0.5 - 1e-12, axis=1), dtype=np.int64)
    raise InputError(f"decode must be one of {DECODERS}, not {decode!r}")


class _Ordinal(ClassifierMixin, BaseEstimator):
    """Label ↔ level-code plumbing and decoding shared by the ordinal models."""

    labels: LabelSet | Sequence[str] | None
    decode: str

    def _encode(self, y: ArrayLike) -> NDArray[np.int64]:
        y_arr = np.asarray([str(v) for v in np.asarray(y, dtype=object).ravel()], dtype=object)
        if self.labels is None:
            classes = np.asarray(sorted(set(y_arr)), dtype=object)
        else:
            given = self.labels.labels if isinstance(self.labels, LabelSet) else tuple(self.labels)
            classes = np.asarray([str(c) for c in given], dtype=object)
        lookup = {c: i for i, c in enumerate(classes)}
        unknown = sorted(set(y_arr) - set(lookup))
        if unknown:
            raise InputError(f"y contains labels outside the ordinal scale {list(classes)}: {unknown}")
        codes = np.fromiter((lookup[v] for v in y_arr), dtype=np.int64, count=y_arr.size)
        if np.unique(codes).size < 2:
            raise InputError("an ordinal model needs at least two levels in y")
        if self.decode not in DECODERS:
            raise InputError(f"decode must be one of {DECODERS}, not {self.decode!r}")
        self.classes_ = classes
        return codes

    def predict_proba(self, X: Any) -> FloatArray:
        raise NotImplementedError

    def predict(self, X: Any) -> NDArray[Any]:
        """Level per row, decoded from :meth:`predict_proba` with ``decode``."""
        return np.asarray(self.classes_[decode_ordinal(self.predict_proba(X), self.decode)])


class FrankHallClassifier(_Ordinal):
    """Frank & Hall ordinal decomposition around any probabilistic binary ``estimator``.

    Classifier ``k`` learns ``P(y > k)``. The K−1 estimates are forced non-increasing in ``k``
    (running minimum), then ``P(y = k) = P(y > k−1) − P(y > k)``; rows are clipped at 0 and
    renormalised. ``labels`` fixes the level order (default: sorted labels, right for CEFR
    strings). A threshold with a constant binary target (a level absent from training) gets that
    constant probability.
    """

    def __init__(
        self, estimator: Any = None, labels: LabelSet | Sequence[str] | None = None, decode: str = "argmax"
    ) -> None:
        self.estimator = estimator
        self.labels = labels
        self.decode = decode

    def fit(self, X: Any, y: ArrayLike) -> FrankHallClassifier:
        from sklearn.linear_model import LogisticRegression

        codes = self._encode(y)
        base = LogisticRegression(max_iter=2000) if self.estimator is None else self.estimator
        estimators: list[Any] = []
        constants = np.full(len(self.classes_) - 1, np.nan)
        for k in range(len(self.classes_) - 1):
            target = (codes > k).astype(np.int64)
            if target.min() == target.max():
                constants[k] = float(target[0])
                estimators.append(None)
            else:
                estimators.append(clone(base).fit(X, target))
        self.estimators_ = estimators
        self.constants_ = constants
        self.n_features_in_ = int(np.shape(X)[1])
        return self

    def predict_proba(self, X: Any) -> FloatArray:
        """Class probabilities in ``classes_`` (level) order."""
        check_is_fitted(self, "estimators_")
        n = int(np.shape(X)[0])
        greater = np.empty((n, len(self.estimators_)))
        for k, est in enumerate(self.estimators_):
            if est is None:
                greater[:, k] = self.constants_[k]
            else:
                col = list(est.classes_).index(1)
                greater[:, k] = est.predict_proba(X)[:, col]
        greater = np.minimum.accumulate(np.clip(greater, 0.0, 1.0), axis=1)
        upper = np.column_stack([np.ones(n), greater])
        lower = np.column_stack([greater, np.zeros(n)])
        proba = np.clip(upper - lower, 0.0, None)
        return renormalise(proba, np.full_like(proba, 1.0 / proba.shape[1]))


class OrdinalLogistic(_Ordinal):
    """Proportional-odds model ``P(y ≤ k | x) = σ(θ_k − x·w)``, L2 penalty ``1/(2C)·‖w‖²``.

    Thresholds are parameterised as ``θ_0 + cumsum(exp(δ))`` so they stay ordered; fitted by
    L-BFGS with the analytic gradient. Levels of ``labels`` absent from training get (near) zero
    probability. Features should be standardised (the penalty is scale-dependent).
    """

    def __init__(
        self,
        C: float = 1.0,
        labels: LabelSet | Sequence[str] | None = None,
        decode: str = "argmax",
        max_iter: int = 1000,
        class_weight: str | None = None,
    ) -> None:
        self.C = C
        self.labels = labels
        self.decode = decode
        self.max_iter = max_iter
        self.class_weight = class_weight

    @staticmethod
    def _thresholds(params: FloatArray) -> FloatArray:
        return np.asarray(params[0] + np.concatenate([[0.0], np.cumsum(np.exp(params[1:]))]), dtype=np.float64)

    def _cumulative(self, eta: FloatArray, theta: FloatArray) -> FloatArray:
        """``c[:, k] = P(y ≤ k − 1)`` padded with 0 and 1: shape (n, K + 1)."""
        n = eta.shape[0]
        inner = sigmoid(theta[None, :] - eta[:, None])
        return np.column_stack([np.zeros(n), inner, np.ones(n)])

    def fit(self, X: Any, y: ArrayLike) -> OrdinalLogistic:
        from scipy.optimize import minimize

        codes = self._encode(y)
        arr = np.asarray(check_array(X, dtype=np.float64), dtype=np.float64)
        n, d = arr.shape
        k = len(self.classes_)
        if self.C <= 0:
            raise InputError(f"C must be positive, not {self.C}")
        alpha = 1.0 / self.C
        rows = np.arange(n)
        if self.class_weight not in (None, "balanced"):
            raise InputError(f"class_weight must be None or 'balanced', not {self.class_weight!r}")
        counts = np.bincount(codes, minlength=k).astype(np.float64)
        # "balanced" as in scikit-learn: n / (k_present · count), so the weights average to 1.
        sw = n / (np.count_nonzero(counts) * counts[codes]) if self.class_weight == "balanced" else np.ones(n)

        def objective(params: FloatArray) -> tuple[float, FloatArray]:
            w, tp = params[:d], params[d:]
            theta = self._thresholds(tp)
            eta = arr @ w
            c = self._cumulative(eta, theta)
            hi, lo = c[rows, codes + 1], c[rows, codes]
            p = np.maximum(hi - lo, 1e-300)
            g_hi = np.where(codes < k - 1, hi * (1 - hi), 0.0)
            g_lo = np.where(codes > 0, lo * (1 - lo), 0.0)
            loss = -np.sum(sw * np.log(p)) + 0.5 * alpha * float(w @ w)
            grad_w = arr.T @ (sw * (g_hi - g_lo) / p) + alpha * w
            # dNLL/dθ_j: −g_hi/p for rows of level j, +g_lo/p for rows of level j + 1
            g_theta = np.zeros(k - 1)
            np.add.at(g_theta, codes[codes < k - 1], -(sw * g_hi / p)[codes < k - 1])
            np.add.at(g_theta, codes[codes > 0] - 1, (sw * g_lo / p)[codes > 0])
            grad_tp = np.empty(k - 1)
            grad_tp[0] = g_theta.sum()
            tail = np.cumsum(g_theta[::-1])[::-1]  # Σ_{m ≥ j} g_theta[m]
            grad_tp[1:] = np.exp(tp[1:]) * tail[1:]
            return float(loss / n), np.concatenate([grad_w, grad_tp]) / n

        # Start from the empirical cumulative frequencies.
        freq = np.cumsum(np.bincount(codes, minlength=k) + 0.5)[:-1] / (n + 0.5 * k)
        start_theta = np.log(freq / (1 - freq))
        gaps = np.maximum(np.diff(start_theta), 1e-3)
        x0 = np.concatenate([np.zeros(d), [start_theta[0]], np.log(gaps)])
        result = minimize(objective, x0, jac=True, method="L-BFGS-B", options={"maxiter": self.max_iter})
        self.coef_ = np.asarray(result.x[:d], dtype=np.float64)
        self.thresholds_ = self._thresholds(np.asarray(result.x[d:], dtype=np.float64))
        self.n_iter_ = int(result.nit)
        self.converged_ = bool(result.success)
        self.n_features_in_ = d
        return self

    def decision_function(self, X: Any) -> FloatArray:
        """The latent score ``x·w`` (higher = higher level)."""
        check_is_fitted(self, "coef_")
        arr = np.asarray(check_array(X, dtype=np.float64), dtype=np.float64)
        return np.asarray(arr @ self.coef_, dtype=np.float64)

    def predict_proba(self, X: Any) -> FloatArray:
        """Class probabilities in ``classes_`` (level) order."""
        c = self._cumulative(self.decision_function(X), self.thresholds_)
        proba = np.clip(np.diff(c, axis=1), 0.0, None)
        return np.asarray(proba / proba.sum(axis=1, keepdims=True), dtype=np.float64)
