"""Dashboard statistics, SVG charts and the XLSX workbook."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from interlang.workbench.agreement import summarise
from interlang.workbench.dashboard import (
    confusion_svg,
    dashboard_charts,
    dashboard_stats,
    dashboard_xlsx,
    svg_bar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def _corpus() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    texts = [
        {
            "id": 1,
            "level": "A1",
            "genre": "blog",
            "topic": "food",
            "register": "informal",
            "status": "approved",
            "language": "de",
            "features": {
                "basic_words": 50,
                "basic_sentences": 5,
                "basic_flesch_reading_ease": 80.0,
                "basic_ttr": 0.8,
                "div_mtld": 40.0,
                "basic_mean_sentence_length": 10.0,
            },
        },
        {
            "id": 2,
            "level": "A1",
            "genre": "news",
            "status": "approved",
            "language": "de",
            "features": {
                "basic_words": 70,
                "basic_sentences": 5,
                "basic_flesch_reading_ease": 70.0,
                "basic_ttr": 0.7,
                "div_mtld": float("nan"),  # unavailable: not averaged
            },
        },
        {
            "id": 3,
            "level": "B2",
            "final_level": "C1",  # the reviewer's level wins
            "genre": "news",
            "status": "approved",
            "language": "en",
            "features": {"basic_words": 300, "basic_sentences": 15, "basic_flesch_reading_ease": 45.5},
        },
        # no features: words and sentences are counted from the text
        {"id": 4, "level": "B1", "text": "One two three. Four five! Six?", "status": "pending_review"},
        {"id": 5, "text": "Not levelled yet.", "status": "draft"},
    ]
    assessments = [
        {"text_id": 1, "annotator_id": 10, "annotator": "ann", "level": "A1"},
        {"text_id": 1, "annotator_id": 11, "annotator": "bob", "level": "A2"},
        {"text_id": 2, "annotator_id": 10, "annotator": "ann", "level": "A1"},
        {"text_id": 2, "annotator_id": 11, "annotator": "bob", "level": "A1"},
        {"text_id": 3, "annotator_id": 10, "annotator": "ann", "level": "B2"},
        {"text_id": 3, "annotator_id": 11, "annotator": "bob", "level": "C1"},
        {"text_id": 4, "annotator_id": 10, "annotator": "ann", "level": "C2"},
        {"text_id": 4, "annotator_id": 11, "annotator": "bob", "level": "B1"},
        {"text_id": 5, "annotator_id": 11, "annotator": "bob", "level": "B1"},
    ]
    predictions = [
        {"text_id": 1, "level": "A2"},
        {"text_id": 1, "level": "A1"},  # the later prediction counts
        {"text_id": 2, "level": "A2"},
        {"text_id": 3, "level": "C1"},
        {"text_id": 4, "level": "B2"},
        {"text_id": 5, "level": "B1"},  # no final level: not in the confusion matrix
    ]
    return texts, assessments, predictions


def test_levels_and_quality() -> None:
    stats = dashboard_stats(*_corpus())
    json.dumps(stats, allow_nan=False)
    assert stats["totals"]["texts"] == 5 and stats["totals"]["labelled"] == 4
    assert stats["totals"]["words"] == 50 + 70 + 300 + 6 + 3
    levels = {row["level"]: row for row in stats["levels"]}
    assert list(levels) == ["A1", "A2", "B1", "B2", "C1", "C2", "unlabelled"]
    a1 = levels["A1"]
    assert (a1["texts"], a1["words"], a1["sentences"]) == (2, 120, 10)
    assert a1["share_texts"] == pytest.approx(0.4)
    assert a1["quality"]["words"] == {"mean": 60.0, "n": 2}
    assert a1["quality"]["readability"] == {"mean": 75.0, "n": 2}
    assert a1["quality"]["ttr"]["mean"] == pytest.approx(0.75)
    assert a1["quality"]["mtld"] == {"mean": 40.0, "n": 1}
    assert levels["C1"]["texts"] == 1 and levels["B2"]["texts"] == 0
    assert (levels["B1"]["words"], levels["B1"]["sentences"]) == (6, 3)
    assert levels["A2"]["quality"]["readability"] == {"mean": None, "n": 0}
    assert levels["unlabelled"]["texts"] == 1


def test_facets() -> None:
    stats = dashboard_stats(*_corpus())
    assert stats["by_genre"][0] == {"value": "news", "texts": 2}
    assert {"value": "(none)", "texts": 2} in stats["by_genre"]
    assert {"value": "food", "texts": 1} in stats["by_topic"]
    assert {"value": "approved", "texts": 3} in stats["by_status"]
    assert {"value": "informal", "texts": 1} in stats["by_register"]


def test_agreement_confusion_and_annotators() -> None:
    texts, assessments, predictions = _corpus()
    stats = dashboard_stats(texts, assessments, predictions, top_disagreements=2)
    by_text: dict[int, dict[int, str]] = {}
    for a in assessments:
        by_text.setdefault(a["text_id"], {})[a["annotator_id"]] = a["level"]
    expected = summarise(by_text)
    agreement = stats["agreement"]
    assert "texts" not in agreement
    assert agreement["cohen_kappa"]["value"] == expected["cohen_kappa"]["value"]
    assert agreement["weighted_kappa_linear"]["value"] == expected["weighted_kappa_linear"]["value"]
    assert agreement["n_disagreements"] == 3
    assert [d["text_id"] for d in agreement["disagreements"]] == [4, 1]  # spread 3, then 1

    confusion = stats["confusion"]
    assert confusion["n"] == 4
    matrix = confusion["matrix"]
    assert matrix[0][0] == 1 and matrix[0][1] == 1  # A1 → A1, A1 → A2
    assert matrix[4][4] == 1 and matrix[2][3] == 1  # C1 → C1, B1 → B2
    assert sum(map(sum, matrix)) == 4
    assert confusion["accuracy"] == pytest.approx(0.5)
    assert confusion["adjacent_accuracy"] == pytest.approx(1.0)

    annotators = {a["name"]: a for a in stats["annotators"]}
    ann, bob = annotators["ann"], annotators["bob"]
    # ann vs final: A1=A1, A1=A1, B2 vs C1 (−1), C2 vs B1 (+3)
    assert (ann["assessments"], ann["compared"]) == (4, 4)
    assert ann["agreement"] == pytest.approx(0.5)
    assert ann["within_one"] == pytest.approx(0.75)
    assert ann["mean_abs_distance"] == pytest.approx(1.0)
    assert ann["mean_signed_distance"] == pytest.approx(0.5)
    # bob: A2 vs A1 (+1), A1, C1, B1 agree; text 5 has no final level
    assert (bob["assessments"], bob["compared"]) == (5, 4)
    assert bob["agreement"] == pytest.approx(0.75)
    assert stats["totals"]["assessments"] == 9 and stats["totals"]["annotators"] == 2


def test_empty_inputs() -> None:
    stats = dashboard_stats([], [], [])
    json.dumps(stats, allow_nan=False)
    assert stats["totals"]["texts"] == 0
    assert stats["confusion"]["accuracy"] is None and stats["confusion"]["qwk"] is None
    assert stats["agreement"]["cohen_kappa"]["value"] is None
    assert dashboard_xlsx(stats)[:2] == b"PK"
    assert all(ET.fromstring(svg) is not None for svg in dashboard_charts(stats).values())


def test_predictions_as_mapping() -> None:
    texts, assessments, _ = _corpus()
    stats = dashboard_stats(texts, assessments, {1: "A1", 2: {"level": "A1"}})
    assert stats["confusion"]["n"] == 2 and stats["confusion"]["accuracy"] == pytest.approx(1.0)


def test_svg_bar_chart_escapes_and_scales() -> None:
    svg = svg_bar_chart({"<b>&": 10, "B1": 5, "none": None}, title='Texts "per" <level>')
    root = ET.fromstring(svg)  # well-formed: labels are escaped
    assert root.tag == f"{SVG}svg"
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    rects = root.findall(f"{SVG}rect")
    assert len(rects) == 2  # None draws no bar
    heights = [float(r.get("height", 0)) for r in rects]
    assert heights[0] == pytest.approx(2 * heights[1])
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert "<b>&" in labels and 'Texts "per" <level>' in labels


def test_confusion_svg() -> None:
    svg = confusion_svg([[3, 1], [0, 2]], ["A1", "<A2>"], title="m")
    root = ET.fromstring(svg)
    cells = root.findall(f"{SVG}rect")
    assert len(cells) == 4
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert {"3", "1", "0", "2", "<A2>"} <= set(texts)
    with pytest.raises(ValueError, match="2 × 2"):
        confusion_svg([[1, 2, 3]], ["A1", "A2"])


def test_dashboard_xlsx_is_formatted() -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl comes with the [web] extra")
    texts, assessments, predictions = _corpus()
    assessments.append({"text_id": 5, "annotator_id": "=cmd", "annotator": "=cmd()", "level": "B1"})
    stats = dashboard_stats(texts, assessments, predictions)
    workbook = openpyxl.load_workbook(io.BytesIO(dashboard_xlsx(stats)))
    assert workbook.sheetnames == [
        "Overview", "Levels", "Content", "Agreement", "Disagreements", "Confusion", "Annotators"
    ]
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1] if cell.value is not None)
    levels = workbook["Levels"]
    assert [c.value for c in levels["A"][1:7]] == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert levels["B2"].value == 2 and levels["C2"].number_format == "0.0%"
    assert len(levels._charts) == 1
    agreement = workbook["Agreement"]
    assert agreement["A2"].value.startswith("Cohen") and agreement["B2"].number_format == "0.000"
    assert agreement["B2"].value == pytest.approx(stats["agreement"]["cohen_kappa"]["value"])
    confusion = workbook["Confusion"]
    assert confusion["B2"].value == 1 and confusion.conditional_formatting
    names = [c.value for c in workbook["Annotators"]["A"][1:]]
    assert "'=cmd()" in names  # guarded against formula injection
    assert workbook["Annotators"].column_dimensions["A"].width == 24


def test_counts_from_the_service_fields() -> None:
    stats = dashboard_stats([{"id": 1, "level": "B1", "n_words": 42, "n_sentences": 4, "text": "a b"}], [])
    b1 = next(row for row in stats["levels"] if row["level"] == "B1")
    assert (b1["words"], b1["sentences"]) == (42, 4)
