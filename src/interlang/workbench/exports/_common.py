"""What every exporter shares: the record fields, cell values, chunked byte output.

Records are plain dicts (the service turns its rows into them); a missing key is an empty value,
never an error. Exporters consume records lazily and yield bytes in ~64 KiB pieces, so memory
stays flat however many records stream through.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

#: Fields of a full export, in output order (features and segments are handled per format).
FULL_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "text",
    "language",
    "level",
    "status",
    "genre",
    "topic",
    "register",
    "source",
    "split",
    "created_at",
    "updated_at",
    "final_level",
    "n_assessments",
    "predicted_level",
    "prediction_model",
)
#: Fields of a minimal export: enough to train or evaluate a level model.
MINIMAL_FIELDS: tuple[str, ...] = ("id", "language", "level", "text")

#: Bytes gathered before a piece is handed on (small pieces cost a syscall each).
CHUNK_BYTES = 1 << 16

#: A cell that a spreadsheet would run as a formula starts with one of these (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 cannot carry at all (also refused by openpyxl).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def level_of(record: Mapping[str, Any]) -> Any:
    """The record's level; the reviewer's final level when the level itself is empty."""
    level = record.get("level")
    return level if level not in (None, "") else record.get("final_level")


def project(record: Mapping[str, Any], minimal: bool) -> dict[str, Any]:
    """The record's export fields in order (missing ones None); minimal keeps id/language/level/text."""
    if minimal:
        return {
            "id": record.get("id"),
            "language": record.get("language"),
            "level": level_of(record),
            "text": record.get("text"),
        }
    out = {name: record.get(name) for name in FULL_FIELDS}
    prediction = record.get("prediction")
    if isinstance(prediction, Mapping):  # the service's {"model", "level", "proba"}
        if out["predicted_level"] is None:
            out["predicted_level"] = prediction.get("level")
        if out["prediction_model"] is None:
            out["prediction_model"] = prediction.get("model")
    return out


def features_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's features dict ({} when absent or not a mapping)."""
    features = record.get("features")
    return dict(features) if isinstance(features, Mapping) else {}


def segments_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The record's segments as dicts with order, text and level, in segment order."""
    segments = record.get("segments")
    if not isinstance(segments, Iterable) or isinstance(segments, (str, bytes, Mapping)):
        return []
    out = [
        {"order": s.get("order"), "text": s.get("text"), "level": s.get("level")}
        for s in segments
        if isinstance(s, Mapping)
    ]
    return sorted(out, key=lambda s: (s["order"] is None, s["order"] or 0))


def jsonable(value: Any) -> Any:
    """A value JSON can carry: NaN/inf → None, dates → ISO 8601, Decimals → float, tuples → lists."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return jsonable(float(value))
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    return str(value)


def dumps(value: Any) -> str:
    """Compact JSON text of a value (UTF-8 kept, NaN never written)."""
    return json.dumps(jsonable(value), ensure_ascii=False, allow_nan=False)


def scalar_text(value: Any) -> str:
    """A value as cell / element text: '' for None and NaN, ISO dates, JSON for containers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Mapping, list, tuple)):
        return dumps(value)
    if isinstance(value, str):
        return value
    return str(jsonable(value))


def guard_formula(value: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR)."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def xml_text(value: str) -> str:
    """Drop characters XML 1.0 cannot represent (control characters), replacing them with U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", value)


def safe_name(name: str) -> str:
    """A feature name usable as an XML / Turtle local name (letters, digits, ``_``, ``-``)."""
    cleaned = _NAME_UNSAFE.sub("_", str(name)) or "_"
    return cleaned if cleaned[0].isalpha() or cleaned[0] == "_" else f"_{cleaned}"


def buffered(pieces: Iterable[str], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """UTF-8 bytes of the pieces, gathered into chunks of about ``size`` bytes."""
    parts: list[bytes] = []
    total = 0
    for piece in pieces:
        data = piece.encode("utf-8")
        parts.append(data)
        total += len(data)
        if total >= size:
            yield b"".join(parts)
            parts, total = [], 0
    if parts:
        yield b"".join(parts)


def chunks(records: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    """Lists of at most ``size`` records, pulled lazily."""
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch
