"""CSV, TSV and XLSX: one row per text, guarded against formula injection.

A table needs its columns before its first row, but feature names vary by language. The columns
are the fixed fields plus the feature names of the first :data:`PEEK` records (or the names the
caller passes); a feature first seen later goes, as JSON, into the ``features_other`` column, so
nothing is lost and the header never changes mid-stream.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import chain, islice
from typing import Any

from interlang.errors import MissingExtra
from interlang.workbench.exports._common import (
    CHUNK_BYTES,
    FULL_FIELDS,
    MINIMAL_FIELDS,
    buffered,
    features_of,
    guard_formula,
    project,
    scalar_text,
    segments_of,
    xml_text,
)

#: Records read ahead to learn the feature columns.
PEEK = 1000
#: Excel refuses longer cell text; longer texts are cut and the cut is marked.
EXCEL_CELL_LIMIT = 32_767
_CUT_MARK = " […]"


class _Layout:
    """The columns of one export and how a record becomes a row."""

    def __init__(self, minimal: bool, feature_names: Sequence[str]) -> None:
        self.minimal = minimal
        self.fields = MINIMAL_FIELDS if minimal else FULL_FIELDS
        self.features = [] if minimal else list(dict.fromkeys(str(n) for n in feature_names))
        taken = set(self.fields)
        self.feature_columns = [f"feature.{n}" if n in taken else n for n in self.features]
        self.header = list(self.fields)
        if not minimal:
            self.header += [*self.feature_columns, "features_other", "segments"]

    def row(self, record: Mapping[str, Any]) -> list[Any]:
        """Raw values (None for missing) in header order."""
        values = list(project(record, self.minimal).values())
        if self.minimal:
            return values
        features = features_of(record)
        values += [features.get(name) for name in self.features]
        known = set(self.features)
        other = {k: v for k, v in features.items() if k not in known}
        segments = segments_of(record)
        values += [other or None, segments or None]
        return values


def _layout(
    records: Iterable[Mapping[str, Any]], minimal: bool, feature_names: Sequence[str] | None
) -> tuple[_Layout, Iterator[Mapping[str, Any]]]:
    """The layout and the records (the peeked ones put back in front)."""
    iterator = iter(records)
    if minimal or feature_names is not None:
        return _Layout(minimal, feature_names or ()), iterator
    head = list(islice(iterator, PEEK))
    names: dict[str, None] = {}
    for record in head:
        names.update(dict.fromkeys(str(k) for k in features_of(record)))
    return _Layout(minimal, sorted(names)), chain(head, iterator)


def _cell_text(value: Any) -> str:
    """Text of one CSV cell, formula-guarded."""
    return guard_formula(scalar_text(value))


def stream_delimited(
    records: Iterable[Mapping[str, Any]],
    *,
    minimal: bool = False,
    delimiter: str = ",",
    feature_names: Sequence[str] | None = None,
) -> Iterator[bytes]:
    """CSV (RFC 4180, CRLF line ends, UTF-8 with BOM so Excel reads accents) or TSV.

    Numbers are written as numbers (so a negative feature value stays ``-1.5``); every text cell
    that starts with ``= + - @`` tab or CR gets a leading ``'``.
    """

    def lines() -> Iterator[str]:
        layout, rows = _layout(records, minimal, feature_names)
        sink = io.StringIO()
        writer = csv.writer(sink, delimiter=delimiter, lineterminator="\r\n")
        yield "\ufeff"
        writer.writerow(layout.header)
        for record in rows:
            writer.writerow(
                [
                    scalar_text(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                    else _cell_text(v)
                    for v in layout.row(record)
                ]
            )
            if sink.tell() >= CHUNK_BYTES // 4:
                yield sink.getvalue()
                sink.seek(0)
                sink.truncate()
        yield sink.getvalue()

    return buffered(lines())


def stream_csv(
    records: Iterable[Mapping[str, Any]],
    *,
    minimal: bool = False,
    feature_names: Sequence[str] | None = None,
) -> Iterator[bytes]:
    """Comma-separated values."""
    return stream_delimited(records, minimal=minimal, delimiter=",", feature_names=feature_names)


def stream_tsv(
    records: Iterable[Mapping[str, Any]],
    *,
    minimal: bool = False,
    feature_names: Sequence[str] | None = None,
) -> Iterator[bytes]:
    """Tab-separated values (quoted where a cell holds a tab or a line break)."""
    return stream_delimited(records, minimal=minimal, delimiter="\t", feature_names=feature_names)


def excel_value(value: Any) -> Any:
    """A value for an XLSX cell: numbers stay numbers; text guarded, cleaned and cut to fit."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, (datetime, date)):
        return value.isoformat()  # time zones survive; Excel dates cannot hold them
    text = xml_text(guard_formula(scalar_text(value)))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(_CUT_MARK)] + _CUT_MARK
    return text


def _column_width(name: str) -> float:
    if name == "text":
        return 80
    if name in ("title", "segments", "features_other", "source"):
        return 40
    return max(10, min(28, len(name) + 2))


def stream_xlsx(
    records: Iterable[Mapping[str, Any]],
    *,
    minimal: bool = False,
    feature_names: Sequence[str] | None = None,
) -> Iterator[bytes]:
    """An XLSX workbook written row by row in openpyxl's write-only mode.

    Sheet ``texts`` (bold frozen header, column widths); the full variant adds a ``segments``
    sheet (text id, order, level, text). Rows go to temporary files as they come; the zipped
    workbook is produced at the end and then streamed from disk in chunks.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra("openpyxl", "web") from exc

    layout, rows = _layout(records, minimal, feature_names)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def setup(title: str, header: list[str]) -> Any:
        sheet = workbook.create_sheet(title)
        for i, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _column_width(name)
        sheet.freeze_panes = "A2"
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        return sheet

    header = ["n_segments" if name == "segments" else name for name in layout.header]
    texts = setup("texts", header)
    segments_sheet = None if minimal else setup("segments", ["text_id", "order", "level", "text"])
    for record in rows:
        values = layout.row(record)
        if segments_sheet is not None:
            segments = segments_of(record)
            values[-1] = len(segments) if segments else None  # the texts go to their own sheet
            for segment in segments:
                segments_sheet.append(
                    [excel_value(record.get("id"))]
                    + [excel_value(segment[key]) for key in ("order", "level", "text")]
                )
        texts.append([excel_value(v) for v in values])

    handle, path = tempfile.mkstemp(prefix="interlang-export-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
        with open(path, "rb") as stream:
            while data := stream.read(CHUNK_BYTES):
                yield data
    finally:
        os.unlink(path)
