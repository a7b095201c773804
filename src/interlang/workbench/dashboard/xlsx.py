"""The dashboard as a formatted XLSX workbook (one sheet per section, formula injection guarded)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from interlang.errors import MissingExtra
from interlang.workbench.dashboard.statistics import QUALITY_FEATURES


def dashboard_xlsx(stats: Mapping[str, Any]) -> bytes:
    """A formatted workbook of :func:`dashboard_stats`: one sheet per section.

    Bold frozen headers, column widths, number formats; a bar chart of texts per level and a
    colour scale on the confusion matrix. Cell text is guarded against formula injection.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.chart import BarChart, Reference
        from openpyxl.formatting.rule import ColorScaleRule
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra("openpyxl", "web") from exc
    from interlang.workbench.exports.tabular import excel_value

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    workbook = Workbook()
    workbook.remove(workbook.active)

    def sheet(
        title: str,
        header: list[str],
        rows: Iterable[Sequence[Any]],
        formats: Mapping[int, str] | None = None,
        widths: Mapping[int, float] | None = None,
    ) -> Any:
        ws = workbook.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in rows:
            ws.append([excel_value(v) for v in row])
        for column, number_format in (formats or {}).items():
            for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = number_format
        for i, name in enumerate(header, start=1):
            width = (widths or {}).get(i, max(10.0, min(40.0, len(name) + 4.0)))
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        return ws

    totals = stats["totals"]
    sheet(
        "Overview",
        ["figure", "value"],
        [(name.replace("_", " "), value) for name, value in totals.items()],
        {2: "#,##0"},
        {1: 24, 2: 14},
    )

    quality_names = list(QUALITY_FEATURES)
    level_rows = [
        [
            row["level"],
            row["texts"],
            row["share_texts"],
            row["words"],
            row["share_words"],
            row["sentences"],
            row["share_sentences"],
            *(row["quality"][name]["mean"] for name in quality_names),
        ]
        for row in stats["levels"]
    ]
    levels_ws = sheet(
        "Levels",
        [
            "level",
            "texts",
            "share of texts",
            "words",
            "share of words",
            "sentences",
            "share of sentences",
            *(f"mean {name.replace('_', ' ')}" for name in quality_names),
        ],
        level_rows,
        {
            2: "#,##0",
            3: "0.0%",
            4: "#,##0",
            5: "0.0%",
            6: "#,##0",
            7: "0.0%",
            **{8 + i: "0.00" for i in range(len(quality_names))},
        },
    )
    if level_rows:
        chart = BarChart()
        chart.title = "Texts per level"
        chart.y_axis.title = "texts"
        chart.x_axis.title = "level"
        chart.legend = None
        n = len(level_rows)
        chart.add_data(Reference(levels_ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
        chart.set_categories(Reference(levels_ws, min_col=1, min_row=2, max_row=n + 1))
        chart.height, chart.width = 7.5, 15
        levels_ws.add_chart(chart, f"A{n + 4}")

    content_rows: list[list[Any]] = []
    for facet in ("genre", "topic", "register", "status", "language"):
        content_rows += [[facet, item["value"], item["texts"]] for item in stats[f"by_{facet}"]]
    sheet("Content", ["facet", "value", "texts"], content_rows, {3: "#,##0"}, {1: 12, 2: 32})

    agreement = stats["agreement"]
    measures = [
        ("Cohen's κ (mean over pairs)", "cohen_kappa"),
        ("Weighted κ, linear", "weighted_kappa_linear"),
        ("Weighted κ, quadratic", "weighted_kappa_quadratic"),
        ("Fleiss' κ (≥ 3 raters)", "fleiss_kappa"),
        ("Krippendorff's α (ordinal)", "krippendorff_alpha"),
    ]
    agreement_ws = sheet(
        "Agreement",
        ["measure", "value", "Landis–Koch", "n", "note"],
        [
            [name, agreement[key]["value"], agreement[key]["label"], agreement[key]["n"], agreement[key]["reason"]]
            for name, key in measures
        ],
        {2: "0.000", 4: "#,##0"},
        {1: 30, 3: 16, 5: 50},
    )
    start = len(measures) + 3
    agreement_ws.cell(start, 1, "annotator pairs").font = bold
    for j, name in enumerate(["annotators", "shared texts", "κ", "linear κ", "exact agreement", "used", "note"], 1):
        agreement_ws.cell(start + 1, j, name).font = bold
    for i, pair in enumerate(agreement["cohen_kappa"]["pairs"], start + 2):
        values = [
            " / ".join(str(a) for a in pair["annotators"]),
            pair["n"],
            pair["kappa"],
            pair["weighted_kappa_linear"],
            pair["exact_agreement"],
            "yes" if pair["used"] else "no",
            pair["reason"],
        ]
        for j, value in enumerate(values, 1):
            cell = agreement_ws.cell(i, j, excel_value(value))
            if j in (3, 4):
                cell.number_format = "0.000"
            elif j == 5:
                cell.number_format = "0.0%"

    sheet(
        "Disagreements",
        ["text", "raters", "spread (levels)", "median level", "majority level", "majority share", "levels"],
        [
            [
                d["text_id"],
                d["n_raters"],
                d["spread"],
                d["median_level"],
                d["majority_level"],
                d["majority_share"],
                ", ".join(f"{a}: {level}" for a, level in d["levels"].items()),
            ]
            for d in agreement["disagreements"]
        ],
        {6: "0%"},
        {7: 60},
    )

    confusion = stats["confusion"]
    labels = confusion["labels"]
    confusion_ws = sheet(
        "Confusion",
        ["final \\ predicted", *labels, "total"],
        [[label, *row, sum(row)] for label, row in zip(labels, confusion["matrix"], strict=True)],
        {j: "#,##0" for j in range(2, len(labels) + 3)},
        {1: 18},
    )
    if labels:
        last = get_column_letter(len(labels) + 1)
        confusion_ws.conditional_formatting.add(
            f"B2:{last}{len(labels) + 1}",
            ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="5B8BD9"),
        )
    row = len(labels) + 3
    for name, key, number_format in (
        ("texts compared", "n", "#,##0"),
        ("accuracy", "accuracy", "0.0%"),
        ("adjacent accuracy", "adjacent_accuracy", "0.0%"),
        ("QWK", "qwk", "0.000"),
    ):
        confusion_ws.cell(row, 1, name).font = bold
        confusion_ws.cell(row, 2, confusion[key]).number_format = number_format
        row += 1

    sheet(
        "Annotators",
        [
            "annotator",
            "assessments",
            "compared with final",
            "exact agreement",
            "within one level",
            "mean |distance|",
            "mean signed distance",
        ],
        [
            [a["name"], a["assessments"], a["compared"], a["agreement"], a["within_one"], a["mean_abs_distance"], a["mean_signed_distance"]]
            for a in stats["annotators"]
        ],
        {2: "#,##0", 3: "#,##0", 4: "0.0%", 5: "0.0%", 6: "0.00", 7: "+0.00;-0.00;0.00"},
        {1: 24},
    )

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
