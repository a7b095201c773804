"""RDF exports (Turtle, RDF/XML) through rdflib, written in chunks of records.

Vocabulary: Dublin Core terms for what they cover (``dcterms:identifier``, ``title``,
``source``, ``language``, ``created``, ``modified``, ``isPartOf``) and the ``cefr:`` namespace
(:data:`CEFR_NS`) for the rest: ``cefr:level`` points to one of six ``cefr:Level`` individuals
(``cefr:A1`` … ``cefr:C2``, ranked 1–6), plus ``status``, ``genre``, ``topic``, ``register``,
``split``, ``finalLevel``, ``content``, ``hasSegment``; each feature is a property in the
``feat:`` namespace (:data:`FEATURE_NS`) with a numeric literal. A small OWL header declares
the classes and levels.

Streaming: rdflib serialises whole graphs, so each chunk of :data:`CHUNK_RECORDS` records is
its own graph. Turtle: the prefixes are written once, then each chunk's triples without its
prefix lines. RDF/XML: one ``rdf:RDF`` root with every namespace declared, then each chunk's
``rdf:Description`` elements cut out of its serialisation (the namespace prefixes are the same
in every chunk because every namespace used is bound up front).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from interlang.errors import MissingExtra
from interlang.labels import CEFR_LEVELS
from interlang.workbench.exports._common import (
    buffered,
    chunks,
    features_of,
    level_of,
    project,
    safe_name,
    scalar_text,
    segments_of,
    xml_text,
)

CEFR_NS = "https://interlang.dev/ns/cefr#"
FEATURE_NS = "https://interlang.dev/ns/cefr/feature#"
#: Texts are ``<TEXT_BASE><id>``; their segments ``<TEXT_BASE><id>/segment/<order>``.
TEXT_BASE = "https://interlang.dev/corpus/text/"
CHUNK_RECORDS = 500

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_FIELD_PROPERTIES = {
    "status": "status",
    "genre": "genre",
    "topic": "topic",
    "register": "register",
    "split": "split",
    "n_assessments": "nAssessments",
    "prediction_model": "predictionModel",
}
_LEVEL_PROPERTIES = {"final_level": "finalLevel", "predicted_level": "predictedLevel"}


def _rdflib() -> Any:
    try:
        import rdflib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra("rdflib", "web") from exc
    return rdflib


def _namespaces(rdflib: Any) -> dict[str, Any]:
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

    return {
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "xsd": XSD,
        "dcterms": DCTERMS,
        "cefr": rdflib.Namespace(CEFR_NS),
        "feat": rdflib.Namespace(FEATURE_NS),
    }


def _graph(rdflib: Any, ns: Mapping[str, Any]) -> Any:
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in ns.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _literal(rdflib: Any, ns: Mapping[str, Any], value: Any, *, for_xml: bool) -> Any:
    """A typed literal: numbers stay numbers, dates become xsd:dateTime / xsd:date.

    Fractional numbers are ``xsd:decimal`` written out exactly: rdflib's Turtle writer prints
    ``xsd:double`` with seven significant digits, which would lose feature precision.
    """
    if isinstance(value, bool):
        return rdflib.Literal(value)
    if isinstance(value, int):
        return rdflib.Literal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return rdflib.Literal(value)
        return rdflib.Literal(format(Decimal(repr(value)), "f"), datatype=ns["xsd"].decimal)
    if isinstance(value, datetime):
        return rdflib.Literal(value.isoformat(), datatype=ns["xsd"].dateTime)
    if isinstance(value, date):
        return rdflib.Literal(value.isoformat(), datatype=ns["xsd"].date)
    text = scalar_text(value)
    return rdflib.Literal(xml_text(text) if for_xml else text)


def _date_literal(rdflib: Any, ns: Mapping[str, Any], value: Any, *, for_xml: bool) -> Any:
    """Dates given as ISO strings are typed too."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return _literal(rdflib, ns, value, for_xml=for_xml)
        return rdflib.Literal(parsed.isoformat(), datatype=ns["xsd"].dateTime)
    return _literal(rdflib, ns, value, for_xml=for_xml)


