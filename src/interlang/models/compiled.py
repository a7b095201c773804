"""A numpy-only inference path for the shipped level models (fast cold start).

Loading a level bundle through skops imports most of scikit-learn and SciPy (about 5 s on a
small machine), although scoring one text with the shipped pipeline — median imputation,
z-scoring, a linear or proportional-odds model, TF-IDF→PCA text components and a post-hoc
calibrator — is a handful of array operations.
:func:`interlang.models.compiling.compile_level_model` extracts every
learned parameter of such a pipeline into plain arrays plus JSON (stored in the bundle as
``arrays/compiled.npz`` and ``json/compiled.json``, no pickle), and
:class:`CompiledLevelModel` reproduces ``predict_proba`` and the linear explanation
(``coef × z``, as :func:`interlang.explain.explain_local` gives for linear models) with numpy
and the standard library only.

Supported: a :class:`~interlang.models.level_pipeline.LevelPipeline` whose model is a scikit-learn
``Pipeline`` (or a :class:`~interlang.models.classical.FeatureClassifier`) of
``MedianImputer → StandardScaler → [selector] → OrdinalLogistic | LogisticRegression``, optional
:class:`~interlang.features.tfidf.TfidfPCA` components, and a calibrator among identity,
temperature, Platt and isotonic. Anything else raises :class:`ModelError`, and such bundles keep
using the full estimator.

This module must not import scikit-learn, SciPy, pandas or skops at module level or in the
inference path (tests check it); the compiler (:mod:`interlang.models.compiling`) imports them
lazily.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from interlang.errors import ModelError
from interlang.numeric import EPS, renormalise, safe_log, sigmoid, softmax

__all__ = [
    "COMPILED_FORMAT",
    "PAYLOAD",
    "CompiledLevelModel",
]

#: Bumped when a reader of an older compiled payload could misread a newer one.
COMPILED_FORMAT = 1
#: Name of the array and JSON payloads inside a bundle.
PAYLOAD = "compiled"


# --------------------------------------------------------------------------------- inference
class CompiledLevelModel:
    """The shipped level pipeline as arrays: features + raw text → calibrated probabilities.

    Built from :func:`~interlang.models.compiling.compile_level_model`'s output (or a bundle's ``compiled`` payloads);
    numpy and the standard library only.
    """

    def __init__(self, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any]) -> None:
        version = meta.get("format")
        if not isinstance(version, int) or version > COMPILED_FORMAT:
            raise ModelError(f"compiled level model format {version!r} is not readable by this interlang")
        self.arrays = {k: np.asarray(v) for k, v in arrays.items()}
        self.meta = dict(meta)
        self.labels: list[str] = list(meta["labels"])
        self.features: list[str] = list(meta["features"])
        self.columns: list[str] = list(meta["columns"])
        self.names: list[str] = list(meta["names"])
        self.kind: str = str(meta["classifier"]["kind"])
        if self.kind not in ("ordinal", "logreg"):
            raise ModelError(f"compiled level model: unknown classifier kind {self.kind!r}")
        self.calibration: dict[str, Any] = dict(meta.get("calibrator") or {"method": "none"})
        tfidf = meta.get("tfidf")
        self.tfidf: dict[str, Any] | None = None if tfidf is None else dict(tfidf)
        if self.tfidf is not None:
            self._vocabulary = {term: i for i, term in enumerate(self.tfidf["vocabulary"])}
            self._token = re.compile(self.tfidf["token_pattern"])

    @classmethod
    def from_bundle(cls, bundle: Any) -> CompiledLevelModel:
        """The compiled payloads of a bundle (:class:`ModelError` when it has none)."""
        if PAYLOAD not in bundle.array_names or PAYLOAD not in bundle.json_names:
            raise ModelError(f"bundle {bundle.name!r} has no compiled level model")
        return cls(bundle.load_arrays(PAYLOAD), bundle.load_json(PAYLOAD))

    # ------------------------------------------------------------------------ text part
    def _tokens(self, text: str) -> list[str]:
        assert self.tfidf is not None
        doc = text.lower() if self.tfidf["lowercase"] else text
        tokens: list[str] = self._token.findall(doc)
        min_n, max_n = self.tfidf["ngram_range"]
        if max_n == 1:
            return tokens
        original = tokens
        if min_n == 1:
            tokens = list(original)
            min_n += 1
        else:
            tokens = []
        n_original = len(original)
        for n in range(min_n, min(max_n + 1, n_original + 1)):
            for i in range(n_original - n + 1):
                tokens.append(" ".join(original[i : i + n]))
        return tokens

    def text_components(self, texts: Sequence[str]) -> np.ndarray:
        """TF-IDF → PCA components of raw texts, shape (n, components)."""
        if self.tfidf is None:
            return np.zeros((len(texts), 0))
        a = self.arrays
        dense = np.zeros((len(texts), len(self._vocabulary)), dtype=np.float64)
        for row, text in enumerate(texts):
            for token in self._tokens(text):
                j = self._vocabulary.get(token)
                if j is not None:
                    dense[row, j] += 1.0
        if self.tfidf["binary"]:
            dense = np.minimum(dense, 1.0)
        nz = dense != 0
        if self.tfidf["sublinear_tf"]:
            dense[nz] = np.log(dense[nz]) + 1.0
        if self.tfidf["use_idf"]:
            dense = dense * a["tfidf_idf"][None, :]
        norm = self.tfidf["norm"]
        if norm is not None:
            size = np.abs(dense).sum(axis=1) if norm == "l1" else np.sqrt((dense * dense).sum(axis=1))
            size[size == 0.0] = 1.0
            dense = dense / size[:, None]
        components = a["pca_components"]
        out = dense @ components.T
        out -= a["pca_mean"].reshape(1, -1) @ components.T
        if self.tfidf["whiten"]:
            scale = np.sqrt(a["pca_explained_variance"])
            scale[scale < np.finfo(scale.dtype).eps] = np.finfo(scale.dtype).eps
            out /= scale
        return np.asarray(out, dtype=np.float64)

    # ------------------------------------------------------------------------ tables
    def design(self, rows: Sequence[Mapping[str, float]], texts: Sequence[str] | None = None) -> np.ndarray:
        """The raw model table (features, missing → NaN, then text components), shape (n, columns)."""
        X = np.array([[float(r.get(name, math.nan)) for name in self.features] for r in rows], dtype=np.float64)
        X = X.reshape(len(rows), len(self.features))
        if self.tfidf is not None:
            if texts is None:
                raise ModelError("this model uses TF-IDF components: pass the raw texts")
            X = np.hstack([X, self.text_components(list(texts))])
        return X

    def model_input(self, X: np.ndarray) -> np.ndarray:
        """Imputed, z-scored (and selected) columns: what the classifier sees."""
        a = self.arrays
        arr = np.array(X, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != len(self.columns):
            raise ModelError(f"expected {len(self.columns)} columns, got shape {arr.shape}")
        missing = np.isnan(arr)
        filled = np.where(missing, a["impute_median"][None, :], arr)
        indicator = a["impute_indicator"]
        if indicator.size:
            filled = np.hstack([filled, missing[:, indicator].astype(np.float64)])
        if self.meta["scaler"]["with_mean"]:
            filled -= a["scale_mean"]
        if self.meta["scaler"]["with_std"]:
            filled /= a["scale_scale"]
        if "selected" in a:
            filled = filled[:, a["selected"]]
        return np.asarray(filled, dtype=np.float64)

    def _classifier_proba(self, Z: np.ndarray) -> np.ndarray:
        """The classifier's probabilities in label order, uncalibrated."""
        a = self.arrays
        n, k_labels = Z.shape[0], len(self.labels)
        if self.kind == "ordinal":
            eta = Z @ a["coef"]
            inner = sigmoid(a["thresholds"][None, :] - eta[:, None])
            c = np.column_stack([np.zeros(n), inner, np.ones(n)])
            proba = np.clip(np.diff(c, axis=1), 0.0, None)
            model = proba / proba.sum(axis=1, keepdims=True)
        else:
            decision = Z @ a["coef"].T + a["intercept"]
            if a["coef"].shape[0] == 1:
                p1 = sigmoid(decision[:, 0])
                inner_p = np.column_stack([1.0 - p1, p1])
            else:
                inner_p = softmax(decision, axis=1)
            model = np.zeros((n, a["class_index"].size))
            model[:, a["present"]] = inner_p
        out = np.zeros((n, k_labels), dtype=np.float64)
        out[:, a["class_index"]] = model
        return out

    def calibrate(self, proba: np.ndarray) -> np.ndarray:
        """The bundle's post-hoc calibrator applied to label-ordered probabilities."""
        a = self.arrays
        method = self.calibration.get("method", "none")
        p = np.asarray(proba, dtype=np.float64)
        if method == "none":
            return p.copy()
        if not (method == "temperature" and self.calibration.get("inputs") == "logits"):
            p = np.clip(p, 0.0, 1.0)
        if method == "temperature":
            z = p if self.calibration.get("inputs") == "logits" else safe_log(p)
            return softmax(z, axis=1, temperature=float(self.calibration["temperature"]))
        if method == "platt":
            q = np.clip(p, EPS, 1 - EPS)
            logit = np.log(q) - np.log1p(-q)
            z = logit * a["cal_coef"] + a["cal_intercept"]
            return renormalise(sigmoid(z), p)
        if method == "isotonic":
            q = np.column_stack(
                [np.interp(p[:, k], a[f"cal_iso_x{k}"], a[f"cal_iso_y{k}"]) for k in range(p.shape[1])]
            )
            return renormalise(np.maximum(q, float(self.calibration["floor"])), p)
        raise ModelError(f"compiled level model: unknown calibration method {method!r}")

    # ------------------------------------------------------------------------ public
    def predict_proba_table(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities (label order) for a raw model table from :meth:`design`."""
        return self.calibrate(self._classifier_proba(self.model_input(X)))

    def predict_proba(self, rows: Sequence[Mapping[str, float]], texts: Sequence[str] | None = None) -> np.ndarray:
        """Calibrated probabilities (label order) from feature mappings and the raw texts."""
        return self.predict_proba_table(self.design(rows, texts))

    def contributions(self, Z: np.ndarray, class_index: int) -> np.ndarray:
        """``coef × z`` per model column for one label (ordinal: the shared latent score)."""
        a = self.arrays
        coef = a["coef"]
        if self.kind == "ordinal":
            return np.asarray(Z * coef[None, :], dtype=np.float64)
        if coef.shape[0] == 1:
            coef = np.vstack([-coef, coef])
        # As interlang.explain does: row j of coef explains column present[j].
        rows = {int(p): j for j, p in enumerate(a["present"][: coef.shape[0]])}
        j = rows.get(class_index)
        return np.zeros_like(Z) if j is None else np.asarray(Z * coef[j][None, :], dtype=np.float64)

    @property
    def explain_method(self) -> str:
        return "linear (coef x z)" + (", + = towards higher levels" if self.kind == "ordinal" else "")

    def explain(self, X: np.ndarray, class_index: int, top: int = 5) -> list[dict[str, Any]]:
        """Top reasons for the first row of a raw model table, as ``explain_local`` reports them."""
        Z = self.model_input(X[:1])
        row = self.contributions(Z, class_index)[0]
        raw = {name: float(X[0, j]) for j, name in enumerate(self.columns)}
        order = np.argsort(-np.abs(row), kind="stable")[:top]
        reasons = []
        for j in order:
            if row[j] == 0:
                continue
            name = self.names[j]
            value = raw.get(name)
            reasons.append(
                {
                    "feature": name,
                    "value": None if value is None or np.isnan(value) else round(value, 4),
                    "z": round(float(Z[0, j]), 3),
                    "contribution": round(float(row[j]), 4),
                    "direction": "towards" if row[j] > 0 else "away from",
                }
            )
        return reasons
