"""Fault-tolerant file reading shared by every corpus reader.

Readers never crash on bad input: a file that cannot be decoded as UTF-8 is read as cp1252 (or
latin-1, which decodes any byte) and the fallback is noted in the report; malformed CSV rows,
broken JSON lines, empty texts and missing columns are recorded as (file, row, reason) and
skipped. ``row`` is the 1-based line number where the record starts (the header is line 1).
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from interlang.corpora.record import ReadReport, SkippedRow

# Large essays sit in single CSV fields; the default 128 KiB limit is too small.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: Encodings tried in order when none is given; latin-1 decodes every byte sequence.
FALLBACK_ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252", "latin-1")

_SPLIT_TOKEN = re.compile(
    r"(?:^|[^a-z0-9])(train|training|dev|development|val|valid|validation|test|testing)(?=$|[^a-z0-9])",
    re.IGNORECASE,
)


@dataclass
class CorpusReport(ReadReport):
    """A :class:`ReadReport` that also keeps notes: things read but worth knowing (fallbacks)."""

    notes: list[SkippedRow] = field(default_factory=list)
    #: Physical lines (header excluded) of each file read to its end, for readers that count
    #: them (CSV, JSON Lines): a record spanning lines, or blank lines, make them differ from rows.
    lines: dict[str, int] = field(default_factory=dict)

    def note(self, source: str, row: int | None, message: str) -> None:
        self.notes.append(SkippedRow(source, row, message))

    def skip_reasons(self) -> dict[str, int]:
        """Skipped rows counted by reason (numbers stripped so similar reasons group)."""
        counts: dict[str, int] = {}
        for item in self.skipped:
            key = re.sub(r"'[^']*'|\d+", "…", item.reason)
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def split_from_name(name: str) -> str | None:
    """The split a file name declares (``CEFR-SP_SCoRE_dev.txt`` → ``dev``), else None."""
    found = _SPLIT_TOKEN.findall(Path(name).stem)
    return found[-1].lower() if found else None


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The first encoding of :data:`FALLBACK_ENCODINGS` that decodes the whole file.

    Decodes incrementally, so large files are checked without holding them in memory.
    """
    candidates = (encoding,) if encoding else FALLBACK_ENCODINGS
    for candidate in candidates:
        decoder = codecs.getincrementaldecoder(candidate)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 22):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return candidate
    return "latin-1"


def decode_bytes(data: bytes, source: str, report: CorpusReport) -> str:
    """Decode as UTF-8; fall back to cp1252 / latin-1 with a note in the report."""
    for candidate in FALLBACK_ENCODINGS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if candidate != "utf-8-sig":
            report.note(source, None, f"not valid UTF-8; decoded as {candidate}")
        return text
    return data.decode("latin-1")  # pragma: no cover - latin-1 never fails


def read_text(path: Path, report: CorpusReport, source: str | None = None) -> str | None:
    """Whole text of a file (encoding fallback noted); None and a skip if unreadable."""
    where = source or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(where, None, f"cannot read file: {exc.strerror or exc}")
        return None
    return decode_bytes(data, where, report)


def clean_text(text: str | None) -> str:
    """Normalise line ends, drop BOM / NUL characters and outer whitespace."""
    if not text:
        return ""
    text = text.replace("\ufeff", "").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _open_text(path: Path, encoding: str | None, report: CorpusReport, source: str) -> IO[str]:
    chosen = detect_encoding(path, encoding)
    if encoding is None and chosen != "utf-8-sig":
        report.note(source, None, f"not valid UTF-8; decoded as {chosen}")
    return path.open("r", encoding=chosen, errors="replace", newline="")


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """Comma, semicolon or tab, judged from the header line (Excel exports use ';')."""
    header = sample.splitlines()[0] if sample else ""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else default


