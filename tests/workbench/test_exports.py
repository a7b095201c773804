"""Streamed corpus exports: every format parses back, stays lazy, and is injection-safe."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from interlang.errors import InputError
from interlang.workbench.exports import EXPORTERS, FULL_FIELDS, get_exporter

rdflib = pytest.importorskip("rdflib", reason="rdflib comes with the [web] extra")
openpyxl = pytest.importorskip("openpyxl", reason="openpyxl comes with the [web] extra")

CEFR = rdflib.Namespace("https://interlang.dev/ns/cefr#")
FEAT = rdflib.Namespace("https://interlang.dev/ns/cefr/feature#")
DCT = rdflib.namespace.DCTERMS
TEXT = "https://interlang.dev/corpus/text/"


def _records() -> list[dict[str, Any]]:
    return [
        {
            "id": 1,
            "title": "Im Café <Zürich> & mehr",
            "text": "Ich trinke Kaffee.\nDann gehe ich nach Hause.",
            "language": "de",
            "level": "A2",
            "status": "approved",
            "genre": "blog",
            "topic": "food",
            "register": "informal",
            "source": "DW",
            "split": "train",
            "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            "updated_at": "2026-02-01T10:00:00+00:00",
            "features": {"basic_words": 9, "div_mtld": float("nan"), "read_wstf": -1.25},
            "segments": [
                {"order": 2, "text": "Dann gehe ich nach Hause.", "level": "A1"},
                {"order": 1, "text": "Ich trinke Kaffee.", "level": "A2"},
            ],
            "final_level": "A2",
            "n_assessments": 3,
        },
        {
            "id": "ext/7",
            "title": "=HYPERLINK(\"http://evil\",\"click\")",
            "text": "-2+3 is not a formula here; @mention \"quoted\", comma",
            "language": "en",
            "level": None,
            "final_level": "C1",
            "features": {"basic_words": 10, "extra_feature": 0.5},
        },
        {"id": 3},  # nearly empty: missing keys give empty values
    ]


def _export(name: str, records: Any = None, **options: Any) -> bytes:
    return b"".join(EXPORTERS[name].stream(_records() if records is None else records, **options))


def test_registry() -> None:
    assert set(EXPORTERS) == {"json", "csv", "tsv", "xml", "turtle", "rdfxml", "xlsx", "ucefr"}
    for name, exporter in EXPORTERS.items():
        assert exporter.name == name and exporter.media_type and exporter.extension
    assert get_exporter(" CSV ").name == "csv"
    assert EXPORTERS["turtle"].filename("texts", minimal=True) == "texts-minimal.ttl"
    with pytest.raises(InputError, match="unknown export format"):
        get_exporter("docx")


def test_json_full_and_minimal() -> None:
    data = json.loads(_export("json"))
    assert [r["id"] for r in data] == [1, "ext/7", 3]
    first = data[0]
    assert list(first)[: len(FULL_FIELDS)] == list(FULL_FIELDS)
    assert first["features"] == {"basic_words": 9, "div_mtld": None, "read_wstf": -1.25}
    assert [s["order"] for s in first["segments"]] == [1, 2]  # put in order
    assert first["created_at"] == "2026-01-02T03:04:05+00:00"
    assert data[2]["title"] is None and data[2]["features"] == {}
    minimal = json.loads(_export("json", minimal=True))
    assert [set(r) for r in minimal] == [{"id", "language", "level", "text"}] * 3
    assert minimal[1]["level"] == "C1"  # falls back to the final level
    assert json.loads(_export("json", [])) == []


@pytest.mark.parametrize(("name", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited(name: str, delimiter: str) -> None:
    raw = _export(name)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))
    assert len(rows) == 3
    first, second, third = rows
    assert first["text"] == "Ich trinke Kaffee.\nDann gehe ich nach Hause."
    assert first["basic_words"] == "9" and first["div_mtld"] == "" and first["read_wstf"] == "-1.25"
    assert json.loads(first["segments"])[0]["text"] == "Ich trinke Kaffee."
    assert second["extra_feature"] == "0.5"  # seen in the first records: its own column
    assert third["title"] == "" and third["segments"] == ""
    minimal = list(csv.reader(io.StringIO(_export(name, minimal=True).decode("utf-8-sig")), delimiter=delimiter))
    assert minimal[0] == ["id", "language", "level", "text"]


def test_delimited_late_features_are_kept() -> None:
    records = [*_records(), {"id": 4, "features": {"only_late": 2.0}}]
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    EXPORTERS["csv"].stream(records, feature_names=["basic_words"])
                ).decode("utf-8-sig")
            )
        )
    )
    assert "only_late" not in rows[0]
    assert json.loads(rows[3]["features_other"]) == {"only_late": 2.0}
    assert json.loads(rows[1]["features_other"]) == {"extra_feature": 0.5}


DANGEROUS = ["=1+2", "+SUM(A1)", "-3+cmd", "@SUM(1)", "\tx", "\rx"]


@pytest.mark.parametrize("name", ["csv", "tsv"])
def test_delimited_formula_injection(name: str) -> None:
    records = [{"id": f"=id{i}", "title": value, "text": value} for i, value in enumerate(DANGEROUS)]
    records.append({"id": 9, "text": "plain", "features": {"neg": -4.5}})
    delimiter = "," if name == "csv" else "\t"
    rows = list(
        csv.DictReader(io.StringIO(_export(name, records).decode("utf-8-sig")), delimiter=delimiter)
    )
    for row, value in zip(rows, DANGEROUS, strict=False):
        assert row["title"] == "'" + value and row["text"] == "'" + value
        assert row["id"].startswith("'=")
    assert rows[-1]["neg"] == "-4.5"  # numbers are numbers, not formulas


def test_xlsx() -> None:
    long_text = "word " * 8000  # 40,000 characters: over Excel's cell limit
    records = [*_records(), {"id": 4, "title": "+danger", "text": long_text}]
    records += [{"id": f"f{i}", "text": value} for i, value in enumerate(DANGEROUS)]
    workbook = openpyxl.load_workbook(io.BytesIO(_export("xlsx", records)))
    sheet = workbook["texts"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["id", "title", "text"] and "n_segments" in header
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 80
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert rows[0]["basic_words"] == 9 and rows[0]["read_wstf"] == -1.25
    assert rows[0]["div_mtld"] is None and rows[0]["n_segments"] == 2
    assert rows[1]["title"].startswith("'=HYPERLINK")
    assert rows[3]["title"] == "'+danger"
    assert len(rows[3]["text"]) == 32_767 and rows[3]["text"].endswith("[…]")
    for row, value in zip(rows[4:], DANGEROUS, strict=True):
        assert row["text"] == "'" + value.replace("\r", "\n")  # XML reads CR back as LF
    assert all(sheet.cell(r, c).data_type != "f" for r in range(1, sheet.max_row + 1) for c in range(1, 4))
    segments = list(workbook["segments"].iter_rows(values_only=True))
    assert segments[0] == ("text_id", "order", "level", "text")
    assert segments[1:] == [(1, 1, "A2", "Ich trinke Kaffee."), (1, 2, "A1", "Dann gehe ich nach Hause.")]
    minimal = openpyxl.load_workbook(io.BytesIO(_export("xlsx", minimal=True)))
    assert minimal.sheetnames == ["texts"]
    assert [c.value for c in minimal["texts"][1]] == ["id", "language", "level", "text"]


def test_xml_escaped_and_well_formed() -> None:
    records = [*_records(), {"id": 'a"b<c>', "text": "bad \x01 char \x0b", "level": "B1"}]
    root = ET.fromstring(_export("xml", records))
    ns = {"c": "https://interlang.dev/ns/corpus#"}
    assert root.tag == "{https://interlang.dev/ns/corpus#}corpus" and root.get("variant") == "full"
    texts = root.findall("c:text", ns)
    assert len(texts) == 4
    first = texts[0]
    assert first.get("id") == "1" and first.get("level") == "A2" and first.get("language") == "de"
    assert first.findtext("c:title", namespaces=ns) == "Im Café <Zürich> & mehr"
    assert first.findtext("c:content", namespaces=ns).startswith("Ich trinke")
    features = {f.get("name"): f.text for f in first.findall("c:features/c:feature", ns)}
    assert features == {"basic_words": "9", "div_mtld": None, "read_wstf": "-1.25"}
    assert [s.get("order") for s in first.findall("c:segments/c:segment", ns)] == ["1", "2"]
    assert texts[3].get("id") == 'a"b<c>'
    assert texts[3].findtext("c:content", namespaces=ns) == "bad \ufffd char \ufffd"
    minimal = ET.fromstring(_export("xml", minimal=True))
    assert minimal.get("variant") == "minimal"
    assert [child.tag.split("}")[1] for child in minimal[0]] == ["content"]
    assert len(ET.fromstring(_export("xml", []))) == 0


@pytest.mark.parametrize(("name", "fmt"), [("turtle", "turtle"), ("rdfxml", "xml")])
def test_rdf_parses_with_vocabulary(name: str, fmt: str) -> None:
    graph = rdflib.Graph().parse(data=_export(name), format=fmt)
    one = rdflib.URIRef(TEXT + "1")
    assert (one, rdflib.RDF.type, CEFR.Text) in graph
    assert (one, CEFR.level, CEFR.A2) in graph
    assert graph.value(one, DCT.title).toPython() == "Im Café <Zürich> & mehr"
    assert str(graph.value(one, DCT.language)) == "de"
    assert str(graph.value(one, DCT.source)) == "DW"
    assert graph.value(one, DCT.created).toPython() == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert graph.value(one, DCT.modified) is not None
    assert str(graph.value(one, CEFR.genre)) == "blog" and str(graph.value(one, CEFR.status)) == "approved"
    assert graph.value(one, FEAT.basic_words).toPython() == 9
    assert graph.value(one, FEAT.read_wstf).toPython() == -1.25
    assert graph.value(one, FEAT.div_mtld) is None  # NaN: no triple
    content = graph.value(one, CEFR.content)
    assert content.language == "de" and content.startswith("Ich trinke")
    segments = sorted(graph.objects(one, CEFR.hasSegment))
    assert len(segments) == 2 and (segments[0], DCT.isPartOf, one) in graph
    assert (CEFR.B1, CEFR.rank, rdflib.Literal(3)) in graph
    ext = rdflib.URIRef(TEXT + "ext%2F7")
    assert (ext, CEFR.level, CEFR.C1) in graph and (ext, CEFR.finalLevel, CEFR.C1) in graph
    minimal = rdflib.Graph().parse(data=_export(name, minimal=True), format=fmt)
    assert minimal.value(one, DCT.title) is None and (one, CEFR.level, CEFR.A2) in minimal


def test_rdf_streams_match_the_rdflib_graph() -> None:
    from interlang.workbench.exports.rdf import rdf_graph

    records = [
        *_records(),
        *(
            {"id": i, "text": f"Text {i}.", "language": "en", "level": "B2", "features": {"f": i / 3}}
            for i in range(100, 400)
        ),
        {"id": "q", "text": 'back\\slash "quotes"\ttab\r\nCRLF', "title": "x\u00e9\u4e2d", "features": {"big": 1e22, "tiny": 1e-20, "flag": True}},
    ]
    reference = set(rdf_graph(records))
    turtle = _export("turtle", records)
    assert turtle.count(b"@prefix cefr:") == 1
    g_turtle = rdflib.Graph().parse(data=turtle, format="turtle")
    rdfxml = _export("rdfxml", records)
    assert rdfxml.count(b"<rdf:RDF") == 1
    g_xml = rdflib.Graph().parse(data=rdfxml, format="xml")
    assert set(g_turtle) == reference
    assert set(g_xml) == reference
    assert len(set(g_turtle.subjects(rdflib.RDF.type, CEFR.Text))) == len(records)
    value = g_turtle.value(rdflib.URIRef(TEXT + "399"), FEAT.f).toPython()
    assert float(value) == 399 / 3  # full precision (rdflib's own Turtle writer keeps 7 digits)
    q = rdflib.URIRef(TEXT + "q")
    assert str(g_xml.value(q, CEFR.content)) == 'back\\slash "quotes"\ttab\r\nCRLF'
    assert float(g_turtle.value(q, FEAT.big).toPython()) == 1e22
    assert float(g_turtle.value(q, FEAT.tiny).toPython()) == 1e-20
    for name, fmt in (("turtle", "turtle"), ("rdfxml", "xml")):
        assert len(rdflib.Graph().parse(data=_export(name, []), format=fmt)) > 0  # the ontology
        minimal = rdflib.Graph().parse(data=_export(name, records, minimal=True), format=fmt)
        assert set(minimal) == set(rdf_graph(records, minimal=True))


def test_rdf_odd_feature_names_and_control_characters() -> None:
    records = [{"id": "x y", "text": "a\x02b", "features": {"9 weird name!": 1.0}}]
    for name, fmt in (("turtle", "turtle"), ("rdfxml", "xml")):
        graph = rdflib.Graph().parse(data=_export(name, records), format=fmt)
        subject = rdflib.URIRef(TEXT + "x%20y")
        assert graph.value(subject, FEAT["_9_weird_name_"]).toPython() == 1.0


def test_ucefr_round_trip(tmp_path: Path) -> None:
    from interlang.corpora import read_corpus

    path = tmp_path / "export.json"
    path.write_bytes(_export("ucefr"))
    data = json.loads(path.read_text("utf-8"))
    assert list(data[0])[:8] == [
        "title", "lang", "source_name", "format", "category", "cefr_level", "content", "license"
    ]
    records, _report = read_corpus(path, format="universal-cefr", keep_unlabelled=True)
    assert len(records) == 3 - 1  # the third record has no text: the reader skips it
    first, second = records
    assert first.text == "Ich trinke Kaffee.\nDann gehe ich nach Hause."
    assert (first.language, first.cefr) == ("de", "A2")
    assert first.metadata["title"] == "Im Café <Zürich> & mehr"
    assert first.metadata["source_name"] == "DW" and first.metadata["split"] == "train"
    assert first.metadata["features"]["basic_words"] == 9
    assert (second.language, second.cefr) == ("en", "C1")
    sniffed, _ = read_corpus(path, keep_unlabelled=True)  # recognised from its fields
    assert [r.text for r in sniffed] == [r.text for r in records]
    minimal = json.loads(_export("ucefr", minimal=True))
    assert [list(r) for r in minimal] == [[
        "title", "lang", "source_name", "format", "category", "cefr_level", "content", "license"
    ]] * 3


def _counted(n: int, text: str = "Ein kurzer Text. " * 20) -> tuple[Iterator[dict[str, Any]], list[int]]:
    pulled = [0]

    def generate() -> Iterator[dict[str, Any]]:
        for i in range(n):
            pulled[0] += 1
            yield {"id": i, "text": text, "language": "de", "level": "B1", "features": {"f": 1.0}}

    return generate(), pulled


@pytest.mark.parametrize("name", ["json", "csv", "tsv", "xml", "turtle", "rdfxml", "ucefr"])
def test_streams_are_lazy(name: str) -> None:
    n = 1500 if name in ("turtle", "rdfxml") else 5000  # rdflib is slow; 3 chunks suffice
    records, pulled = _counted(n)
    stream = EXPORTERS[name].stream(records)
    assert pulled[0] == 0  # nothing read before the first chunk is asked for
    first = next(stream)
    assert first and pulled[0] < n  # the first bytes leave before the last record is read
    rest = b"".join(stream)
    assert pulled[0] == n and rest


@pytest.mark.parametrize("name", ["json", "csv", "xml", "ucefr"])
def test_memory_stays_flat(name: str) -> None:
    records, _ = _counted(4000, "Ein etwas längerer Satz für den Speichertest. " * 40)  # ~7 MB
    size = 0
    tracemalloc.start()
    try:
        for chunk in EXPORTERS[name].stream(records):
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 7_000_000
    assert peak < 2_000_000, f"{name}: peak {peak} bytes for a {size}-byte export"


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_empty_and_odd_records_never_crash(name: str) -> None:
    odd = [{}, {"id": None, "features": None, "segments": "not a list"}, {"id": 2, "segments": [{}]}]
    assert _export(name, odd)
    assert _export(name, [])


def test_prediction_object_fills_the_prediction_fields() -> None:
    records = [{"id": 1, "text": "x", "prediction": {"model": "level-de", "level": "B2", "proba": {}}}]
    (row,) = json.loads(_export("json", records))
    assert (row["predicted_level"], row["prediction_model"]) == ("B2", "level-de")
    graph = rdflib.Graph().parse(data=_export("turtle", records), format="turtle")
    assert (rdflib.URIRef(TEXT + "1"), CEFR.predictedLevel, CEFR.B2) in graph
