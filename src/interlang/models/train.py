"""Train a CEFR level model from a corpus: read → featurise (cached) → split → fit → calibrate → test.

:func:`train_level` is what ``interlang train level`` and ``scripts/train_level_models.py`` run.
Every family goes through the same steps, so their numbers are comparable:

1. **Read** the corpus (:func:`interlang.corpora.read_corpus`) and map labels with a documented
   policy (:data:`LABEL_POLICIES`: e.g. MERLIN-de's three C2 texts are merged into C1, "C1+").
2. **Featurise** with :func:`interlang.batch.extract_features` — once per corpus: the table is
   cached as parquet under ``$INTERLANG_HOME/cache/features``, keyed by corpus, content hash
   (:func:`~interlang.models.bundle.data_hash`), interlang version and the registered feature
   names, so a changed corpus or feature set is re-extracted, never silently reused.
3. **Split** (:func:`split_indices`): the corpus's own train/dev files when it has them (CEFR-SP:
   train → fit + calibration hold-out, dev → test); writer-grouped when writers repeat; prompt-
   grouped for parallel corpora (OneStopEnglish: one article in three versions); otherwise
   stratified 70/15/15 (MERLIN-de, whose writer ids are unique per text).
4. **Fit** the family on train; feature models may add TF-IDF→PCA components of the raw texts
   (:class:`~interlang.features.tfidf.TfidfPCA`, fitted on train only, stored in the bundle).
5. **Calibrate** on dev with :func:`~interlang.models.calibration.select_calibrator` (lowest
   cross-fitted ECE; before/after table kept in the bundle).
6. **Evaluate** on test with :func:`interlang.evaluation.evaluate`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS, LabelSet
from interlang.settings import DEFAULT_SEED

__all__ = [
    "FAMILIES",
    "LABEL_POLICIES",
    "LevelDataset",
    "TrainResult",
    "cached_features",
    "fit_family",
    "load_level_data",
    "split_indices",
    "train_level",
]

log = logging.getLogger(__name__)

FAMILIES = ("rules", "rf", "gb", "svm", "xgb", "lgbm", "logreg", "ordinal")
#: Columns of the feature table that are not features.
META_COLUMNS = ("id", "language", "cefr", "l1", "split")
#: OneStopEnglish's three versions as an ordinal label set.
ONESTOP_LEVELS = ("elementary", "intermediate", "advanced")

#: Per-corpus label policy: ``map`` relabels levels too rare to learn (documented in the bundle).
LABEL_POLICIES: dict[str, dict[str, Any]] = {
    "merlin-de": {
        "map": {"C2": "C1"},
        "note": "MERLIN-de has 3 C2-rated texts (of 827): too few to learn or test a class, so they "
        "are merged into C1, which therefore means 'C1 or above' (C1+). Gold C2 texts are scored as "
        "C1 by `interlang evaluate` with this bundle.",
    },
    "icle500": {
        "map": {"A2": "B1"},
        "note": "ICLE500 has a single A2 essay: merged into B1 (B1 means 'B1 or below'); 6 essays "
        "without a usable rating are dropped.",
    },
    "onestopenglish": {
        "labels": ONESTOP_LEVELS,
        "note": "OneStopEnglish: the three versions of each article as a 3-level ordinal scale "
        "(elementary < intermediate < advanced); grouped by article so no article is in two parts.",
    },
}


# ------------------------------------------------------------------------------------ caching
def cache_dir() -> Path:
    from interlang.settings import home_dir

    return home_dir() / "cache" / "features"


def _feature_signature() -> str:
    """Hash of the registered feature names: a new or renamed feature invalidates the cache."""
    from interlang.features import list_features

    names = sorted(f.name for f in list_features())  # loads the built-in groups first
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:10]


def cached_features(
    records: Sequence[Any],
    corpus: str,
    *,
    n_jobs: int = 2,
    cache: bool | Path = True,
    progress: bool = False,
) -> tuple[pd.DataFrame, list[Any]]:
    """Feature table of ``records`` (one row per analysable record, ``id`` column) and skipped rows.

    Extracted with :func:`interlang.batch.extract_features`; with ``cache`` (True or a folder) the
    table is read from / written to a parquet file keyed by corpus + data hash + interlang version
    + feature signature.
    """
    from interlang import __version__
    from interlang.models.bundle import data_hash

    path: Path | None = None
    if cache:
        folder = cache_dir() if cache is True else Path(cache)
        digest = data_hash(records).split(":")[1][:16]
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in corpus)
        path = folder / f"{safe}-{digest}-{__version__}-{_feature_signature()}.parquet"
        if path.is_file():
            frame = pd.read_parquet(path)
            return frame, []
    from interlang.batch import extract_features

    result = extract_features(records, n_jobs=n_jobs, progress=progress)
    frame = result.frame
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        frame.to_parquet(tmp, index=False)
        tmp.replace(path)
    return frame, list(result.skipped)


# ----------------------------------------------------------------------------------- dataset
@dataclass
class LevelDataset:
    """Aligned features, texts, labels and grouping of one corpus, after the label policy."""

    corpus: str
    language: str
    X: pd.DataFrame
    texts: list[str]
    y: np.ndarray
    labels: LabelSet
    writers: np.ndarray
    prompts: np.ndarray
    splits: np.ndarray
    records: list[Any]
    policy: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    relabelled: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.y)


def _label_of(record: Any, corpus: str) -> str | None:
    if corpus == "onestopenglish":
        level = record.metadata.get("level")
        return str(level) if level in ONESTOP_LEVELS else None
    return record.cefr


def label_set_for(values: Sequence[str], corpus: str) -> LabelSet:
    """Contiguous CEFR range of the levels present (or the corpus's own ordinal scale)."""
    policy = LABEL_POLICIES.get(corpus, {})
    if "labels" in policy:
        return LabelSet(tuple(policy["labels"]), ordinal=True, name=corpus)
    present = [CEFR_LEVELS.index(v) for v in set(values) if v in CEFR_LEVELS]
    if not present:
        raise InputError(f"{corpus}: no CEFR-labelled records")
    return LabelSet.cefr(CEFR_LEVELS[min(present) : max(present) + 1])


def level_labels(
    records: Sequence[Any], corpus: str, label_map: Mapping[str, str] | None = None
) -> tuple[list[Any], list[str], dict[str, Any]]:
    """Records with a usable level, their gold level after the corpus's label policy (or
    ``label_map``), and the policy as stored in bundles: ``{"map", "note", "relabelled"}``.

    One place for every model family, so feature, transformer and LLM models read a corpus's
    levels alike (e.g. MERLIN-de's three C2 texts become C1). Raises :class:`InputError` when no
    record has a level.
    """
    policy = dict(LABEL_POLICIES.get(corpus, {}))
    mapping = dict(policy.get("map", {}) if label_map is None else label_map)
    kept: list[Any] = []
    gold: list[str] = []
    relabelled: Counter[str] = Counter()
    for r in records:
        label = _label_of(r, corpus)
        if label is None:
            continue
        if label in mapping:
            relabelled[f"{label}->{mapping[label]}"] += 1
            label = mapping[label]
        kept.append(r)
        gold.append(label)
    if not kept:
        raise InputError(f"{corpus}: no CEFR-labelled records to train on", source=corpus)
    return kept, gold, {"map": mapping, "note": policy.get("note", ""), "relabelled": dict(relabelled)}


def load_level_data(
    corpus: str,
    data_dir: str | Path | None = None,
    *,
    n_jobs: int = 2,
    cache: bool | Path = True,
    label_map: Mapping[str, str] | None = None,
    progress: bool = False,
) -> LevelDataset:
    """Read ``corpus``, apply its label policy (or ``label_map``), featurise with the cache."""
    from interlang.corpora import read_corpus

    records, report = read_corpus(corpus, data_dir=data_dir)
    name = report.corpus
    recs, gold, stored_policy = level_labels(records, name, label_map)
    policy = dict(LABEL_POLICIES.get(name, {}))
    policy["map"] = stored_policy["map"]
    relabelled = Counter(stored_policy["relabelled"])
    frame, skipped = cached_features(recs, name, n_jobs=n_jobs, cache=cache, progress=progress)
    by_id = frame.set_index("id")
    keep = [i for i, r in enumerate(recs) if r.id in by_id.index]
    recs = [recs[i] for i in keep]
    labels_list = [gold[i] for i in keep]
    feature_cols = [c for c in frame.columns if c not in META_COLUMNS]
    X = by_id.loc[[r.id for r in recs], feature_cols].reset_index(drop=True).astype(np.float64)
    y = np.asarray(labels_list, dtype=object)
    languages = Counter(r.language for r in recs)
    return LevelDataset(
        corpus=name,
        language=languages.most_common(1)[0][0],
        X=X,
        texts=[r.text for r in recs],
        y=y,
        labels=label_set_for(labels_list, name),
        writers=np.asarray([r.writer_id or r.id for r in recs], dtype=object),
        prompts=np.asarray([r.prompt_id or "" for r in recs], dtype=object),
        splits=np.asarray([r.split or "" for r in recs], dtype=object),
        records=recs,
        policy=policy,
        skipped=[str(s) for s in [*report.skipped, *skipped]],
        relabelled=dict(relabelled),
    )


# ------------------------------------------------------------------------------------- split
SPLITS = ("auto", "stratified", "writer", "prompt", "corpus")


def split_indices(data: LevelDataset, split: str = "auto", seed: int = DEFAULT_SEED) -> tuple[Any, str]:
    """Train/dev/test row indices and the strategy used (see the module docstring for ``auto``)."""
    from interlang.evaluation.splits import SmallClassWarning, Split, train_dev_test_split

    if split not in SPLITS:
        raise InputError(f"split must be one of {SPLITS}, not {split!r}")
    names = set(data.splits.tolist())
    if split in ("auto", "corpus") and {"train", "dev"} <= names:
        train_pool = np.flatnonzero(data.splits == "train")
        if "test" in names:
            return Split(train_pool, np.flatnonzero(data.splits == "dev"), np.flatnonzero(data.splits == "test")), "corpus"
        # Official train/dev only: hold 15% of train out for calibration, test on dev.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallClassWarning)
            inner = train_dev_test_split(list(data.y[train_pool]), sizes=(0.85, 0.15, 0.0), seed=seed)
        return Split(train_pool[inner.train], train_pool[inner.dev], np.flatnonzero(data.splits == "dev")), "corpus-train/dev"
    if split == "corpus":
        raise InputError(f"{data.corpus} has no train/dev split files")
    if split == "auto":
        if len(set(data.writers.tolist())) < len(data.writers):
            split = "writer"
        elif data.corpus == "onestopenglish":
            split = "prompt"
        else:
            split = "stratified"
    groups = None
    if split == "writer":
        groups = list(data.writers)
    elif split == "prompt":
        groups = list(data.prompts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallClassWarning)
        parts = train_dev_test_split(list(data.y), groups=groups, seed=seed)
    return parts, split


# --------------------------------------------------------------------------------------- fit
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


# ------------------------------------------------------------------------------------- train
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
    from interlang.models.predict import LevelPipeline

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
    spec_licence, non_commercial = _licence(data.corpus)
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
    if model == "rules":
        bundle.save_json("rules", base.to_dict())
        if calibrate:
            bundle.save_json("calibrator", _calibrator_json(estimator.calibrator))
    return TrainResult(
        bundle, report, cal_info, used, parts.sizes(), train_seconds, predict_seconds,
        before["ece"], cal_info["test_after"]["ece"], dev_scores,
    )


def _calibrator_json(cal: Any) -> dict[str, Any]:
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


def _licence(corpus: str) -> tuple[str | None, bool]:
    from interlang.corpora import READERS

    spec = READERS.get(corpus)
    if spec is None:
        return None, False
    text = spec.licence
    # Whole words only: "nc" is also inside "licence".
    nc = re.search(r"\b(?:nc|non-commercial|noncommercial|research)\b", text.lower()) is not None
    return text, nc
