"""One evaluation report for every task: metrics, intervals, breakdowns, JSON and Markdown.

``evaluate(y_true, y_pred, proba, labels=...)`` computes everything the papers we compare with
report (accuracy, macro/weighted F1, per-class scores, adjacent accuracy and QWK on CEFR, ECE,
MCE and Brier, top-k for NLI, accuracy per proficiency level with a chi-square test) so that all
model families are judged by the same code. ``.to_json()`` never contains NaN: undefined values
are ``None``.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interlang.errors import InputError
from interlang.evaluation import metrics as M
from interlang.evaluation.calibration import ReliabilityDiagram, _bin_stats
from interlang.evaluation.metrics import ClassScores
from interlang.evaluation.stats import (
    ChiSquareResult,
    ConfidenceInterval,
    bootstrap_cis,
    chi_square_test,
)
from interlang.labels import CEFR_LEVELS, LabelSet
from interlang.settings import DEFAULT_SEED

__all__ = ["EvaluationReport", "GroupScores", "evaluate", "exclude_unknown"]

#: Key used in ``excluded`` counts for a missing gold label.
MISSING_LABEL = "<missing>"
TOP_K = (1, 3, 5)


def exclude_unknown(
    y_true: Sequence[str | None], labels: LabelSet
) -> tuple[NDArray[np.int64], dict[str, int]]:
    """Indices of rows whose gold label is in ``labels``, and per-label counts of the others.

    A model trained on A1–C1 cannot be scored on C2 texts; drop them with this helper and pass
    the counts to :func:`evaluate` as ``excluded`` so the report says what was left out.
    """
    keep = [i for i, y in enumerate(y_true) if y in labels]
    dropped = Counter(MISSING_LABEL if y is None else str(y) for y in y_true if y not in labels)
    return np.asarray(keep, dtype=np.int64), dict(sorted(dropped.items()))


@dataclass(frozen=True)
class GroupScores:
    """Scores of the rows sharing one value of a grouping variable (an L1, a level, a prompt)."""

    n: int
    accuracy: float
    macro_f1: float
    adjacent_accuracy: float | None = None


@dataclass
class EvaluationReport:
    """Everything :func:`evaluate` measured; probability metrics are None without ``proba``."""

    labels: LabelSet
    n: int
    accuracy: float
    macro_f1: float
    weighted_f1: float
    kappa: float
    adjacent_accuracy: float | None
    qwk: float | None
    linear_kappa: float | None
    per_class: list[ClassScores]
    confusion: NDArray[np.int64]
    ece: float | None = None
    mce: float | None = None
    brier: float | None = None
    nll: float | None = None
    top_k: dict[int, float] = field(default_factory=dict)
    reliability: ReliabilityDiagram | None = None
    n_bins: int = M.DEFAULT_N_BINS
    intervals: dict[str, ConfidenceInterval] = field(default_factory=dict)
    groups: dict[str, dict[str, GroupScores]] = field(default_factory=dict)
    group_tests: dict[str, ChiSquareResult | None] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    #: Correlations of the expected level (probability-weighted label index) with the gold index
    #: (ordinal labels with probabilities only): the scale-free figures of difficulty studies.
    pearson: float | None = None
    spearman: float | None = None

    @property
    def n_excluded(self) -> int:
        return sum(self.excluded.values())

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (plain Python types, ``None`` for undefined values, no NaN)."""
        out: dict[str, Any] = {
            "n": self.n,
            "labels": self.labels.to_dict(),
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "weighted_f1": self.weighted_f1,
            "kappa": self.kappa,
            "adjacent_accuracy": self.adjacent_accuracy,
            "qwk": self.qwk,
            "linear_kappa": self.linear_kappa,
            "pearson": self.pearson,
            "spearman": self.spearman,
            "ece": self.ece,
            "mce": self.mce,
            "brier": self.brier,
            "nll": self.nll,
            "n_bins": self.n_bins,
        }
        for k, value in self.top_k.items():
            out[f"top{k}"] = value
        out["per_class"] = [vars(c) for c in self.per_class]
        out["confusion_matrix"] = {"labels": list(self.labels.labels), "matrix": self.confusion.tolist()}
        out["reliability"] = None if self.reliability is None else self.reliability.to_dict()
        out["intervals"] = {name: ci.to_dict() for name, ci in self.intervals.items()}
        out["groups"] = {
            name: {value: vars(scores) for value, scores in table.items()}
            for name, table in self.groups.items()
        }
        out["group_tests"] = {
            name: None if test is None else test.to_dict() for name, test in self.group_tests.items()
        }
        out["excluded"] = dict(self.excluded)
        out["n_excluded"] = self.n_excluded
        return _clean(out)

    def to_markdown(self) -> str:
        """Markdown tables: summary with CIs, per-class scores, confusion matrix, groups."""
        data = self.to_json()
        lines = [f"## Evaluation: {self.labels.name} (n = {self.n})", ""]
        if self.excluded:
            lines += [
                f"{self.n_excluded} record(s) excluded (gold label outside the model's label set): "
                + ", ".join(f"{k} {v}" for k, v in self.excluded.items()),
                "",
            ]
        ci_header = "95% CI" if not self.intervals else f"{round(100 * next(iter(self.intervals.values())).confidence)}% CI"
        lines += [f"| metric | value | {ci_header} |", "|---|---:|---:|"]
        names = ["accuracy", "macro_f1", "weighted_f1", "kappa"]
        if self.labels.ordinal:
            names += ["adjacent_accuracy", "qwk", "linear_kappa"]
        if self.reliability is not None:
            names += ["ece", "mce", "brier", "nll"] + [f"top{k}" for k in self.top_k]
        for name in names:
            ci = data["intervals"].get(name)
            ci_text = "–" if ci is None else f"{_fmt(ci['low'])}–{_fmt(ci['high'])}"
            lines.append(f"| {name} | {_fmt(data.get(name))} | {ci_text} |")

        lines += ["", "### Per class", "", "| label | precision | recall | F1 | support | predicted |"]
        lines.append("|---|---:|---:|---:|---:|---:|")
        for c in self.per_class:
            lines.append(
                f"| {c.label} | {_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} | {c.support} | {c.predicted} |"
            )

        lines += ["", "### Confusion matrix (rows: gold, columns: predicted)", ""]
        lines.append("| gold \\ pred | " + " | ".join(self.labels.labels) + " |")
        lines.append("|---|" + "---:|" * len(self.labels))
        for label, row in zip(self.labels.labels, self.confusion, strict=True):
            lines.append(f"| {label} | " + " | ".join(str(int(x)) for x in row) + " |")

        for name, table in self.groups.items():
            lines += ["", f"### By {name}", ""]
            header = "| group | n | accuracy | macro-F1 |"
            rule = "|---|---:|---:|---:|"
            if self.labels.ordinal:
                header += " adjacent |"
                rule += "---:|"
            lines += [header, rule]
            for value, s in table.items():
                row = f"| {value} | {s.n} | {_fmt(s.accuracy)} | {_fmt(s.macro_f1)} |"
                if self.labels.ordinal:
                    row += f" {_fmt(s.adjacent_accuracy)} |"
                lines.append(row)
            test = self.group_tests.get(name)
            if test is not None:
                lines += [
                    "",
                    f"Correctness × {name}: χ²({test.dof}) = {test.statistic:.2f}, "
                    f"p = {test.p_value:.3g}, Cramér's V = {test.cramers_v:.3f}"
                    + (" (some expected counts < 5)" if test.low_expected else ""),
                ]
        return "\n".join(lines) + "\n"


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _clean(value: Any) -> Any:
    """Recursively turn numpy scalars into Python ones and NaN/inf into None."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else float(value)
    return value


def _none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else value


def _expected_level_correlations(t: NDArray[Any], proba: NDArray[Any]) -> tuple[float | None, float | None]:
    from scipy.stats import pearsonr, spearmanr

    expected = proba @ np.arange(proba.shape[1], dtype=np.float64)
    if t.size < 3 or np.ptp(t) == 0 or np.ptp(expected) == 0:
        return None, None
    return float(pearsonr(expected, t)[0]), float(spearmanr(expected, t)[0])


def evaluate(
    y_true: Sequence[str] | ArrayLike,
    y_pred: Sequence[str] | ArrayLike,
    proba: ArrayLike | None = None,
    *,
    labels: LabelSet,
    groups: Mapping[str, Sequence[Hashable]] | None = None,
    excluded: Mapping[str, int] | None = None,
    n_bootstrap: int = 1000,
    confidence: float = 0.95,
    n_bins: int = M.DEFAULT_N_BINS,
    top_k: Sequence[int] = TOP_K,
    seed: int = DEFAULT_SEED,
) -> EvaluationReport:
    """Score predictions against gold labels and return an :class:`EvaluationReport`.

    ``proba`` columns follow ``labels`` order. ``groups`` maps a name (``"l1"``, ``"cefr"``,
    ``"prompt"``) to per-row values; each gets a breakdown and a chi-square test of correctness ×
    group. ``excluded`` carries per-label counts of records left out beforehand (see
    :func:`exclude_unknown`). ``n_bootstrap=0`` skips the confidence intervals.
    """
    t = M.encode(y_true, labels, what="y_true")
    p = M.encode(y_pred, labels, what="y_pred")
    if t.size != p.size:
        raise InputError(f"y_true has {t.size} samples but y_pred has {p.size}")
    k = len(labels)
    ordinal = labels.ordinal
    pr = None if proba is None else M.check_proba(proba, labels, t.size)

    confusion = M._confusion_codes(t, p, k)
    summary = M._label_metrics(confusion, ordinal)
    report = EvaluationReport(
        labels=labels,
        n=int(t.size),
        accuracy=summary["accuracy"],
        macro_f1=summary["macro_f1"],
        weighted_f1=summary["weighted_f1"],
        kappa=summary["kappa"],
        adjacent_accuracy=summary.get("adjacent_accuracy"),
        qwk=_none_if_nan(summary["qwk"]) if ordinal else None,
        linear_kappa=_none_if_nan(summary["linear_kappa"]) if ordinal else None,
        per_class=M.per_class_scores(y_true, y_pred, labels),
        confusion=confusion,
        n_bins=n_bins,
        excluded=dict(excluded or {}),
    )
    if pr is not None:
        diagram = ReliabilityDiagram(*_bin_stats(t, pr, n_bins))
        report.reliability = diagram
        report.ece, report.mce = diagram.ece, diagram.mce
        report.brier = M._brier_codes(t, pr)
        report.nll = M._nll_codes(t, pr)
        report.top_k = {kk: M._top_k_codes(t, pr, kk) for kk in top_k}
        if ordinal:
            report.pearson, report.spearman = _expected_level_correlations(t, pr)

    if n_bootstrap > 0:
        per_sample: list[NDArray[Any] | None] = [None] * 4
        if pr is not None:
            top = pr.max(axis=1)
            onehot = np.zeros_like(pr)
            onehot[np.arange(t.size), t] = 1.0
            per_sample = [
                np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], top, side="left"),
                top,
                (pr.argmax(axis=1) == t).astype(np.float64),
                np.sum((pr - onehot) ** 2, axis=1),
            ]
        report.intervals = bootstrap_cis(
            partial(_resampled_metrics, k=k, ordinal=ordinal, n_bins=n_bins),
            t,
            p,
            *per_sample,
            n_resamples=n_bootstrap,
            confidence=confidence,
            seed=seed,
        )

    for name, values in (groups or {}).items():
        if len(values) != t.size:
            raise InputError(f"group {name!r} has {len(values)} values but there are {t.size} rows")
        keys = np.asarray(["<missing>" if v is None else str(v) for v in values], dtype=object)
        table: dict[str, GroupScores] = {}
        for value in _group_order(keys):
            rows = np.flatnonzero(keys == value)
            gt, gp = t[rows], p[rows]
            table[value] = GroupScores(
                n=int(rows.size),
                accuracy=M.accuracy_from_codes(gt, gp),
                macro_f1=M.macro_f1_from_codes(gt, gp, k),
                adjacent_accuracy=M._adjacent_codes(gt, gp) if ordinal else None,
            )
        report.groups[name] = table
        correct = np.where(t == p, "correct", "wrong")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                report.group_tests[name] = chi_square_test(list(keys), list(correct))
        except InputError:
            report.group_tests[name] = None  # one group, or every prediction right (or wrong)
    return report


def _resampled_metrics(
    t: NDArray[np.int64],
    p: NDArray[np.int64],
    bins: NDArray[np.int64] | None,
    confidence: NDArray[np.float64] | None,
    correct: NDArray[np.float64] | None,
    brier: NDArray[np.float64] | None,
    *,
    k: int,
    ordinal: bool,
    n_bins: int,
) -> dict[str, float]:
    """The metrics that get a bootstrap interval, from one (re)sample.

    Probability metrics come from per-sample values computed once (bin, confidence,
    correctness, Brier term), so a resample never copies the whole probability matrix.
    """
    out = M._label_metrics(M._confusion_codes(t, p, k), ordinal)
    del out["kappa"]
    if ordinal:
        del out["linear_kappa"]
    if bins is not None and confidence is not None and correct is not None and brier is not None:
        count = np.bincount(bins, minlength=n_bins)
        gap = np.abs(
            np.bincount(bins, weights=correct, minlength=n_bins)
            - np.bincount(bins, weights=confidence, minlength=n_bins)
        )
        out["ece"] = float(gap.sum() / count.sum())
        out["brier"] = float(brier.mean())
    return out


def _group_order(keys: NDArray[np.object_]) -> list[str]:
    """Group values in CEFR order when they are levels, else alphabetically."""
    values = set(keys.tolist())
    if values <= set(CEFR_LEVELS) | {"<missing>"}:
        return [v for v in (*CEFR_LEVELS, "<missing>") if v in values]
    return sorted(values)
