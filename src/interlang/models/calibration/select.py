"""Choosing a calibrator by cross-fitted ECE on the dev split, and the report's metric table.

Each candidate is fitted on ``cv − 1`` folds of the dev split and scored on the held-out fold,
so the choice is not made on the data it was fitted on; the winner is refitted on all of dev.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from interlang.errors import InputError
from interlang.evaluation.metrics import (
    DEFAULT_N_BINS,
    accuracy,
    brier_score,
    expected_calibration_error,
    maximum_calibration_error,
    negative_log_likelihood,
)
from interlang.labels import LabelSet
from interlang.models.calibration.calibrators import (
    Calibrator,
    as_matrix,
    classes_and_codes,
    make_calibrator,
)
from interlang.settings import DEFAULT_SEED

__all__ = ["CalibrationSelection", "calibration_table", "select_calibrator"]


def calibration_table(
    y_true: ArrayLike, proba: ArrayLike, labels: LabelSet, n_bins: int = DEFAULT_N_BINS
) -> dict[str, float]:
    """ECE, MCE, Brier, NLL and accuracy of one probability matrix (the report's metrics)."""
    matrix = np.asarray(proba, dtype=np.float64)
    pred = np.asarray(labels.labels, dtype=object)[matrix.argmax(axis=1)]
    return {
        "ece": expected_calibration_error(y_true, matrix, labels, n_bins),
        "mce": maximum_calibration_error(y_true, matrix, labels, n_bins),
        "brier": brier_score(y_true, matrix, labels),
        "nll": negative_log_likelihood(y_true, matrix, labels),
        "accuracy": accuracy(y_true, pred, labels),
    }


@dataclass
class CalibrationSelection:
    """The chosen, refitted calibrator and the cross-fitted scores of every candidate.

    ``table[method]`` holds ECE/MCE/Brier/NLL/accuracy of the out-of-fold calibrated dev
    probabilities (``"none"`` is the *before* row); ``chosen`` has the lowest ECE.
    """

    calibrator: Calibrator
    chosen: str
    table: dict[str, dict[str, float]]
    n_splits: int
    n_dev: int
    notes: list[str] = field(default_factory=list)

    @property
    def before(self) -> dict[str, float]:
        return self.table["none"]

    @property
    def after(self) -> dict[str, float]:
        return self.table[self.chosen]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record for ``Bundle(calibration=...)``."""
        return {
            **self.calibrator.describe(),
            "selected_by": "ece",
            "cross_fitted_folds": self.n_splits,
            "n_dev": self.n_dev,
            "table": {m: dict(row) for m, row in self.table.items()},
            "notes": list(self.notes),
        }

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame (one row per candidate)."""
        import pandas as pd

        return pd.DataFrame.from_dict(self.table, orient="index")


def select_calibrator(
    proba_dev: ArrayLike,
    y_dev: ArrayLike,
    labels: LabelSet | Sequence[str],
    candidates: Sequence[str] = ("none", "temperature", "isotonic", "platt"),
    cv: int = 3,
    n_bins: int = DEFAULT_N_BINS,
    random_state: int | None = DEFAULT_SEED,
) -> CalibrationSelection:
    """Choose the calibrator with the lowest cross-fitted ECE on the dev split, refit it on all of dev.

    ``labels`` gives the column order of ``proba_dev``. Each candidate is fitted on ``cv − 1``
    folds and scored on the held-out fold; the out-of-fold probabilities are pooled and scored
    with :func:`~interlang.evaluation.metrics.expected_calibration_error` and friends. Ties go to
    the earlier candidate, so list the simpler ones first. Folds are stratified; when a class has
    fewer members than ``cv`` the number of folds is reduced (never below 2).
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    label_set = labels if isinstance(labels, LabelSet) else LabelSet(tuple(labels))
    matrix = as_matrix(proba_dev)
    y_arr = np.asarray(y_dev, dtype=object).ravel()
    _, codes = classes_and_codes(y_arr, matrix.shape[1], label_set)
    if not candidates:
        raise InputError("select_calibrator needs at least one candidate")
    for method in candidates:
        make_calibrator(method)  # validates the names early
    if cv < 2:
        raise InputError(f"cv must be at least 2 for cross-fitting, not {cv}")

    notes: list[str] = []
    counts = np.bincount(codes)
    smallest = int(counts[counts > 0].min())
    n_splits = min(cv, matrix.shape[0])
    splitter: Any
    if smallest >= 2:
        n_splits = min(n_splits, smallest)
        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    else:
        splitter = KFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        notes.append("a dev class has a single member: folds are not stratified")
    if n_splits < cv:
        notes.append(f"cross-fitting with {n_splits} folds instead of {cv} (small dev classes)")

    folds = list(splitter.split(matrix, codes))
    table: dict[str, dict[str, float]] = {}
    for method in candidates:
        oof = np.empty_like(matrix)
        usable = True
        for train, test in folds:
            if np.unique(codes[train]).size < 2:
                usable = False
                break
            cal = make_calibrator(method).fit(matrix[train], codes[train], np.arange(matrix.shape[1]))
            oof[test] = cal.predict_proba(matrix[test])
        if not usable:
            notes.append(f"{method}: a training fold has a single class; candidate skipped")
            continue
        table[method] = calibration_table(y_arr, oof, label_set, n_bins)
    if "none" not in table:
        table = {"none": calibration_table(y_arr, matrix, label_set, n_bins), **table}
    scored = [m for m in candidates if m in table]
    chosen = min(scored, key=lambda m: (table[m]["ece"], scored.index(m)))
    final = make_calibrator(chosen).fit(matrix, codes, np.arange(matrix.shape[1]))
    final.classes_ = np.asarray(label_set.labels, dtype=object)
    return CalibrationSelection(final, chosen, table, len(folds), int(matrix.shape[0]), notes)
