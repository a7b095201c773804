"""Text import from CSV, JSONL and Universal-CEFR JSON: good rows kept, bad rows reported.

Row numbers are what a person sees in the file: the line number for CSV (the header is line 1)
and JSONL, the 1-based position in the array for JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from interlang.workbench.db.models import User
from interlang.workbench.errors import Invalid, WorkbenchError

FORMATS = ("csv", "jsonl", "json")

#: Column aliases → workbench field (the Universal-CEFR names included).
ALIASES: dict[str, str] = {
    "text": "text", "content": "text", "body": "text",
    "title": "title", "name": "title",
    "language": "language", "lang": "language",
    "level": "level", "cefr": "level", "cefr_level": "level",
    "genre": "genre", "format": "genre", "text_type": "genre",
    "topic": "topic", "domain": "topic", "category": "topic",
    "register": "register",
    "source": "source", "source_name": "source",
    "split": "split",
}


@dataclass
class ImportResult:
    """How many texts were created and, per bad row, its number and the reason."""

    created: list[int] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""
    #: Texts stored without features yet: analysed in the background (large imports).
    analysis_queued: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "n_created": len(self.created), "created": self.created,
                "n_errors": len(self.errors), "errors": self.errors,
                "analysis_queued": len(self.analysis_queued)}


def guess_format(filename: str | None, declared: str | None) -> str:
    if declared:
        fmt = declared.lower().lstrip(".")
        if fmt in ("ucefr", "universal-cefr"):
            fmt = "json"
        if fmt not in FORMATS:
            raise Invalid(f"format must be one of {', '.join(FORMATS)}, not {declared!r}")
        return fmt
    name = (filename or "").lower()
    for ext, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".csv", "csv"), (".tsv", "csv")):
        if name.endswith(ext):
            return fmt
    raise Invalid("cannot tell the file format from its name: pass format=csv|jsonl|json")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _normalise(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Field names → the workbench's; an exact name beats an alias whatever the column order
    (a Universal-CEFR record's ``format``/``category`` must not shadow its ``genre``/``topic``)."""
    out: dict[str, Any] = {}
    exact: set[str] = set()
    for key, value in raw.items():
        name = str(key).strip().lower()
        target = ALIASES.get(name)
        if target is None or target in exact:
            continue
        if name == target:
            exact.add(target)
            out[target] = value
        elif target not in out:
            out[target] = value
    return out


def iter_rows(data: bytes, fmt: str, filename: str | None = None) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(row number, normalised fields) per record, or (row number, reason) for unreadable ones."""
    text = _decode(data)
    if fmt == "csv":
        delimiter = "\t" if (filename or "").lower().endswith(".tsv") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if not reader.fieldnames or not any(ALIASES.get(f.strip().lower()) == "text" for f in reader.fieldnames if f):
            raise Invalid("the CSV header has no 'text' column")
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, f"unreadable CSV: {exc}"
                return
            if None in row:
                yield reader.line_num, "more fields than header columns"
                continue
            yield reader.line_num, _normalise(row)
    elif fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"invalid JSON: {exc.msg}"
                continue
            yield (number, _normalise(obj)) if isinstance(obj, dict) else (number, "not a JSON object")
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise Invalid(f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
        if isinstance(doc, dict):  # {"texts": [...]} / {"data": [...]} wrappers
            doc = next((v for k, v in doc.items() if k in ("texts", "data", "records", "items")), [doc])
        if not isinstance(doc, list):
            raise Invalid("JSON import expects a list of text objects (Universal-CEFR format)")
        for number, obj in enumerate(doc, start=1):
            yield (number, _normalise(obj)) if isinstance(obj, dict) else (number, "not a JSON object")


def import_texts(db: Session, actor: User, data: bytes, *, filename: str | None = None, fmt: str | None = None,
                 analyse: bool = True, inline_rows: int = 50, batch: int = 500) -> ImportResult:
    """Create a draft text per good row, collect per-row errors.

    With ``analyse``, up to ``inline_rows`` good rows are analysed before the answer; a bigger
    import is stored at once and its ids come back in ``analysis_queued`` for the background
    worker (:mod:`interlang.workbench.analysis_jobs`), so a 10k-row upload does not time out.
    """
    from interlang.workbench import service

    service.require(actor, *service.REVIEWERS)
    kind = guess_format(filename, fmt)
    result = ImportResult(format=kind)
    items = []
    for number, row in iter_rows(data, kind, filename):
        if isinstance(row, str):
            result.errors.append({"row": number, "reason": row})
            continue
        try:
            items.append(service.new_text(row, actor, analyse=False))
        except WorkbenchError as exc:
            result.errors.append({"row": number, "reason": exc.message})
    inline = analyse and len(items) <= inline_rows
    for start in range(0, len(items), batch):
        chunk = items[start:start + batch]
        if inline:
            for item in chunk:
                service.analyse_into(item)
        result.created.extend(_save(db, actor, chunk))
    if analyse and not inline:
        result.analysis_queued = list(result.created)
    return result


def _save(db: Session, actor: User, items: list[Any]) -> list[int]:
    from interlang.workbench.db.models import AuditLog

    db.add_all(items)
    db.flush()
    db.add_all([AuditLog(text_id=i.id, user_id=actor.id, action="import", to_status="draft") for i in items])
    from interlang.workbench.service import store_predictions

    store_predictions(db, items)
    db.commit()
    return [i.id for i in items]
