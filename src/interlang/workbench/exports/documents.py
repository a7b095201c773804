"""JSON, Universal-CEFR JSON and XML: one element per text, written as the records arrive."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from interlang.corpora.generic import UNIVERSAL_CEFR_FIELDS
from interlang.workbench.exports._common import (
    buffered,
    dumps,
    features_of,
    level_of,
    project,
    scalar_text,
    segments_of,
    xml_text,
)


def _array(items: Iterable[str]) -> Iterator[str]:
    """A JSON array written element by element."""
    yield "["
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + item
        first = False
    yield "\n]\n" if not first else "]\n"


def full_object(record: Mapping[str, Any]) -> dict[str, Any]:
    """The full export of one record: fields, then features and segments."""
    out = project(record, minimal=False)
    out["features"] = features_of(record)
    out["segments"] = segments_of(record)
    return out


def stream_json(records: Iterable[Mapping[str, Any]], *, minimal: bool = False) -> Iterator[bytes]:
    """A JSON array of text objects (NaN feature values become null)."""
    build = (lambda r: project(r, minimal=True)) if minimal else full_object
    return buffered(_array(dumps(build(record)) for record in records))


# --- Universal-CEFR ------------------------------------------------------------------------------

#: Universal-CEFR's record schema (Imperial et al., 2025): exactly what ``corpora.generic`` reads.
UCEFR_FIELDS = UNIVERSAL_CEFR_FIELDS


def ucefr_object(record: Mapping[str, Any], minimal: bool = False) -> dict[str, Any]:
    """One Universal-CEFR record.

    ``format`` is ``document-level`` (a workbench text is a whole text) and ``category`` is the
    record's own or ``reference`` (texts levelled by experts, not learner productions). The full
    variant appends the workbench's own fields after the eight schema fields; readers of the
    schema ignore them and interlang's reader keeps them as metadata.
    """
    title = record.get("title")
    out: dict[str, Any] = {
        "title": title if title not in (None, "") else scalar_text(record.get("id")),
        "lang": record.get("language"),
        "source_name": record.get("source"),
        "format": record.get("format") or "document-level",
        "category": record.get("category") or "reference",
        "cefr_level": level_of(record),
        "content": record.get("text"),
        "license": record.get("license") or record.get("licence"),
    }
    if not minimal:
        extra = {
            "split": record.get("split"),
            "id": record.get("id"),
            "status": record.get("status"),
            "genre": record.get("genre"),
            "topic": record.get("topic"),
            "register": record.get("register"),
            "final_level": record.get("final_level"),
            "n_assessments": record.get("n_assessments"),
            "created_at": record.get("created_at"),
            "updated_at": record.get("updated_at"),
            "features": features_of(record),
            "segments": segments_of(record),
        }
        out.update(extra)
    return out


def stream_ucefr(records: Iterable[Mapping[str, Any]], *, minimal: bool = False) -> Iterator[bytes]:
    """A Universal-CEFR JSON array (read back by ``read_corpus(path, format="universal-cefr")``)."""
    return buffered(_array(dumps(ucefr_object(record, minimal)) for record in records))


# --- XML -----------------------------------------------------------------------------------------

XML_NAMESPACE = "https://interlang.dev/ns/corpus#"
_ATTRIBUTES = ("id", "language", "level")


def _element(name: str, value: Any) -> str:
    text = scalar_text(value)
    if text == "":
        return f"<{name}/>"
    return f"<{name}>{escape(xml_text(text))}</{name}>"


def xml_element(record: Mapping[str, Any], minimal: bool = False) -> str:
    """One ``<text>`` element: id, language and level as attributes, the rest as children."""
    fields = project(record, minimal)
    attributes = "".join(
        f" {name}={quoteattr(xml_text(scalar_text(fields.get(name))))}"
        for name in _ATTRIBUTES
        if scalar_text(fields.get(name)) != ""
    )
    parts = [f"  <text{attributes}>"]
    for name, value in fields.items():
        if name in _ATTRIBUTES or name == "text":
            continue
        parts.append("    " + _element(name, value))
    if not minimal:
        features = features_of(record)
        if features:
            parts.append("    <features>")
            parts.extend(
                f"      <feature name={quoteattr(xml_text(str(key)))}>"
                f"{escape(xml_text(scalar_text(value)))}</feature>"
                for key, value in features.items()
            )
            parts.append("    </features>")
        segments = segments_of(record)
        if segments:
            parts.append("    <segments>")
            for segment in segments:
                order = scalar_text(segment["order"])
                level = scalar_text(segment["level"])
                attrs = (f" order={quoteattr(order)}" if order else "") + (
                    f" level={quoteattr(xml_text(level))}" if level else ""
                )
                body = escape(xml_text(scalar_text(segment["text"])))
                parts.append(f"      <segment{attrs}>{body}</segment>")
            parts.append("    </segments>")
    parts.append("    " + _element("content", fields.get("text")))
    parts.append("  </text>\n")
    return "\n".join(parts)


def stream_xml(records: Iterable[Mapping[str, Any]], *, minimal: bool = False) -> Iterator[bytes]:
    """``<corpus>`` with one ``<text>`` per record; text content and attributes escaped.

    Characters XML 1.0 cannot hold (control characters) become U+FFFD; feature names are
    attribute values, so any name is safe.
    """
    variant = "minimal" if minimal else "full"

    def pieces() -> Iterator[str]:
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield f'<corpus xmlns="{XML_NAMESPACE}" format="interlang-workbench" version="1" variant="{variant}">\n'
        for record in records:
            yield xml_element(record, minimal)
        yield "</corpus>\n"

    return buffered(pieces())


__all__ = [
    "UCEFR_FIELDS",
    "XML_NAMESPACE",
    "full_object",
    "stream_json",
    "stream_ucefr",
    "stream_xml",
    "ucefr_object",
    "xml_element",
]
