"""Label sets and level arithmetic shared by every task and model family.

CEFR is *ordinal* (A1 < A2 < … < C2): adjacent accuracy, QWK and ordinal models need the
order. L1 labels are *nominal*. Sub-levels are mapped to their level by one documented policy:

* ``B1+``, ``B1-``, ``B1.1``, ``B1.2``, ``A2.i``, ``A2.ii``, ``b1`` → the level they refine
  (``B1``, ``B1``, ``B1``, ``B1``, ``A2``, ``A2``, ``B1``): a plus level is still that level
  until an examiner awards the next one;
* numeric scales 1–6 (CEFR-SP, ReadMe++) → A1–C2;
* anything else (``not rated``, ``B1/B2``, empty) → ``None``, and the reader reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")

_SUBLEVEL = re.compile(
    r"^\s*([ABC])\s*([12])\s*(?:[+\-]|\.\s*(?:[12]|i{1,3}|iv)|\s*\((?:plus|minus)\))?\s*$",
    re.IGNORECASE,
)


def normalize_cefr(value: object, *, numeric: bool = False) -> str | None:
    """Map a corpus's CEFR annotation to A1–C2 (see the module docstring), else None.

    ``numeric=True`` accepts the 1–6 scale (``"3"`` or ``3.0`` → ``B1``).
    """
    if value is None:
        return None
    if numeric:
        try:
            number = float(str(value).strip())
        except ValueError:
            pass
        else:
            if number.is_integer() and 1 <= number <= 6:
                return CEFR_LEVELS[int(number) - 1]
            return None
    text = str(value).strip()
    m = _SUBLEVEL.match(text)
    if not m:
        return None
    return f"{m.group(1).upper()}{m.group(2)}"


@dataclass(frozen=True)
class LabelSet:
    """An ordered tuple of labels; ``ordinal`` says whether the order carries meaning."""

    labels: tuple[str, ...]
    ordinal: bool = False
    name: str = "labels"

    def __post_init__(self) -> None:
        if len(set(self.labels)) != len(self.labels):
            raise ValueError(f"duplicate labels in {self.labels}")
        if not self.labels:
            raise ValueError("a label set needs at least one label")

    @classmethod
    def cefr(cls, levels: Sequence[str] = CEFR_LEVELS) -> LabelSet:
        return cls(tuple(levels), ordinal=True, name="cefr")

    @classmethod
    def nominal(cls, labels: Iterable[str], name: str = "l1") -> LabelSet:
        return cls(tuple(sorted(set(labels))), ordinal=False, name=name)

    def __len__(self) -> int:
        return len(self.labels)

    def __contains__(self, label: object) -> bool:
        return label in self.labels

    def index(self, label: str) -> int:
        try:
            return self.labels.index(label)
        except ValueError:
            raise KeyError(f"{label!r} is not in the label set {self.labels}") from None

    def encode(self, labels: Iterable[str]) -> list[int]:
        return [self.index(label) for label in labels]

    def decode(self, indices: Iterable[int]) -> list[str]:
        return [self.labels[i] for i in indices]

    def distance(self, a: str, b: str) -> int:
        """Steps between two labels on an ordinal scale (0/1 for nominal labels)."""
        if not self.ordinal:
            return int(a != b)
        return abs(self.index(a) - self.index(b))

    def to_dict(self) -> dict[str, object]:
        return {"labels": list(self.labels), "ordinal": self.ordinal, "name": self.name}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> LabelSet:
        labels = data["labels"]
        assert isinstance(labels, list)
        return cls(tuple(str(x) for x in labels), bool(data.get("ordinal", False)), str(data.get("name", "labels")))


CEFR = LabelSet.cefr()