def iter_csv(
    path: Path,
    report: CorpusReport,
    *,
    required: Sequence[str] = (),
    delimiter: str | None = None,
    encoding: str | None = None,
    header: Sequence[str] | None = None,
    source: str | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each well-formed CSV row; record everything else.

    A row whose field count differs from the header's is skipped (trailing empty fields are
    tolerated). A file lacking a ``required`` column is skipped as a whole.
    ``header`` gives column names for files without a header line.
    """
    where = source or path.name
    try:
        handle = _open_text(path, encoding, report, where)
    except OSError as exc:
        report.skip(where, None, f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        sample = handle.read(65536)
        handle.seek(0)
        delim = delimiter or sniff_delimiter(sample)
        reader = csv.reader(handle, delimiter=delim)
        columns: list[str]
        if header is None:
            try:
                columns = [c.strip().lstrip("\ufeff") for c in next(reader)]
            except StopIteration:
                report.skip(where, None, "empty file")
                return
            except csv.Error as exc:
                report.skip(where, 1, f"unreadable header: {exc}")
                return
        else:
            columns = list(header)
        header_lines = reader.line_num
        missing = [c for c in required if c not in columns]
        if missing:
            report.skip(where, None, f"missing column(s): {', '.join(missing)}")
            return
        last_line = reader.line_num
        held: tuple[int, int, dict[str, str]] | None = None
        while True:
            start = last_line + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                report.skip(where, start, f"malformed CSV: {exc}")
                if reader.line_num == last_line:  # no progress: give up on this file
                    break
                last_line = reader.line_num
                continue
            last_line = reader.line_num
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) > len(columns):
                extra = values[len(columns) :]
                if any(v.strip() for v in extra):
                    report.skip(where, start, f"expected {len(columns)} fields, got {len(values)}")
                    continue
                values = values[: len(columns)]
            elif len(values) < len(columns):
                report.skip(where, start, f"expected {len(columns)} fields, got {len(values)}")
                continue
            if held is not None:
                yield held[0], held[2]
                held = None
            row = dict(zip(columns, values, strict=True))
            if last_line > start:  # multi-line: held back until we know it is not the file's end
                held = (start, last_line, row)
            else:
                yield start, row
        if held is not None:
            first, end, row = held
            if end > first and _ends_inside_quotes(path, encoding, where):
                # The csv module reads an unterminated quote to the end of the file: one "row"
                # that swallowed every line after it. Report it rather than score it.
                report.skip(
                    where, first,
                    f"unterminated quote: the field opened on line {first} runs to the end of the "
                    f"file (lines {first}-{end} were not read as rows)",
                )
            else:
                yield first, row
        report.lines[where] = last_line - header_lines


def _ends_inside_quotes(path: Path, encoding: str | None, source: str) -> bool:
    """True when the file ends inside a quoted field.

    A well-formed CSV has an even number of quote characters (``""`` escapes come in pairs);
    an odd count means the last field was never closed. Only checked when the last record
    spans several lines, so ordinary files are read once.
    """
    quotes = 0
    with _open_text(path, encoding, CorpusReport(source), source) as handle:
        while chunk := handle.read(1 << 20):
            quotes += chunk.count('"')
    return quotes % 2 == 1


#: Python's JSON parser recurses per nesting level; a hostile file can exhaust the stack.
_TOO_DEEP = "invalid JSON: nested too deeply to read"


def iter_json_records(
    path: Path, report: CorpusReport, *, source: str | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row, object)`` from a JSON array, an object holding one, or JSON Lines.

    ``row`` is the line number for JSON Lines and the 1-based item index for arrays.
    """
    where = source or path.name
    text = read_text(path, report, where)
    if text is None:
        return
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        report.skip(where, None, "empty file")
        return
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            report.skip(where, exc.lineno, f"invalid JSON: {exc.msg}")
            return
        except RecursionError:
            report.skip(where, None, _TOO_DEEP)
            return
        yield from _json_items(data, where, report)
        return
    if stripped.startswith("{") and path.suffix.lower() == ".json":
        try:
            data = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            data = None  # maybe JSON Lines saved as .json: fall through
        if isinstance(data, dict):
            items = next((v for v in data.values() if isinstance(v, list)), None)
            yield from _json_items(items if items is not None else [data], where, report)
            return
    lines = stripped.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report.skip(where, number, f"broken JSON line: {exc.msg}")
            continue
        except RecursionError:
            report.skip(where, number, _TOO_DEEP)
            continue
        if not isinstance(obj, dict):
            report.skip(where, number, "JSON line is not an object")
            continue
        yield number, obj
    report.lines[where] = len(lines)


def _json_items(
    data: Any, where: str, report: CorpusReport
) -> Iterable[tuple[int, dict[str, Any]]]:
    if not isinstance(data, list):
        report.skip(where, None, "JSON is neither an array nor an object holding one")
        return
    for index, obj in enumerate(data, start=1):
        if isinstance(obj, dict):
            yield index, obj
        else:
            report.skip(where, index, "JSON item is not an object")


def to_float(value: object) -> float | None:
    """A float, or None for empty / NA / unparsable values."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.lower() in {"na", "nan", "none", "null", "-"}:
        return None
    try:
        return (
            float(text.replace(",", "."))
            if text.count(",") == 1 and "." not in text
            else float(text)
        )
    except ValueError:
        return None


def to_int(value: object) -> int | None:
    number = to_float(value)
    return int(number) if number is not None and number.is_integer() else None


def relative(path: Path, folder: Path) -> str:
    """Path of a file relative to its corpus folder, for reports and ids."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name
