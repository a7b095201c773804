"""Corpus exports of the workbench, streamed: every format yields bytes as records arrive.

``EXPORTERS[name].stream(records, minimal=False)`` turns an iterable of plain record dicts into
an iterator of byte chunks, reading the records one by one, so a 100k-text corpus exports with
flat memory and the first bytes leave before the last record is read (XLSX alone is assembled on
disk and sent at the end: a zip needs its directory last). Record keys: see
:data:`FULL_FIELDS` plus ``features`` (name → number) and ``segments`` (``{order, text, level}``);
missing keys give empty values. ``minimal=True`` keeps id, language, level and text.

rdflib (Turtle, RDF/XML) and openpyxl (XLSX) come with the ``[web]`` extra and are imported
only when those formats are used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from interlang.errors import InputError
from interlang.workbench.exports._common import FORMULA_TRIGGERS, FULL_FIELDS, MINIMAL_FIELDS
from interlang.workbench.exports.documents import stream_json, stream_ucefr, stream_xml
from interlang.workbench.exports.rdf import stream_rdfxml, stream_turtle
from interlang.workbench.exports.tabular import stream_csv, stream_tsv, stream_xlsx

Writer = Callable[..., Iterator[bytes]]


@dataclass(frozen=True)
class Exporter:
    """One export format: its name, HTTP media type, file extension and streaming writer."""

    name: str
    media_type: str
    extension: str
    writer: Writer
    description: str = ""
    #: Whether the writer accepts ``feature_names=`` (the tabular formats fix their columns).
    tabular: bool = False

    def stream(
        self,
        records: Iterable[Mapping[str, Any]],
        *,
        minimal: bool = False,
        feature_names: Sequence[str] | None = None,
    ) -> Iterator[bytes]:
        """The export of ``records`` as byte chunks (records are read lazily, once)."""
        if self.tabular:
            return self.writer(records, minimal=minimal, feature_names=feature_names)
        return self.writer(records, minimal=minimal)

    def filename(self, stem: str = "corpus", *, minimal: bool = False) -> str:
        """A download name such as ``corpus-minimal.ttl``."""
        return f"{stem}{'-minimal' if minimal else ''}.{self.extension}"


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("json", "application/json", "json", stream_json, "JSON array of texts"),
        Exporter("csv", "text/csv; charset=utf-8", "csv", stream_csv, "CSV, one row per text", True),
        Exporter(
            "tsv",
            "text/tab-separated-values; charset=utf-8",
            "tsv",
            stream_tsv,
            "TSV, one row per text",
            True,
        ),
        Exporter("xml", "application/xml", "xml", stream_xml, "XML <corpus> of <text> elements"),
        Exporter(
            "turtle",
            "text/turtle; charset=utf-8",
            "ttl",
            stream_turtle,
            "RDF Turtle (Dublin Core terms + the interlang CEFR namespace)",
        ),
        Exporter(
            "rdfxml",
            "application/rdf+xml",
            "rdf",
            stream_rdfxml,
            "RDF/XML (Dublin Core terms + the interlang CEFR namespace)",
        ),
        Exporter(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            stream_xlsx,
            "Excel workbook: texts and segments sheets",
            True,
        ),
        Exporter(
            "ucefr",
            "application/json",
            "json",
            stream_ucefr,
            "Universal-CEFR JSON (title, lang, source_name, format, category, cefr_level, content, license)",
        ),
    )
}


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``; InputError naming the formats otherwise."""
    try:
        return EXPORTERS[name.strip().lower()]
    except KeyError:
        raise InputError(
            f"unknown export format {name!r}; choose one of {', '.join(EXPORTERS)}"
        ) from None


__all__ = [
    "EXPORTERS",
    "FORMULA_TRIGGERS",
    "FULL_FIELDS",
    "MINIMAL_FIELDS",
    "Exporter",
    "get_exporter",
]
