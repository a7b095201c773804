"""The one model-selection protocol: repeated, stratified, grouped cross-validation.

Learner corpora are small and skewed (MERLIN-de has 4 C2 essays); one split of 124 texts
overstated the German model by 0.09. So every benchmark and every choice of family,
hyperparameters, features or calibration goes through :func:`cross_validate`: ``n_repeats`` ×
``n_splits`` folds, stratified by label, with every group (writer, and prompt when given: the
connected components of the writer–prompt graph) inside one fold only, scored on the pooled
out-of-fold predictions of each repeat and reported as mean ± sd over the repeats. With a
``param_grid`` the hyperparameters are chosen inside each outer training part by an inner
grouped CV (nested), never on the fold that scores them.

Any estimator with ``fit(X, y)`` and ``predict_proba(X)`` (columns in ``classes_`` order) works:
this module imports no model family.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interlang.errors import InputError
from interlang.evaluation import metrics as M
from interlang.evaluation.splits import grouped_kfold
from interlang.labels import LabelSet
from interlang.settings import DEFAULT_SEED

__all__ = ["CVResult", "connected_groups", "cross_validate"]

FloatArray = NDArray[np.float64]
#: A factory returning a fresh, unfitted estimator for the given hyperparameters.
EstimatorFactory = Callable[..., Any]


def connected_groups(*keys: Sequence[Hashable | None]) -> list[str]:
    """One group id per row such that rows sharing ANY key (writer, prompt, …) share a group.

    The connected components of the row–key graph: with writers and prompts, no writer and no
    prompt ever spans two folds. ``None`` (unknown) keys connect nothing.
    """
    if not keys:
        raise InputError("connected_groups needs at least one key sequence")
    n = len(keys[0])
    if any(len(k) != n for k in keys):
        raise InputError("every key sequence must have one entry per row")
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for kind, values in enumerate(keys):
        first: dict[Hashable, int] = {}
        for row, value in enumerate(values):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            key = (kind, value)
            if key in first:
                a, b = find(row), find(first[key])
                if a != b:
                    parent[a] = b
            else:
                first[key] = row
    return [f"g{find(i)}" for i in range(n)]


def _take(X: Any, idx: NDArray[np.int64]) -> Any:
    """Rows ``idx`` of a list, array, sparse matrix or DataFrame."""
    if hasattr(X, "iloc"):
        return X.iloc[idx]
    if isinstance(X, list | tuple):
        return [X[i] for i in idx]
    return X[idx]


def _aligned_proba(estimator: Any, X: Any, labels: LabelSet) -> FloatArray:
    """``predict_proba`` with its columns put in ``labels`` order (absent classes get 0)."""
    proba = np.asarray(estimator.predict_proba(X), dtype=np.float64)
    classes = [str(c) for c in getattr(estimator, "classes_", labels.labels)]
    out = np.zeros((proba.shape[0], len(labels)), dtype=np.float64)
    for j, c in enumerate(classes):
        if c not in labels:
            raise InputError(f"the estimator predicts {c!r}, which is not among {list(labels.labels)}")
        out[:, labels.index(c)] = proba[:, j]
    return out


def _scores(y: Sequence[str], proba: FloatArray, labels: LabelSet) -> dict[str, float]:
    pred = [labels.labels[i] for i in proba.argmax(axis=1)]
    out = {
        "accuracy": M.accuracy(y, pred, labels),
        "macro_f1": M.macro_f1(y, pred, labels),
        "weighted_f1": M.weighted_f1(y, pred, labels),
        "ece": M.expected_calibration_error(y, proba, labels),
    }
    if labels.ordinal:
        out["qwk"] = M.quadratic_weighted_kappa(y, pred, labels)
        out["adjacent_accuracy"] = M.adjacent_accuracy(y, pred, labels)
    else:
        for k in (3, 5):
            if k < len(labels):
                out[f"top{k}"] = M.top_k_accuracy(y, proba, labels, k=k)
    return out


@dataclass
class CVResult:
    """Out-of-fold scores of one estimator under the protocol; mean ± sd over the repeats."""

    labels: LabelSet
    n: int
    n_splits: int
    n_repeats: int
    seed: int
    #: metric → one value per repeat (each on the pooled out-of-fold predictions of that repeat).
    per_repeat: dict[str, list[float]]
    #: label → metric (precision/recall/f1) → one value per repeat; plus the support.
    per_class: dict[str, dict[str, list[float]]]
    #: (n_repeats, n, K) out-of-fold probabilities, for stacking and calibration studies.
    oof_proba: FloatArray
    #: The hyperparameters chosen in each outer fold (nested CV), in repeat-major order.
    chosen_params: list[dict[str, Any]] = field(default_factory=list)

    def mean(self, metric: str) -> float:
        return float(np.mean(self.per_repeat[metric]))

    def sd(self, metric: str) -> float:
        values = self.per_repeat[metric]
        return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0

    def summary(self) -> dict[str, dict[str, float]]:
        return {m: {"mean": self.mean(m), "sd": self.sd(m)} for m in self.per_repeat}

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": f"{self.n_repeats}x{self.n_splits}-fold, stratified, grouped",
            "n": self.n,
            "seed": self.seed,
            "labels": list(self.labels.labels),
            "metrics": self.summary(),
            "per_repeat": self.per_repeat,
            "per_class": {
                label: {m: (float(np.mean(v)) if m != "support" else int(v[0])) for m, v in scores.items()}
                for label, scores in self.per_class.items()
            },
            "chosen_params": self.chosen_params,
        }

    def to_markdown(self) -> str:
        """The metric table (mean ± sd) and the per-class table, for a person to read."""
        lines = [
            f"{self.n_repeats} × {self.n_splits}-fold grouped CV, n = {self.n}",
            "",
            "| metric | mean ± sd |",
            "|---|---|",
        ]
        lines += [f"| {m} | {self.mean(m):.3f} ± {self.sd(m):.3f} |" for m in self.per_repeat]
        lines += ["", "| label | support | precision | recall | F1 |", "|---|---|---|---|---|"]
        for label, s in self.per_class.items():
            lines.append(
                f"| {label} | {int(s['support'][0])} | {np.mean(s['precision']):.3f} | "
                f"{np.mean(s['recall']):.3f} | {np.mean(s['f1']):.3f} |"
            )
        return "\n".join(lines)


def _grid(param_grid: Mapping[str, Sequence[Any]] | None) -> list[dict[str, Any]]:
    if not param_grid:
        return [{}]
    names = sorted(param_grid)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(param_grid[n] for n in names))]


def _select_params(
    factory: EstimatorFactory, X: Any, y: list[str], groups: list[str], labels: LabelSet,
    candidates: list[dict[str, Any]], inner_splits: int, metric: str, seed: int,
) -> dict[str, Any]:
    """The candidate with the best pooled inner out-of-fold ``metric`` (first wins ties)."""
    if len(candidates) == 1:
        return candidates[0]
    folds = grouped_kfold(groups, n_splits=inner_splits, labels=y, seed=seed)
    best, best_score = candidates[0], -math.inf
    for params in candidates:
        proba = np.zeros((len(y), len(labels)))
        for train, test in folds:
            est = factory(**params)
            est.fit(_take(X, train), [y[i] for i in train])
            proba[test] = _aligned_proba(est, _take(X, test), labels)
        score = _scores(y, proba, labels)[metric]
        if metric == "ece":
            score = -score
        if score > best_score:
            best, best_score = params, score
    return best


def cross_validate(
    factory: EstimatorFactory,
    X: Any,
    y: Sequence[str],
    *,
    labels: LabelSet,
    groups: Sequence[Hashable],
    n_splits: int = 5,
    n_repeats: int = 5,
    param_grid: Mapping[str, Sequence[Any]] | None = None,
    inner_splits: int = 3,
    select_on: str = "macro_f1",
    seed: int = DEFAULT_SEED,
    progress: bool = False,
) -> CVResult:
    """Score ``factory(**params)`` by ``n_repeats`` × ``n_splits``-fold grouped, stratified CV.

    ``groups`` gives each row's group (use :func:`connected_groups` to combine writer and
    prompt); every group lies in one test fold per repeat. Each repeat reshuffles the folds
    (seed + repeat). With ``param_grid``, each outer training part picks its parameters by an
    inner ``inner_splits``-fold grouped CV on ``select_on`` (nested CV).
    """
    y_list = [str(v) for v in y]
    group_list = [str(g) for g in groups]
    n = len(y_list)
    if len(group_list) != n:
        raise InputError(f"groups has {len(group_list)} entries but y has {n}")
    unknown = sorted(set(y_list) - set(labels.labels))
    if unknown:
        raise InputError(f"labels outside the label set: {unknown}")
    if n_repeats < 1:
        raise InputError(f"n_repeats must be at least 1, not {n_repeats}")
    candidates = _grid(param_grid)
    oof = np.zeros((n_repeats, n, len(labels)), dtype=np.float64)
    per_repeat: dict[str, list[float]] = {}
    per_class: dict[str, dict[str, list[float]]] = {
        label: {"precision": [], "recall": [], "f1": [], "support": []} for label in labels.labels
    }
    chosen: list[dict[str, Any]] = []
    steps = n_repeats * n_splits
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=steps, desc="cross-validation", unit="fold")
    for r in range(n_repeats):
        folds = grouped_kfold(group_list, n_splits=n_splits, labels=y_list, seed=seed + r)
        for train, test in folds:
            y_train = [y_list[i] for i in train]
            params = _select_params(
                factory, _take(X, train), y_train, [group_list[i] for i in train], labels,
                candidates, inner_splits, select_on, seed + r,
            )
            chosen.append(params)
            est = factory(**params)
            est.fit(_take(X, train), y_train)
            oof[r, test] = _aligned_proba(est, _take(X, test), labels)
            if bar is not None:
                bar.update(1)
        for metric, value in _scores(y_list, oof[r], labels).items():
            per_repeat.setdefault(metric, []).append(float(value))
        pred = [labels.labels[i] for i in oof[r].argmax(axis=1)]
        for row in M.per_class_scores(y_list, pred, labels):
            scores = per_class[row.label]
            scores["precision"].append(row.precision)
            scores["recall"].append(row.recall)
            scores["f1"].append(row.f1)
            scores["support"].append(float(row.support))
    if bar is not None:
        bar.close()
    return CVResult(
        labels=labels, n=n, n_splits=n_splits, n_repeats=n_repeats, seed=seed,
        per_repeat=per_repeat, per_class=per_class, oof_proba=oof,
        chosen_params=chosen if param_grid else [],
    )