def _level(rdflib: Any, ns: Mapping[str, Any], value: Any, *, for_xml: bool) -> Any:
    return ns["cefr"][value] if value in CEFR_LEVELS else _literal(rdflib, ns, value, for_xml=for_xml)


def _ontology(rdflib: Any, ns: Mapping[str, Any]) -> Any:
    """Classes, properties and the six ordered CEFR levels."""
    graph = _graph(rdflib, ns)
    cefr, rdf, rdfs, owl, xsd = ns["cefr"], ns["rdf"], ns["rdfs"], ns["owl"], ns["xsd"]
    for name, comment in (
        ("Text", "A text of the CEFR workbench."),
        ("Segment", "An ordered part of a text with its own CEFR annotation."),
        ("Level", "A CEFR proficiency level (A1 lowest, C2 highest)."),
    ):
        graph.add((cefr[name], rdf.type, owl.Class))
        graph.add((cefr[name], rdfs.comment, rdflib.Literal(comment, lang="en")))
    for rank, level in enumerate(CEFR_LEVELS, start=1):
        graph.add((cefr[level], rdf.type, cefr.Level))
        graph.add((cefr[level], rdfs.label, rdflib.Literal(level)))
        graph.add((cefr[level], cefr.rank, rdflib.Literal(rank, datatype=xsd.integer)))
    for prop in ("level", "finalLevel", "predictedLevel"):
        graph.add((cefr[prop], rdf.type, owl.ObjectProperty))
        graph.add((cefr[prop], rdfs.range, cefr.Level))
    graph.add((cefr.hasSegment, rdf.type, owl.ObjectProperty))
    graph.add((cefr.hasSegment, rdfs.range, cefr.Segment))
    return graph


def _add_record(
    rdflib: Any, ns: Mapping[str, Any], graph: Any, record: Mapping[str, Any], minimal: bool, for_xml: bool
) -> None:
    cefr, dcterms, rdf, feat = ns["cefr"], ns["dcterms"], ns["rdf"], ns["feat"]
    fields = project(record, minimal)
    identifier = scalar_text(fields.get("id"))
    subject = rdflib.URIRef(TEXT_BASE + quote(identifier, safe=""))
    graph.add((subject, rdf.type, cefr.Text))

    def lit(value: Any) -> Any:
        return _literal(rdflib, ns, value, for_xml=for_xml)

    if identifier:
        graph.add((subject, dcterms.identifier, rdflib.Literal(identifier)))
    language = scalar_text(fields.get("language"))
    if language:
        graph.add((subject, dcterms.language, rdflib.Literal(language, datatype=ns["xsd"].language)))
    level = level_of(record)
    if level not in (None, ""):
        graph.add((subject, cefr.level, _level(rdflib, ns, level, for_xml=for_xml)))
    text = scalar_text(fields.get("text"))
    if text:
        tag = language if _LANGUAGE_TAG.match(language) else None
        graph.add((subject, cefr.content, rdflib.Literal(xml_text(text) if for_xml else text, lang=tag)))
    if minimal:
        return
    if scalar_text(fields.get("title")):
        graph.add((subject, dcterms.title, lit(fields["title"])))
    if scalar_text(fields.get("source")):
        graph.add((subject, dcterms.source, lit(fields["source"])))
    for key, prop in (("created_at", "created"), ("updated_at", "modified")):
        if scalar_text(fields.get(key)):
            graph.add((subject, dcterms[prop], _date_literal(rdflib, ns, fields[key], for_xml=for_xml)))
    for key, prop in _FIELD_PROPERTIES.items():
        if scalar_text(fields.get(key)):
            graph.add((subject, cefr[prop], lit(fields[key])))
    for key, prop in _LEVEL_PROPERTIES.items():
        if scalar_text(fields.get(key)):
            graph.add((subject, cefr[prop], _level(rdflib, ns, fields[key], for_xml=for_xml)))
    for name, value in features_of(record).items():
        if scalar_text(value) != "":  # NaN and None: no triple rather than a fake number
            graph.add((subject, feat[safe_name(name)], lit(value)))
    for position, segment in enumerate(segments_of(record), start=1):
        order = segment["order"] if segment["order"] is not None else position
        node = rdflib.URIRef(f"{subject}/segment/{quote(scalar_text(order), safe='')}")
        graph.add((subject, cefr.hasSegment, node))
        graph.add((node, rdf.type, cefr.Segment))
        graph.add((node, dcterms.isPartOf, subject))
        graph.add((node, cefr.order, lit(order)))
        if scalar_text(segment["level"]):
            graph.add((node, cefr.level, _level(rdflib, ns, segment["level"], for_xml=for_xml)))
        if scalar_text(segment["text"]):
            graph.add((node, cefr.content, lit(segment["text"])))


