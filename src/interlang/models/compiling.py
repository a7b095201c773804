"""Compile a level bundle on disk and prove the compiled form equals the full estimator.

Tooling for ``scripts/compile_level_models.py`` and training: it loads both inference paths
(:mod:`interlang.models.predict` and :mod:`interlang.models.compiled`), so it lives apart from
either and neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from interlang.errors import ModelError
from interlang.models.compiled import COMPILED_FORMAT, PAYLOAD
from interlang.models.level_pipeline import LevelPipeline
from interlang.text.samples import sample_text

__all__ = ["CHECK_TEXTS", "TOLERANCE", "add_compiled", "compile_level_model", "verify_compiled"]

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
    if hasattr(obj, "pipeline") and hasattr(obj, "calibrator") and hasattr(obj, "bundle"):  # a LevelPredictor
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
