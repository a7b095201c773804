"""Floor 7: everything interlang can say about a text, through one predictor protocol.

* :func:`load` — a shipped name (``level-de``, ``l1-en``) or a bundle path of any family →
  :class:`Predictor`; ``predict(texts | documents) -> list[Prediction]``.
* :func:`analyze` / :func:`analyze_many` — parse, features, warnings and the shipped models'
  predictions for one text or many.
"""

from __future__ import annotations

from interlang.analysis.core import Analysis, analyze, analyze_many, sample_text
from interlang.analysis.prediction import LabelRange, ModelRef, Prediction, Reason
from interlang.analysis.predictors import Predictor, load

__all__ = [
    "Analysis",
    "LabelRange",
    "ModelRef",
    "Prediction",
    "Predictor",
    "Reason",
    "analyze",
    "analyze_many",
    "load",
    "sample_text",
]
