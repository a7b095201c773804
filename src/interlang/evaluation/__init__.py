"""Judge predictions: metrics, splits, statistics, reports and plots (task-agnostic).

The main entry point is :func:`evaluate`; names are imported lazily to keep imports cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from interlang.evaluation.report import EvaluationReport, evaluate, exclude_unknown
    from interlang.evaluation.splits import grouped_kfold, train_dev_test_split

_EXPORTS = {
    "EvaluationReport": "interlang.evaluation.report",
    "evaluate": "interlang.evaluation.report",
    "exclude_unknown": "interlang.evaluation.report",
    "grouped_kfold": "interlang.evaluation.splits",
    "train_dev_test_split": "interlang.evaluation.splits",
}
__all__ = [
    "EvaluationReport",
    "evaluate",
    "exclude_unknown",
    "grouped_kfold",
    "train_dev_test_split",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'interlang.evaluation' has no attribute {name!r}")
