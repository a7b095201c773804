"""What every predictor returns: one typed, frozen :class:`Prediction` per text.

The same shape for every task (difficulty, proficiency, L1) and every model family, so callers
(CLI, batch, workbench) need not know which model answered. A label at an open edge of the
model's trained range is worded as such (``range.edge == "B1 or below"``), never shown as if
the model were sure of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LabelRange", "ModelRef", "Prediction", "Reason"]


@dataclass(frozen=True)
class LabelRange:
    """The labels a model was trained on, and how the predicted label relates to them."""

    low: str
    high: str
    #: ``"B1 or below"`` / ``"C1 or above"`` when the label sits at an open edge, else None.
    edge: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"trained": [self.low, self.high], "edge": self.edge}


@dataclass(frozen=True)
class Reason:
    """Why the model leans towards its label: a feature (with its value) or a text span."""

    kind: str  # "feature" | "span"
    what: str
    #: Signed push towards the predicted label (feature contribution or span weight).
    weight: float
    value: float | None = None
    start: int | None = None
    end: int | None = None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Reason:
        """A reason from an explainer's dict: ``feature``/``contribution`` or ``span``/``weight``."""
        if "feature" in raw:
            value = raw.get("value")
            return cls("feature", str(raw["feature"]), float(raw.get("contribution") or 0.0),
                       None if value is None else float(value))
        return cls("span", str(raw.get("span", "")), float(raw.get("weight") or 0.0),
                   start=raw.get("start"), end=raw.get("end"))


@dataclass(frozen=True)
class ModelRef:
    """Which model answered: its name and the interlang version that built it."""

    name: str
    version: str | None = None


@dataclass(frozen=True)
class Prediction:
    """One text's answer for one task."""

    task: str
    label: str
    #: label → probability, in the model's label order.
    probabilities: Mapping[str, float]
    top_k: tuple[tuple[str, float], ...]
    range: LabelRange | None
    reasons: tuple[Reason, ...]
    model: ModelRef
    #: Family-specific extras kept for the JSON of ``analyze`` (adjacent hint, notes, evidence...).
    details: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def confidence(self) -> float:
        return float(self.probabilities.get(self.label, 0.0))

    @property
    def wording(self) -> str:
        """The label as a reader should see it: ``"B1 or below"`` at an open edge, else the label."""
        return self.range.edge if self.range is not None and self.range.edge else self.label

    def to_dict(self) -> dict[str, Any]:
        """The family's JSON (as ``interlang analyze --json`` has always shown) plus ``task`` and ``range``."""
        out = dict(self.details)
        out["task"] = self.task
        out["range"] = None if self.range is None else self.range.to_dict()
        return out

    def summary(self) -> dict[str, Any]:
        """The common fields only, for callers that do not care which family answered."""
        return {
            "task": self.task,
            "label": self.label,
            "wording": self.wording,
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
            "top_k": [[k, round(v, 4)] for k, v in self.top_k],
            "range": None if self.range is None else self.range.to_dict(),
            "reasons": [r.__dict__ for r in self.reasons],
            "model": {"name": self.model.name, "version": self.model.version},
        }


def make_range(label: str, labels: Sequence[str], trained: tuple[str, str] | None, ordinal: bool) -> LabelRange | None:
    """The :class:`LabelRange` of an ordinal prediction (None for nominal tasks such as L1)."""
    from interlang.tasks.registry import edge_wording

    if not ordinal or not labels:
        return None
    low, high = trained if trained is not None else (labels[0], labels[-1])
    return LabelRange(low, high, edge_wording(label, (low, high)))
