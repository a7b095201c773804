"""Score many texts: in this process, a local process pool, or Dask distributed.

Names load lazily, so importing ``interlang.batch`` pulls in neither pandas nor dask.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interlang.batch.score import (
        ScoreResult,
        SkippedRecord,
        iter_inputs,
        iter_scores,
        result_columns,
        score_records,
    )

_EXPORTS = {
    "ScoreResult": "interlang.batch.score",
    "SkippedRecord": "interlang.batch.score",
    "iter_inputs": "interlang.batch.score",
    "iter_scores": "interlang.batch.score",
    "result_columns": "interlang.batch.score",
    "score_records": "interlang.batch.score",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'interlang.batch' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "ScoreResult",
    "SkippedRecord",
    "iter_inputs",
    "iter_scores",
    "result_columns",
    "score_records",
]
