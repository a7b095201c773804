"""The one record type every corpus reader yields, and the report of what it skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Record:
    """One text of a corpus, whatever its source format.

    ``cefr`` is a level A1–C2 (sub-levels already mapped by the reader's documented policy) or
    None; ``l1`` is the writer's native language as the corpus names it, or None.
    ``metadata`` keeps everything else the corpus offers (split name, analytic ratings, ...).
    """

    id: str
    text: str
    language: str
    cefr: str | None = None
    l1: str | None = None
    writer_id: str | None = None
    prompt_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def split(self) -> str | None:
        value = self.metadata.get("split")
        return str(value) if value is not None else None


@dataclass(frozen=True)
class SkippedRow:
    source: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source}, row {self.row}"
        return f"{where}: {self.reason}"


@dataclass
class ReadReport:
    """What a reader read and what it skipped (file, row, reason)."""

    corpus: str
    files: list[str] = field(default_factory=list)
    n_records: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)

    def skip(self, source: str, row: int | None, reason: str) -> None:
        self.skipped.append(SkippedRow(source, row, reason))

    def summary(self) -> str:
        return (
            f"{self.corpus}: {self.n_records} records from {len(self.files)} file(s), "
            f"{len(self.skipped)} skipped"
        )
