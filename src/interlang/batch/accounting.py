"""Where every input row went: ``rows read R = scored S + skipped K``, so no row is lost silently.

A batch that reads 100 000 rows and writes 99 990 must say so, and say which ten rows were
skipped (file + row, or the record id for a text that was read but could not be scored). Readers
that count physical lines (CSV, JSON Lines) add that count when it differs from the rows: a quoted
field spanning lines, or blank lines, are the usual reasons, and a large difference points at a
broken file. ``--strict`` turns any skipped row into a failure (:class:`StrictFailure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interlang.batch.jobs import SkippedRecord
from interlang.errors import InputError

if TYPE_CHECKING:
    from interlang.corpora.formats import CorpusReport

#: Skipped rows named on the one accounting line; the skip report has all of them.
NAMED_ON_LINE = 5


def read_skips(report: CorpusReport | None) -> list[SkippedRecord]:
    """The reader's skipped rows (file, row, reason) as skipped records of stage ``read``."""
    if report is None:
        return []
    return [SkippedRecord(None, s.source, s.row, s.reason, stage="read") for s in report.skipped]


def where(item: SkippedRecord) -> str:
    """``file row N``, or ``file (id)`` for a record that has no row, or just the id."""
    place = item.source or ""
    if item.row is not None:
        place = f"{place} row {item.row}".strip()
    elif item.id is not None:
        place = f"{place} ({item.id})" if place else item.id
    return place or "(unknown place)"


def name_rows(skipped: Sequence[SkippedRecord], limit: int = NAMED_ON_LINE) -> str:
    named = ", ".join(where(s) for s in skipped[:limit])
    more = len(skipped) - limit
    return named + (f", … {more} more" if more > 0 else "")


@dataclass
class Accounting:
    """The counts of one run; ``resumed`` rows were already in the output from an earlier run."""

    scored: int = 0
    resumed: int = 0
    skipped: list[SkippedRecord] = field(default_factory=list)
    physical_lines: int | None = None

    @property
    def rows_read(self) -> int:
        return self.scored + len(self.skipped)

    @classmethod
    def of(
        cls, scored: int, score_skips: Sequence[SkippedRecord], report: CorpusReport | None,
        *, resumed: int = 0,
    ) -> Accounting:
        """Scored (resumed included), read skips first then scoring skips, the line count."""
        lines = None
        if report is not None and report.files and set(report.files) <= set(report.lines):
            lines = sum(report.lines[f] for f in report.files)
        return cls(scored, resumed, [*read_skips(report), *score_skips], lines)

    def line(self) -> str:
        """One line: ``rows read 305 = scored 300 + skipped 5 [f.csv row 3, …]; 306 physical lines``."""
        scored = f"scored {self.scored}"
        if self.resumed:
            scored += f" ({self.resumed} already in the output, {self.scored - self.resumed} now)"
        text = f"rows read {self.rows_read} = {scored} + skipped {len(self.skipped)}"
        if self.skipped:
            text += f" [{name_rows(self.skipped)}]"
        if self.physical_lines is not None and self.physical_lines != self.rows_read:
            text += (f"; the input has {self.physical_lines} physical lines besides headers "
                     "(multi-line fields and blank lines are not rows)")
        return text

    def to_dict(self) -> dict[str, int | None]:
        return {"rows_read": self.rows_read, "scored": self.scored, "resumed": self.resumed,
                "skipped": len(self.skipped), "physical_lines": self.physical_lines}


class StrictFailure(InputError):
    """``--strict`` and a row was skipped: the run stops, naming the row(s)."""

    def __init__(self, skipped: Sequence[SkippedRecord]) -> None:
        self.skipped = list(skipped)
        first = self.skipped[0] if self.skipped else None
        reason = f" (first: {first.reason})" if first is not None else ""
        super().__init__(
            f"--strict: {len(self.skipped)} row(s) skipped: {name_rows(self.skipped)}{reason}"
        )
