"""``interlang train level|l1 --model llm``: a zero-shot LLM classifier as a bundle.

This module knows no corpus: the task floor passes ``load_data``
(:func:`interlang.tasks.text_data.task_data`) and :mod:`interlang.tasks.llm_training` is the
entry point.

Nothing is trained. The corpus is split as for every family (seeded, stratified, grouped by
writer when writers repeat: 70/15/15); the train part is unused, the dev part (capped by
``dev_limit``) fits the calibration (temperature, or temperature + per-label bias with
``calibrate=affine``), and the test part (capped by ``limit``) is scored with the shared
evaluation suite (top-1/3/5, macro-F1, ECE, ...). The bundle holds configuration only — prompt,
labels, backend kind, endpoint URL or GGUF path with its SHA-256, calibration — never weights.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.settings import DEFAULT_SEED

__all__ = ["MIN_TEXTS", "MIN_TEXTS_PER_L1", "DataLoader", "TaskData", "cap_indices", "evaluate_classifier", "make_classifier", "train_bundle"]

log = logging.getLogger(__name__)

#: Like the n-gram NLI trainer: L1s with fewer texts are dropped (and listed in the bundle);
#: ICLE500 has 16 essays per L1, so its default is 10.
MIN_TEXTS_PER_L1 = 20
MIN_TEXTS = {"icle500": 10}
#: Options this trainer reads (the CLI passes any ``--option key=value``).
_INT_OPTIONS = ("limit", "dev_limit", "n_ctx", "retries", "max_text_chars", "min_texts", "generation_tokens", "n_threads")
_FLOAT_OPTIONS = ("timeout",)
_BOOL_OPTIONS = ("batch", "echo")
_STR_OPTIONS = ("prompt", "length_norm", "calibrate", "model", "name", "endpoint", "gguf")
_IGNORED = ("base", "preset", "epochs", "max_length", "batch_size", "max_steps")


def _options(options: dict[str, Any]) -> dict[str, Any]:
    """Coerce CLI strings ("50", "true") to the types the trainer needs; refuse unknown keys."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        if value is None or key in _IGNORED:
            continue
        if key not in _INT_OPTIONS + _FLOAT_OPTIONS + _BOOL_OPTIONS + _STR_OPTIONS:
            known = ", ".join(sorted(_INT_OPTIONS + _FLOAT_OPTIONS + _BOOL_OPTIONS + _STR_OPTIONS))
            raise InputError(f"unknown option {key!r} for the llm family; known: {known}")
        try:
            if key in _INT_OPTIONS:
                out[key] = int(value)
            elif key in _FLOAT_OPTIONS:
                out[key] = float(value)
            elif key in _BOOL_OPTIONS:
                out[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
            else:
                out[key] = str(value)
        except (TypeError, ValueError):
            raise InputError(f"option {key}={value!r} has the wrong type") from None
    return out


def backend_config(*, endpoint: str | None, gguf: str | None, **options: Any) -> dict[str, Any]:
    """The bundle's backend section; exactly one of ``endpoint`` and ``gguf``."""
    if (endpoint is None) == (gguf is None):
        raise InputError("pass exactly one of --endpoint URL (OpenAI-compatible server) and --gguf PATH")
    if endpoint is not None:
        from interlang.models.llm.backends import normalise_url

        config: dict[str, Any] = {"kind": "openai", "endpoint": normalise_url(endpoint)}
        for key in ("model", "timeout", "retries", "batch", "echo"):
            if key in options:
                config[key] = options[key]
        return config
    from interlang.models.llm.backends import BUILTIN_GGUF, resolve_gguf

    assert gguf is not None
    path = resolve_gguf(gguf)
    config = {"kind": "gguf", "gguf": gguf if gguf in BUILTIN_GGUF else str(path.resolve()),
              "n_ctx": int(options.get("n_ctx", 2048))}
    if options.get("n_threads"):
        config["n_threads"] = int(options["n_threads"])
    return config


def make_classifier(task: str, labels: LabelSet, language: str | None, config: dict[str, Any],
                    **options: Any) -> Any:
    """An :class:`~interlang.models.llm.classifier.LLMClassifier` on the configured backend."""
    from interlang.models.llm.backends import make_backend
    from interlang.models.llm.classifier import LLMClassifier

    backend = make_backend(config)
    if config["kind"] == "gguf":
        config["gguf_sha256"] = backend.describe()["gguf_sha256"]
    keys = ("prompt", "length_norm", "calibrate", "max_text_chars", "generation_tokens")
    return LLMClassifier(backend, task=task, labels=labels, language=language,
                         **{k: options[k] for k in keys if k in options})


def evaluate_classifier(clf: Any, texts: Sequence[str], gold: Sequence[str], *, seed: int = DEFAULT_SEED,
                        n_bootstrap: int = 200) -> dict[str, Any]:
    """Score ``texts`` and judge them with :func:`interlang.evaluation.evaluate`.

    Rows whose generated answer was invalid have no prediction: they are left out of the shared
    report (``n`` says how many remain) and counted in ``invalid``; ``accuracy_with_invalid``
    counts them as wrong.
    """
    from interlang.evaluation import evaluate

    labels = clf.label_set
    before = clf.reset_stats()
    preds, proba = clf.predict_with_proba(texts)
    stats = clf.reset_stats()
    clf.stats = before
    valid = [i for i, p in enumerate(preds) if p is not None]
    out: dict[str, Any] = {"scoring": stats.to_dict()}
    if valid:
        report = evaluate([gold[i] for i in valid], [preds[i] for i in valid], proba[valid],
                          labels=labels, n_bootstrap=n_bootstrap, seed=seed)
        metrics = report.to_json()
        metrics.pop("reliability", None)
        out["test"] = metrics
    else:
        out["test"] = None
    correct = sum(1 for i in valid if preds[i] == gold[i])
    out["invalid"] = {"n": len(texts) - len(valid), "rate": (len(texts) - len(valid)) / max(1, len(texts))}
    out["accuracy_with_invalid"] = correct / max(1, len(texts))
    return out


def cap_indices(indices: np.ndarray, y: np.ndarray, limit: int | None, seed: int) -> np.ndarray:
    """``limit`` of ``indices`` (all when fewer), stratified by label, seeded."""
    if limit is None or limit >= len(indices):
        return indices
    if limit <= 0:
        return indices[:0]
    from interlang.evaluation.splits import train_dev_test_split

    frac = limit / len(indices)
    parts = train_dev_test_split([str(v) for v in y[indices]], sizes=(frac, 1 - frac, 0.0), seed=seed)
    chosen = indices[parts.train]
    rng = np.random.default_rng(seed)
    if len(chosen) > limit:  # per-class rounding (one text per class at least) can overshoot ...
        chosen = rng.permutation(chosen)[:limit]
    elif len(chosen) < limit:  # ... or undershoot with many small classes: top up at random
        rest = np.setdiff1d(indices, chosen)
        chosen = np.concatenate([chosen, rng.permutation(rest)[: limit - len(chosen)]])
    return np.sort(chosen)


@dataclass
class TaskData:
    """A corpus read for one task: kept records, gold labels, label set and the seeded split."""

    corpus: str
    records: list[Any]
    gold: np.ndarray
    labels: LabelSet
    language: str
    parts: Any
    grouped: bool
    info: dict[str, Any]
    #: The corpus's licence text (None when unknown).
    licence: str | None = None


#: Reads a corpus for a task: ``load_data(task, corpus, *, data_dir, seed, min_texts) -> TaskData``,
#: passed in by the task floor (:func:`interlang.tasks.text_data.task_data`).
DataLoader = Callable[..., TaskData]


def train_bundle(
    task: str,
    corpus: str,
    *,
    data_dir: str | None = None,
    seed: int = DEFAULT_SEED,
    out: Path | None = None,
    endpoint: str | None = None,
    gguf: str | None = None,
    limit: int | None = None,
    load_data: DataLoader | None = None,
    **options: Any,
) -> Any:
    """A zero-shot LLM bundle for ``task`` on ``corpus`` (see the module docstring).

    ``out`` is accepted for the family contract but unused: the bundle is small and the caller
    saves it.

    Options: ``prompt`` (template name), ``length_norm`` (sum|mean), ``calibrate``
    (temperature|affine|none), ``limit`` / ``dev_limit`` (cap on test / dev texts scored; dev
    defaults to ``limit``), ``n_ctx``, ``max_text_chars``, ``min_texts`` (L1; default 20, 10 for
    ICLE500), and for servers
    ``model``, ``timeout``, ``retries``, ``batch``, ``echo``.
    """
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash
    from interlang.models.provenance import licence_terms

    if task not in ("level", "l1"):
        raise InputError(f"task must be 'level' or 'l1', not {task!r}")
    opts = _options({**options, "limit": limit, "endpoint": endpoint, "gguf": gguf})
    endpoint, gguf = opts.pop("endpoint", None), opts.pop("gguf", None)
    config = backend_config(endpoint=endpoint, gguf=gguf, **opts)

    if load_data is None:
        raise InputError("the llm trainer needs load_data=; call interlang.tasks.llm_training.train_bundle")
    data = load_data(task, corpus, data_dir=data_dir, seed=seed, min_texts=opts.get("min_texts"))
    records, gold, labels, language, parts = data.records, data.gold, data.labels, data.language, data.parts
    corpus_name, label_info, groups = data.corpus, data.info, data.grouped
    test_idx = cap_indices(parts.test, gold, opts.get("limit"), seed)
    dev_idx = cap_indices(parts.dev, gold, opts.get("dev_limit", opts.get("limit")), seed)

    clf = make_classifier(task, labels, language, config, **opts)
    texts = [r.text for r in records]
    start = time.perf_counter()
    dev_texts, dev_gold = [texts[i] for i in dev_idx], [str(gold[i]) for i in dev_idx]
    clf.fit(dev_texts if len(dev_idx) else None, dev_gold if len(dev_idx) else None, labels=labels)
    dev_stats = clf.reset_stats().to_dict()
    fit_seconds = time.perf_counter() - start
    result = evaluate_classifier(clf, [texts[i] for i in test_idx], [str(gold[i]) for i in test_idx], seed=seed)

    params = clf.get_params()
    stored = {**config, **{k: v for k, v in params.items() if k != "backend"}}
    licence = data.licence
    non_commercial, data_use = licence_terms(licence)
    name = opts.get("name") or f"{task}-{corpus_name}-llm"
    bundle = Bundle(
        name=name,
        task=task,
        labels=labels,
        language=language,
        corpora=[CorpusInfo(corpus_name, data_hash(records), len(records), licence, non_commercial)],
        licence=licence,
        non_commercial=non_commercial,
        metrics={
            "test": result["test"], "invalid": result["invalid"],
            "accuracy_with_invalid": result["accuracy_with_invalid"], "scoring": result["scoring"],
            "dev_scoring": dev_stats, "split": "writer" if groups else "stratified",
            "sizes": [len(parts.train), len(dev_idx), len(test_idx)],
        },
        calibration=clf.calibration_,
        seed=seed,
        extra={
            "family": "llm",
            "llm": stored,
            "zero_shot": True,
            "fit_seconds": round(fit_seconds, 2),
            "data_use": data_use,
            **label_info,
        },
    )
    bundle.save_json("llm", stored)
    return bundle