def _chunk_graphs(
    records: Iterable[Mapping[str, Any]], minimal: bool, for_xml: bool
) -> Iterator[Any]:
    rdflib = _rdflib()
    ns = _namespaces(rdflib)
    yield _ontology(rdflib, ns)
    for batch in chunks(records, CHUNK_RECORDS):
        graph = _graph(rdflib, ns)
        for record in batch:
            _add_record(rdflib, ns, graph, record, minimal, for_xml)
        yield graph


def _prefix_lines() -> list[str]:
    rdflib = _rdflib()
    return [f"@prefix {p}: <{n}> ." for p, n in _namespaces(rdflib).items()]


def stream_turtle(records: Iterable[Mapping[str, Any]], *, minimal: bool = False) -> Iterator[bytes]:
    """Turtle: the prefixes once, then each chunk's triples."""

    def pieces() -> Iterator[str]:
        header = _prefix_lines()
        known = set(header)
        yield "\n".join(header) + "\n\n"
        for graph in _chunk_graphs(records, minimal, for_xml=False):
            body = graph.serialize(format="turtle")
            # A prefix line not declared above (none expected) is kept: Turtle allows it anywhere.
            lines = [line for line in body.splitlines() if line.strip() not in known]
            yield "\n".join(lines).strip("\n") + "\n\n"

    return buffered(pieces())


_RDF_ROOT = re.compile(r"<rdf:RDF\b([^>]*)>", re.DOTALL)
_XMLNS = re.compile(r'xmlns:([A-Za-z_][\w.-]*)="([^"]*)"')


def stream_rdfxml(records: Iterable[Mapping[str, Any]], *, minimal: bool = False) -> Iterator[bytes]:
    """RDF/XML: one ``rdf:RDF`` root around every chunk's descriptions."""

    def pieces() -> Iterator[str]:
        rdflib = _rdflib()
        declared = {p: str(n) for p, n in _namespaces(rdflib).items()}
        attributes = "".join(f'\n   xmlns:{p}="{n}"' for p, n in declared.items())
        yield f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{attributes}\n>\n'
        for graph in _chunk_graphs(records, minimal, for_xml=True):
            body = graph.serialize(format="xml")
            root = _RDF_ROOT.search(body)
            end = body.rfind("</rdf:RDF>")
            if root is None or end < 0:  # an empty graph serialises to a bare root
                continue
            for prefix, uri in _XMLNS.findall(root.group(1)):
                if declared.get(prefix) != uri:
                    raise RuntimeError(f"RDF/XML chunk uses an undeclared namespace {prefix}={uri}")
            inner = body[root.end() : end].strip("\n")
            if inner.strip():
                yield inner + "\n"
        yield "</rdf:RDF>\n"

    return buffered(pieces())
