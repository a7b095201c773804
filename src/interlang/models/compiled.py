"""A numpy-only inference path for the shipped level models (fast cold start).

Loading a level bundle through skops imports most of scikit-learn and SciPy (about 5 s on a
small machine), although scoring one text with the shipped pipeline — median imputation,
z-scoring, a linear or proportional-odds model, TF-IDF→PCA text components and a post-hoc
calibrator — is a handful of array operations. :func:`compile_level_model` extracts every
learned parameter of such a pipeline into plain arrays plus JSON (stored in the bundle as
``arrays/compiled.npz`` and ``json/compiled.json``, no pickle), and
:class:`CompiledLevelModel` reproduces ``predict_proba`` and the linear explanation
(``coef × z``, as :func:`interlang.explain.explain_local` gives for linear models) with numpy
and the standard library only.

Supported: a :class:`~interlang.models.predict.LevelPipeline` whose model is a scikit-learn
``Pipeline`` (or a :class:`~interlang.models.classical.FeatureClassifier`) of
``MedianImputer → StandardScaler → [selector] → OrdinalLogistic | LogisticRegression``, optional
:class:`~interlang.features.tfidf.TfidfPCA` components, and a calibrator among identity,
temperature, Platt and isotonic. Anything else raises :class:`ModelError`, and such bundles keep
using the full estimator.

This module must not import scikit-learn, SciPy, pandas or skops at module level or in the
inference path (tests check it); :func:`compile_level_model` imports them lazily.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from interlang.errors import ModelError

__all__ = [
    "CHECK_TEXTS",
    "COMPILED_FORMAT",
    "PAYLOAD",
    "CompiledLevelModel",
    "add_compiled",
    "compile_level_model",
    "verify_compiled",
]

#: Bumped when a reader of an older compiled payload could misread a newer one.
COMPILED_FORMAT = 1
#: Name of the array and JSON payloads inside a bundle.
PAYLOAD = "compiled"
#: Same clipping constant as :mod:`interlang.models.calibration`.
EPS = 1e-12

_CALIBRATORS = {
    "IdentityCalibrator": "none",
    "TemperatureScaling": "temperature",
    "PlattCalibrator": "platt",
    "IsotonicCalibrator": "isotonic",
}


# ------------------------------------------------------------------------------- compilation
def _refuse(what: str) -> ModelError:
    return ModelError(f"cannot compile this level model: {what}; it keeps using the full estimator")


def _unwrap(obj: Any) -> tuple[Any, Any]:
    """(LevelPipeline, calibrator or None) from a LevelPredictor, Bundle, CalibratedModel or pipeline."""
    from interlang.models.predict import LevelPipeline, LevelPredictor

    if isinstance(obj, LevelPredictor):
        return obj.pipeline, obj.calibrator
    if isinstance(obj, LevelPipeline):
        return obj, None
    estimator = getattr(obj, "estimator", None) if hasattr(obj, "json_names") else obj
    if hasattr(obj, "json_names") and "rules" in obj.json_names:
        raise _refuse("a rule-based bundle")
    if estimator is None:
        raise _refuse("the bundle holds no estimator (load it with its estimator)")
    from interlang.models.calibration import CalibratedModel

    if isinstance(estimator, CalibratedModel):
        if not isinstance(estimator.base_estimator, LevelPipeline):
            raise _refuse(f"a calibrated {type(estimator.base_estimator).__name__}, not a level pipeline")
        return estimator.base_estimator, estimator.calibrator
    if isinstance(estimator, LevelPipeline):
        return estimator, None
    raise _refuse(f"{type(estimator).__name__} is not a level pipeline")


def _steps(model: Any) -> tuple[list[Any], Any, np.ndarray | None, np.ndarray]:
    """(preprocessing steps, final classifier, FeatureClassifier.present_ or None, classes in proba order)."""
    from sklearn.pipeline import Pipeline

    from interlang.models.classical import FeatureClassifier

    present = None
    if isinstance(model, FeatureClassifier):
        inner = model.pipeline_
        present = np.asarray(model.present_, dtype=np.int64)
        classes = np.asarray([str(c) for c in model.classes_], dtype=object)
    elif isinstance(model, Pipeline):
        inner = model
        classes = np.asarray([str(c) for c in model.classes_], dtype=object)
    else:
        raise _refuse(f"model kind {type(model).__name__} is not supported")
    if not isinstance(inner, Pipeline):
        raise _refuse(f"inner model {type(inner).__name__} is not a scikit-learn Pipeline")
    steps = [step for _, step in inner.steps]
    if any(step is None or step == "passthrough" for step in steps):
        raise _refuse("a pipeline with passthrough steps")
    return steps[:-1], steps[-1], present, classes


def _compile_pre(pre: list[Any], n_columns: int, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    from sklearn.preprocessing import StandardScaler

    from interlang.models.classical import MedianImputer

    kinds = [type(s).__name__ for s in pre]
    if len(pre) not in (2, 3) or not isinstance(pre[0], MedianImputer) or type(pre[1]) is not StandardScaler:
        raise _refuse(f"preprocessing {kinds} is not MedianImputer → StandardScaler → [selector]")
    imputer, scaler = pre[0], pre[1]
    medians = np.asarray(imputer.statistics_, dtype=np.float64)
    if medians.shape != (n_columns,):
        raise _refuse(f"the imputer has {medians.size} columns, the pipeline {n_columns}")
    arrays["impute_median"] = medians
    arrays["impute_indicator"] = np.asarray(imputer.indicator_features_, dtype=np.int64)
    n_scaled = n_columns + arrays["impute_indicator"].size
    scaling: dict[str, Any] = {"with_mean": bool(scaler.with_mean), "with_std": bool(scaler.with_std)}
    if scaler.with_mean:
        arrays["scale_mean"] = np.asarray(scaler.mean_, dtype=np.float64)
    if scaler.with_std:
        arrays["scale_scale"] = np.asarray(scaler.scale_, dtype=np.float64)
    for key in ("scale_mean", "scale_scale"):
        if key in arrays and arrays[key].shape != (n_scaled,):
            raise _refuse(f"the scaler has {arrays[key].size} columns, expected {n_scaled}")
    meta["scaler"] = scaling
    if len(pre) == 3:
        selector = pre[2]
        if not hasattr(selector, "get_support"):
            raise _refuse(f"selector {type(selector).__name__} has no get_support()")
        support = np.asarray(selector.get_support(indices=True), dtype=np.int64)
        arrays["selected"] = support
    meta["steps"] = kinds


def _compile_classifier(clf: Any, classes: np.ndarray, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    from interlang.models.ordinal import OrdinalLogistic

    name = type(clf).__name__
    if isinstance(clf, OrdinalLogistic):
        arrays["coef"] = np.asarray(clf.coef_, dtype=np.float64)
        arrays["thresholds"] = np.asarray(clf.thresholds_, dtype=np.float64)
        meta["classifier"] = {"kind": "ordinal", "decode": str(clf.decode)}
        return
    if name == "LogisticRegression" and type(clf).__module__.startswith("sklearn.linear_model"):
        multi = getattr(clf, "multi_class", "deprecated")
        coef = np.asarray(clf.coef_, dtype=np.float64)
        if coef.shape[0] > 1 and multi == "ovr":
            raise _refuse("one-vs-rest LogisticRegression")
        arrays["coef"] = coef
        arrays["intercept"] = np.asarray(clf.intercept_, dtype=np.float64)
        meta["classifier"] = {"kind": "logreg", "n_classes": len(clf.classes_)}
        if len(clf.classes_) != coef.shape[0] and not (coef.shape[0] == 1 and len(clf.classes_) == 2):
            raise _refuse("LogisticRegression coef_ does not match its classes")
        return
    raise _refuse(f"estimator kind {name} is not supported (ordinal logit or logistic regression only)")


def _compile_tfidf(tfidf: Any, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    from interlang.features.tfidf import TfidfPCA

    if not isinstance(tfidf, TfidfPCA):
        raise _refuse(f"text components of kind {type(tfidf).__name__}")
    vec, pca = tfidf.vectorizer_, tfidf.pca_
    if type(vec).__name__ != "TfidfVectorizer" or type(pca).__name__ != "PCA":
        raise _refuse(f"text components {type(vec).__name__} → {type(pca).__name__}")
    checks = {
        "analyzer": vec.analyzer == "word",
        "tokenizer": vec.tokenizer is None,
        "preprocessor": vec.preprocessor is None,
        "stop_words": vec.stop_words is None,
        "strip_accents": vec.strip_accents is None,
        "input": vec.input == "content",
        "norm": vec.norm in ("l1", "l2", None),
    }
    bad = [k for k, ok in checks.items() if not ok]
    if bad:
        raise _refuse(f"TF-IDF options {bad} are not supported")
    if re.compile(vec.token_pattern).groups > 1:
        raise _refuse("a token pattern with several capturing groups")
    vocabulary = {str(term): int(i) for term, i in vec.vocabulary_.items()}
    terms = [""] * len(vocabulary)
    for term, i in vocabulary.items():
        terms[i] = term
    if vec.use_idf:
        arrays["tfidf_idf"] = np.asarray(vec.idf_, dtype=np.float64)
    arrays["pca_mean"] = np.asarray(pca.mean_, dtype=np.float64)
    arrays["pca_components"] = np.asarray(pca.components_, dtype=np.float64)
    if pca.whiten:
        arrays["pca_explained_variance"] = np.asarray(pca.explained_variance_, dtype=np.float64)
    meta["tfidf"] = {
        "vocabulary": terms,
        "lowercase": bool(vec.lowercase),
        "token_pattern": str(vec.token_pattern),
        "ngram_range": [int(vec.ngram_range[0]), int(vec.ngram_range[1])],
        "binary": bool(vec.binary),
        "sublinear_tf": bool(vec.sublinear_tf),
        "use_idf": bool(vec.use_idf),
        "norm": vec.norm,
        "whiten": bool(pca.whiten),
        "names": [str(c) for c in tfidf.get_feature_names_out()],
    }


def _compile_calibrator(cal: Any, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    if cal is None:
        meta["calibrator"] = {"method": "none"}
        return
    name = type(cal).__name__
    if name not in _CALIBRATORS or not type(cal).__module__.startswith("interlang.models.calibration"):
        raise _refuse(f"calibrator {name} is not supported")
    method = _CALIBRATORS[name]
    info: dict[str, Any] = {"method": method}
    if method == "temperature":
        info["temperature"] = float(cal.temperature_)
        info["inputs"] = str(cal.inputs)
    elif method == "platt":
        arrays["cal_coef"] = np.asarray(cal.coef_, dtype=np.float64)
        arrays["cal_intercept"] = np.asarray(cal.intercept_, dtype=np.float64)
    elif method == "isotonic":
        info["floor"] = float(cal.floor)
        info["n"] = len(cal.x_thresholds_)
        for k, (x, y) in enumerate(zip(cal.x_thresholds_, cal.y_thresholds_, strict=True)):
            arrays[f"cal_iso_x{k}"] = np.asarray(x, dtype=np.float64)
            arrays[f"cal_iso_y{k}"] = np.asarray(y, dtype=np.float64)
    meta["calibrator"] = info


def compile_level_model(obj: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Every learned parameter of a supported level model as ``(arrays, json)``.

    ``obj`` is a :class:`~interlang.models.predict.LevelPredictor`, a level
    :class:`~interlang.models.bundle.Bundle` loaded with its estimator, a ``CalibratedModel`` or
    a ``LevelPipeline``. Raises :class:`ModelError` for any unsupported estimator kind. Store the
    result with ``bundle.save_arrays(PAYLOAD, arrays)`` and ``bundle.save_json(PAYLOAD, meta)``.
    """
    pipeline, calibrator = _unwrap(obj)
    arrays: dict[str, np.ndarray] = {}
    columns = list(pipeline.columns)
    meta: dict[str, Any] = {
        "format": COMPILED_FORMAT,
        "labels": [str(label) for label in pipeline.labels],
        "features": [str(f) for f in pipeline.features],
        "columns": columns,
    }
    pre, clf, present, classes = _steps(pipeline.model)
    _compile_pre(pre, len(columns), arrays, meta)
    _compile_classifier(clf, classes, arrays, meta)
    # Model-space names, as the explanation reports them.
    inner = pipeline.model.pipeline_ if hasattr(pipeline.model, "pipeline_") else pipeline.model
    try:
        names = [str(n) for n in inner[:-1].get_feature_names_out(np.asarray(columns, dtype=object))]
    except Exception:  # mirrors interlang.explain: positional names
        names = columns
    meta["names"] = names
    n_model = len(names)
    coef = arrays["coef"]
    if coef.shape[-1] != n_model:
        raise _refuse(f"the classifier sees {coef.shape[-1]} columns, the preprocessing gives {n_model}")
    labels = meta["labels"]
    # Column of each model class among the labels (the reordering of LevelPipeline.predict_proba_parts).
    order = [str(c) for c in classes]
    if sorted(set(order) - set(labels)):
        raise _refuse(f"model classes {order} are not among the labels {labels}")
    arrays["class_index"] = np.asarray([labels.index(c) for c in order], dtype=np.int64)
    if present is not None:
        arrays["present"] = present
    elif meta["classifier"]["kind"] == "logreg":
        arrays["present"] = np.arange(len(classes), dtype=np.int64)
    if pipeline.tfidf is not None:
        _compile_tfidf(pipeline.tfidf, arrays, meta)
        if columns[len(meta["features"]):] != meta["tfidf"]["names"]:
            raise _refuse("the TF-IDF component names do not follow the features")
    elif len(columns) != len(meta["features"]):
        raise _refuse("extra columns without text components")
    _compile_calibrator(calibrator, arrays, meta)
    return arrays, meta


