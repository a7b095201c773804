"""Train a CEFR level model from a corpus: read → featurise (cached) → split → fit → calibrate → test.

:func:`train_level` is what ``interlang train level`` and ``scripts/train_level_models.py`` run.
Every family goes through the same steps, so their numbers are comparable:

1. **Read** the corpus and map labels with a documented policy
   (:data:`interlang.tasks.policies.LABEL_POLICIES`: e.g. MERLIN-de's three C2 texts are merged
   into C1, "C1+").
2. **Featurise** once per corpus (:func:`interlang.tasks.level_data.cached_features`: parquet
   cache keyed by corpus, content hash, interlang version and the registered feature names).
3. **Split** (:func:`~interlang.tasks.level_data.split_indices`): the corpus's own train/dev
   files when it has them; writer-grouped when writers repeat; prompt-grouped for parallel
   corpora; otherwise stratified 70/15/15.
4. **Fit** the family on train; feature models may add TF-IDF→PCA components of the raw texts.
5. **Calibrate** on dev with :func:`~interlang.models.calibration.select_calibrator`.
6. **Evaluate** on test with :func:`interlang.evaluation.evaluate`.

The bundle records hashes of its training texts (:mod:`interlang.tasks.overlap`) so that
``interlang evaluate`` can tell how many evaluated texts it saw in training.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.settings import DEFAULT_SEED
from interlang.tasks.level_data import LevelDataset, load_level_data, split_indices
from interlang.tasks.policies import licence_of

__all__ = ["FAMILIES", "TrainResult", "calibrator_json", "fit_family", "train_level"]

FAMILIES = ("rules", "rf", "gb", "svm", "xgb", "lgbm", "logreg", "ordinal")


def _ordinal_estimator(labels: LabelSet, seed: int, n_jobs: int, param_grid: Any = None) -> Any:
    """Proportional-odds model on imputed, z-scored features; C tuned by 3-fold CV (macro F1).

    ``param_grid`` (keys of :class:`~interlang.models.ordinal.OrdinalLogistic`, e.g. ``C``,
    ``class_weight``) replaces the default ``C`` grid.
    """
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from interlang.models.classical import MedianImputer
    from interlang.models.ordinal import OrdinalLogistic

    pipe = Pipeline([
        ("impute", MedianImputer()),
        ("scale", StandardScaler()),
        ("clf", OrdinalLogistic(labels=labels, decode="argmax")),
    ])
    cv = StratifiedKFold(3, shuffle=True, random_state=seed)
    grid = {"C": [0.01, 0.1, 1.0]} if param_grid is None else dict(param_grid)
    return GridSearchCV(pipe, {f"clf__{k}": v for k, v in grid.items()}, scoring="f1_macro", cv=cv, n_jobs=n_jobs)


def fit_family(
    family: str,
    X_train: pd.DataFrame,
    y_train: np.ndarray,
    labels: LabelSet,
    *,
    X_dev: pd.DataFrame | None = None,
    y_dev: np.ndarray | None = None,
    seed: int = DEFAULT_SEED,
    n_jobs: int = 1,
    param_grid: Any = None,
) -> Any:
    """A fitted estimator of ``family`` whose ``predict_proba`` columns follow ``labels``."""
    if family == "rules":
        from interlang.models.rules import RuleBasedClassifier

        model = RuleBasedClassifier(labels=labels, random_state=seed)
        if X_dev is not None and y_dev is not None:
            return model.fit(X_train, y_train, X_dev, y_dev)
        return model.fit(X_train, y_train)
    if family == "ordinal":
        from interlang.models.ordinal import OrdinalLogistic

        search = _ordinal_estimator(labels, seed, n_jobs, param_grid)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            search.fit(X_train, y_train)
        best = search.best_estimator_
        assert isinstance(best[-1], OrdinalLogistic)
        return best
    from interlang.models.classical import MODELS, FeatureClassifier

    if family not in MODELS:
        raise InputError(f"unknown model family {family!r}; choose from {list(FAMILIES)}")
    clf = FeatureClassifier(model=family, labels=labels, random_state=seed, n_jobs=n_jobs, param_grid=param_grid)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return clf.fit(X_train, y_train)


@dataclass
class TrainResult:
    """A trained bundle with the numbers the benchmark prints."""

    bundle: Any
    report: Any
    calibration: dict[str, Any]
    split: str
    sizes: tuple[int, int, int]
    train_seconds: float
    predict_seconds_per_text: float
    ece_before: float | None
    ece_after: float | None
    dev_scores: dict[str, float] = field(default_factory=dict)


def train_level(
    corpus: str,
    model: str = "rf",
    data_dir: str | Path | None = None,
    *,
    split: str = "auto",
    calibrate: bool = True,
    tfidf: bool | None = None,
    tfidf_components: int = 20,
    seed: int = DEFAULT_SEED,
    n_jobs: int = 2,
    cache: bool | Path = True,
    name: str | None = None,
    data: LevelDataset | None = None,
    param_grid: Any = None,
    n_bootstrap: int = 200,
) -> TrainResult:
    """Train, calibrate and test one level model on ``corpus``; see the module docstring.

    ``tfidf`` (default: on for feature families, off for rules) appends ``tfidf_components``
    TF-IDF→PCA components of the raw texts. Pass ``data`` to reuse a loaded corpus.
    """
    from interlang.evaluation import evaluate
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash
    from interlang.models.calibration import CalibratedModel, calibration_table, select_calibrator
    from interlang.models.level_pipeline import LevelPipeline

    if model not in FAMILIES:
        raise InputError(f"unknown model family {model!r}; choose from {list(FAMILIES)}")
    data = data if data is not None else load_level_data(corpus, data_dir, n_jobs=n_jobs, cache=cache)
    labels = data.labels
    parts, used = split_indices(data, split, seed)
    use_tfidf = (model != "rules") if tfidf is None else bool(tfidf)

    start = time.perf_counter()
    tfidf_model = None
    frame = data.X.copy()
    if use_tfidf:
        from interlang.features.tfidf import TfidfPCA

        tfidf_model = TfidfPCA(n_components=tfidf_components, random_state=seed).fit([data.texts[i] for i in parts.train])
        pcs = tfidf_model.transform(data.texts)
        for j, col in enumerate(tfidf_model.get_feature_names_out()):
            frame[col] = pcs[:, j]
    X_tr, X_dev, X_te = (frame.iloc[idx].reset_index(drop=True) for idx in parts)
    y_tr, y_dev, y_te = (data.y[idx] for idx in parts)
    base = fit_family(model, X_tr, y_tr, labels, X_dev=X_dev, y_dev=y_dev, seed=seed, n_jobs=n_jobs, param_grid=param_grid)
    pipeline = LevelPipeline(
        model=base, features=list(data.X.columns), labels=list(labels.labels), tfidf=tfidf_model,
        language=data.language,
    )
    proba_dev = pipeline.predict_proba_parts(X_dev)
    cal_info: dict[str, Any] = {}
    estimator: Any = pipeline
    if calibrate:
        selection = select_calibrator(proba_dev, y_dev, labels, random_state=seed)
        estimator = CalibratedModel(pipeline, selection.calibrator)
        cal_info = selection.to_dict()
    train_seconds = time.perf_counter() - start
    from interlang.evaluation import metrics as M

    cal_dev = estimator.calibrator.predict_proba(proba_dev) if calibrate else proba_dev
    pred_dev = np.asarray(labels.labels, dtype=object)[cal_dev.argmax(axis=1)]
    dev_scores = {
        "macro_f1": M.macro_f1(list(y_dev), list(pred_dev), labels),
        "weighted_f1": M.weighted_f1(list(y_dev), list(pred_dev), labels),
    }

    t0 = time.perf_counter()
    raw_test = pipeline.predict_proba_parts(X_te)
    proba = estimator.calibrator.predict_proba(raw_test) if calibrate else raw_test
    predict_seconds = (time.perf_counter() - t0) / max(1, len(y_te))
    pred = np.asarray(labels.labels, dtype=object)[proba.argmax(axis=1)]
    report = evaluate(list(y_te), list(pred), proba, labels=labels, n_bootstrap=n_bootstrap, seed=seed)
    before = calibration_table(list(y_te), raw_test, labels)
    cal_info["test_before"] = before
    cal_info["test_after"] = calibration_table(list(y_te), proba, labels)

    policy = data.policy
    spec_licence, non_commercial = licence_of(data.corpus)
    metrics = report.to_json()
    for key in ("reliability", "confusion_matrix"):
        metrics.pop(key, None)
    bundle = Bundle(
        name=name or f"level-{data.corpus}-{model}",
        task="level",
        labels=labels,
        estimator=estimator if model != "rules" else None,
        features=list(data.X.columns),
        language=data.language,
        corpora=[CorpusInfo(data.corpus, data_hash(data.records), len(data.records), spec_licence, non_commercial)],
        licence=spec_licence,
        non_commercial=non_commercial,
        metrics={"test": metrics, "dev": dev_scores, "split": used, "sizes": list(parts.sizes())},
        calibration=cal_info,
        seed=seed,
        extra={
            "family": model,
            "tfidf_components": 0 if tfidf_model is None else int(tfidf_model.n_components_),
            "label_policy": {"map": policy.get("map", {}), "note": policy.get("note", ""), "relabelled": data.relabelled},
            "split": used,
            "train_seconds": round(train_seconds, 2),
        },
    )
    from interlang.tasks.overlap import record_training_texts

    # Fitted on train, calibrated on dev: both count as seen (test texts do not).
    record_training_texts(bundle, [data.texts[i] for i in (*parts.train, *parts.dev)])
    if model == "rules":
        bundle.save_json("rules", base.to_dict())
        if calibrate:
            bundle.save_json("calibrator", calibrator_json(estimator.calibrator))
    return TrainResult(
        bundle, report, cal_info, used, parts.sizes(), train_seconds, predict_seconds,
        before["ece"], cal_info["test_after"]["ece"], dev_scores,
    )


def calibrator_json(cal: Any) -> dict[str, Any]:
    """A fitted calibrator as plain JSON (the rules bundle keeps no pickled estimator)."""
    out: dict[str, Any] = {"method": cal.method}
    if cal.method == "temperature":
        out["temperature"] = float(cal.temperature_)
    elif cal.method == "platt":
        out["coef"] = cal.coef_.tolist()
        out["intercept"] = cal.intercept_.tolist()
    elif cal.method == "isotonic":
        out["x"] = [x.tolist() for x in cal.x_thresholds_]
        out["y"] = [y.tolist() for y in cal.y_thresholds_]
    return out