# --------------------------------------------------------------------------------- inference
def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


def _renormalise(q: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    sums = q.sum(axis=1, keepdims=True)
    zero = sums[:, 0] <= 0
    out = np.where(sums > 0, q / np.where(sums > 0, sums, 1.0), fallback)
    if zero.any():
        out[zero] = fallback[zero]
    return np.asarray(out, dtype=np.float64)


class CompiledLevelModel:
    """The shipped level pipeline as arrays: features + raw text → calibrated probabilities.

    Built from :func:`compile_level_model`'s output (or a bundle's ``compiled`` payloads);
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
            inner = _sigmoid(a["thresholds"][None, :] - eta[:, None])
            c = np.column_stack([np.zeros(n), inner, np.ones(n)])
            proba = np.clip(np.diff(c, axis=1), 0.0, None)
            model = proba / proba.sum(axis=1, keepdims=True)
        else:
            decision = Z @ a["coef"].T + a["intercept"]
            if a["coef"].shape[0] == 1:
                p1 = 1.0 / (1.0 + np.exp(-decision[:, 0]))
                inner_p = np.column_stack([1.0 - p1, p1])
            else:
                inner_p = _softmax(decision)
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
            z = p if self.calibration.get("inputs") == "logits" else np.log(np.clip(p, EPS, 1.0))
            return _softmax(z / float(self.calibration["temperature"]))
        if method == "platt":
            q = np.clip(p, EPS, 1 - EPS)
            logit = np.log(q) - np.log1p(-q)
            z = logit * a["cal_coef"] + a["cal_intercept"]
            return _renormalise(1.0 / (1.0 + np.exp(-z)), p)
        if method == "isotonic":
            q = np.column_stack(
                [np.interp(p[:, k], a[f"cal_iso_x{k}"], a[f"cal_iso_y{k}"]) for k in range(p.shape[1])]
            )
            return _renormalise(np.maximum(q, float(self.calibration["floor"])), p)
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


# ------------------------------------------------------------------------ bundles on disk
#: Short texts, per language, on which :func:`add_compiled` checks a freshly compiled model
#: (besides the shipped sample text): a range of lengths and levels, and a one-word text.
CHECK_TEXTS: dict[str, list[str]] = {
    "de": [
        "Ich heiße Anna. Ich wohne in Berlin. Ich habe eine Katze.",
        "Gestern bin ich mit meinem Bruder ins Kino gegangen, weil der Film sehr gut war.",
        "Obwohl die Digitalisierung zahlreiche Vorteile mit sich bringt, dürfen die sozialen "
        "Folgen für ältere Menschen, die den Anschluss zu verlieren drohen, nicht unterschätzt werden.",
        "Hallo",
    ],
    "en": [
        "My name is Tom. I like football. I have a dog.",
        "Last summer I went to London with my family and we visited many museums, which was great.",
        "Although globalisation has undeniably fostered economic growth, its distributional "
        "consequences have provoked a considerable backlash that policymakers can no longer ignore.",
        "Hello",
    ],
}
#: Largest |compiled − full| probability difference :func:`verify_compiled` accepts.
TOLERANCE = 1e-9


def verify_compiled(path: Any, texts: Sequence[str]) -> float:
    """Largest |compiled − full| probability difference on ``texts`` for the bundle at ``path``.

    Raises :class:`ModelError` when the compiled form is not picked up, or differs from the full
    pipeline in a probability (beyond :data:`TOLERANCE`), the predicted level or the reasons.
    """
    from interlang.features import extract
    from interlang.models.predict import LevelPredictor
    from interlang.text import parse

    fast = LevelPredictor.load(path)
    full = LevelPredictor.load(path, compiled=False)
    if fast.compiled is None:
        raise ModelError(f"{path}: the compiled model was not picked up")
    worst = 0.0
    for text in texts:
        values = dict(extract(parse(text, full.language or "")).values)
        a = fast.predict_features(values, text)
        b = full.predict_features(values, text)
        pa = np.array([a.probabilities[k] for k in full.labels])
        pb = np.array([b.probabilities[k] for k in full.labels])
        worst = max(worst, float(np.abs(pa - pb).max()))
        if a.level != b.level or worst > TOLERANCE:
            raise ModelError(f"{path}: compiled model differs ({a.level} vs {b.level}, {worst:.3g})")
        if a.reasons != b.reasons:
            raise ModelError(f"{path}: compiled explanation differs: {a.reasons} vs {b.reasons}")
    return worst


def add_compiled(path: Any, *, texts: Sequence[str] | None = None, write: bool = True) -> tuple[int, float]:
    """Compile the level bundle at ``path`` in place and check it: ``(n arrays, max |Δp|)``.

    Loads the bundle with its full estimator, extracts the compiled form
    (:func:`compile_level_model`; :class:`ModelError` for an unsupported kind) and re-saves the
    bundle with ``arrays/compiled.npz`` + ``json/compiled.json``. Every other file and all
    metadata are kept; the stored estimator file is written back byte for byte and its SHA-256
    is recorded, so a later change of the estimator disables the stale compiled form. Then
    :func:`verify_compiled` on ``texts`` (default: the language's sample text and
    :data:`CHECK_TEXTS`). ``write=False`` only checks the compiled form already stored.
    """
    import hashlib
    from pathlib import Path

    from interlang.models.bundle import Bundle

    path = Path(path)
    full = Bundle.load(path)
    arrays, meta = compile_level_model(full)
    lazy = Bundle.load(path, load_estimator=False)
    stored = lazy.estimator_bytes
    if stored is None:
        raise ModelError(f"{path}: the bundle has no stored estimator")
    meta["estimator_sha256"] = hashlib.sha256(stored).hexdigest()
    if texts is None:
        from interlang.analysis import sample_text

        lang = full.language or ""
        texts = [sample_text(lang), *CHECK_TEXTS.get(lang, [])]
    if write:
        lazy.save_arrays(PAYLOAD, arrays)
        lazy.save_json(PAYLOAD, meta)
        lazy.save(path, overwrite=True)
        again = Bundle.load(path)  # the full loading path still works
        if again.metadata() != full.metadata():
            raise ModelError(f"{path}: metadata changed while adding the compiled form")
    return len(arrays), verify_compiled(path, texts)
