"""Corpus dashboard: statistics over texts, assessments and predictions, inline SVG charts, and a
formatted XLSX workbook of all of it.

Works on plain dicts so the service (and scripts) can feed it whatever their storage is:

* text: ``id``, ``level``, ``final_level``, ``status``, ``genre``, ``topic``, ``register``,
  ``language``, ``features`` (analyser names: ``basic_words``, ``basic_sentences``,
  ``basic_flesch_reading_ease``, ``basic_ttr``, ``div_mtld``, ``basic_mean_sentence_length``),
  optionally ``n_words`` / ``n_sentences``, else ``text`` (words and sentences are counted from
  it when the features are missing);
* assessment: ``text_id``, ``annotator_id`` (or ``annotator``), ``level``;
* prediction: ``text_id``, ``level`` (a mapping ``{text_id: level}`` works too).

A text's *final* level is its ``final_level`` when given, else its ``level``. Charts are SVG
strings (no script, no external resource) with every label escaped.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from html import escape
from typing import Any

from interlang.errors import InputError, MissingExtra
from interlang.labels import CEFR, LabelSet
from interlang.workbench.agreement import cohen_kappa, summarise

UNLABELLED = "unlabelled"
NONE = "(none)"

#: Dashboard quality figures and the analyser features they come from.
QUALITY_FEATURES: dict[str, str] = {
    "words": "basic_words",
    "sentences": "basic_sentences",
    "mean_sentence_length": "basic_mean_sentence_length",
    "readability": "basic_flesch_reading_ease",
    "ttr": "basic_ttr",
    "mtld": "div_mtld",
}
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")


def _number(value: Any) -> float | None:
    """A finite float, else None (NaN, None, text)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _level(value: Any, labels: LabelSet) -> str | None:
    return value if isinstance(value, str) and value in labels else None


def final_level(text: Mapping[str, Any], labels: LabelSet = CEFR) -> str | None:
    """The text's final level (``final_level``, else ``level``), None when it has none."""
    return _level(text.get("final_level"), labels) or _level(text.get("level"), labels)


def _counts(text: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """(words, sentences) from the features, else counted roughly from the text."""
    features = text.get("features") if isinstance(text.get("features"), Mapping) else {}
    assert isinstance(features, Mapping)
    words = _number(features.get("basic_words"))
    if words is None:
        words = _number(text.get("n_words"))
    sentences = _number(features.get("basic_sentences"))
    if sentences is None:
        sentences = _number(text.get("n_sentences"))
    body = text.get("text")
    if isinstance(body, str) and body.strip():
        if words is None:
            words = float(len(body.split()))
        if sentences is None:
            sentences = float(max(1, len(_SENTENCE_END.findall(body.strip()))))
    return words, sentences


def _predictions(
    predictions: Iterable[Mapping[str, Any]] | Mapping[Hashable, Any],
) -> dict[Hashable, Any]:
    """``{text_id: predicted level}``; the last prediction of a text wins."""
    if isinstance(predictions, Mapping):
        return {
            k: (v.get("level") if isinstance(v, Mapping) else v) for k, v in predictions.items()
        }
    out: dict[Hashable, Any] = {}
    for prediction in predictions:
        if not isinstance(prediction, Mapping):
            raise InputError(f"a prediction must be a mapping with text_id and level, not {prediction!r}")
        out[prediction.get("text_id")] = prediction.get("level")
    return out


def dashboard_stats(
    texts: Iterable[Mapping[str, Any]],
    assessments: Iterable[Mapping[str, Any]],
    predictions: Iterable[Mapping[str, Any]] | Mapping[Hashable, Any] = (),
    *,
    labels: LabelSet = CEFR,
    top_disagreements: int = 20,
) -> dict[str, Any]:
    """Every dashboard figure, JSON-ready (None where a mean has nothing to average).

    Keys: ``totals``; ``levels`` (per level: texts, words, sentences and their shares, quality
    means with the number of texts each rests on); ``by_genre`` / ``by_topic`` / ``by_register`` /
    ``by_status`` / ``by_language`` counts; ``agreement`` (:func:`summarise` without the per-text
    list, the widest ``top_disagreements`` disagreements kept); ``confusion`` (final × predicted,
    accuracy, adjacent accuracy, QWK); ``annotators`` (per annotator: assessments, texts compared
    with a final level, exact and within-one agreement, mean absolute and signed level distance).
    """
    order = [*labels.labels, UNLABELLED]
    per_level: dict[str, dict[str, Any]] = {
        level: {"texts": 0, "words": 0.0, "sentences": 0.0, "_quality": defaultdict(list)}
        for level in order
    }
    facets: dict[str, Counter[str]] = {
        key: Counter() for key in ("genre", "topic", "register", "status", "language")
    }
    finals: dict[Hashable, str | None] = {}
    for text in texts:
        level = final_level(text, labels)
        finals[text.get("id")] = level
        bucket = per_level[level or UNLABELLED]
        bucket["texts"] += 1
        words, sentences = _counts(text)
        bucket["words"] += words or 0.0
        bucket["sentences"] += sentences or 0.0
        features = text.get("features") if isinstance(text.get("features"), Mapping) else {}
        assert isinstance(features, Mapping)
        for name, feature in QUALITY_FEATURES.items():
            value = _number(features.get(feature))
            if value is None and name == "words":
                value = words
            if value is None and name == "sentences":
                value = sentences
            if value is not None:
                bucket["_quality"][name].append(value)
        for key, counter in facets.items():
            value = text.get(key)
            counter[str(value) if value not in (None, "") else NONE] += 1

    n_texts = sum(b["texts"] for b in per_level.values())
    n_words = sum(b["words"] for b in per_level.values())
    n_sentences = sum(b["sentences"] for b in per_level.values())
    levels = []
    for level in order:
        bucket = per_level[level]
        if level == UNLABELLED and not bucket["texts"]:
            continue
        quality = bucket.pop("_quality")
        levels.append(
            {
                "level": level,
                "texts": bucket["texts"],
                "words": int(bucket["words"]),
                "sentences": int(bucket["sentences"]),
                "share_texts": round(bucket["texts"] / n_texts, 4) if n_texts else None,
                "share_words": round(bucket["words"] / n_words, 4) if n_words else None,
                "share_sentences": round(bucket["sentences"] / n_sentences, 4) if n_sentences else None,
                "quality": {
                    name: {"mean": _mean(quality.get(name, [])), "n": len(quality.get(name, []))}
                    for name in QUALITY_FEATURES
                },
            }
        )

    # Assessments: agreement and per-annotator figures.
    by_text: dict[Hashable, dict[Hashable, Any]] = defaultdict(dict)
    annotator_names: dict[Hashable, str] = {}
    per_annotator: dict[Hashable, dict[str, Any]] = {}
    for assessment in assessments:
        annotator = assessment.get("annotator_id", assessment.get("annotator"))
        annotator_names.setdefault(
            annotator, str(assessment.get("annotator") or assessment.get("annotator_name") or annotator)
        )
        level = _level(assessment.get("level"), labels)
        if level is None:
            continue
        text_id = assessment.get("text_id")
        by_text[text_id][annotator] = level
        figures = per_annotator.setdefault(annotator, {"n": 0, "distances": []})
        figures["n"] += 1
        reference = finals.get(text_id)
        if reference is not None:
            figures["distances"].append(labels.index(level) - labels.index(reference))
    agreement = summarise(by_text, labels=labels)
    agreement.pop("texts")
    agreement["n_disagreements"] = len(agreement["disagreements"])
    agreement["disagreements"] = agreement["disagreements"][:top_disagreements]
    annotators = []
    for annotator, figures in sorted(per_annotator.items(), key=lambda kv: str(kv[0])):
        distances = figures["distances"]
        annotators.append(
            {
                "annotator": annotator,
                "name": annotator_names.get(annotator, str(annotator)),
                "assessments": figures["n"],
                "compared": len(distances),
                "agreement": _mean([float(d == 0) for d in distances]),
                "within_one": _mean([float(abs(d) <= 1) for d in distances]),
                "mean_abs_distance": _mean([float(abs(d)) for d in distances]),
                "mean_signed_distance": _mean([float(d) for d in distances]),
            }
        )

    # Predicted vs final level.
    predicted = _predictions(predictions)
    k = len(labels)
    matrix = [[0] * k for _ in range(k)]
    gold: list[str] = []
    guess: list[str] = []
    for text_id, reference in finals.items():
        level = _level(predicted.get(text_id), labels)
        if reference is None or level is None:
            continue
        matrix[labels.index(reference)][labels.index(level)] += 1
        gold.append(reference)
        guess.append(level)
    n_pairs = len(gold)
    qwk = cohen_kappa(gold, guess, weights="quadratic", labels=labels) if n_pairs else math.nan
    confusion = {
        "labels": list(labels.labels),
        "rows": "final level",
        "columns": "predicted level",
        "matrix": matrix,
        "n": n_pairs,
        "accuracy": _mean([float(a == b) for a, b in zip(gold, guess, strict=True)]),
        "adjacent_accuracy": _mean(
            [float(labels.distance(a, b) <= 1) for a, b in zip(gold, guess, strict=True)]
        ),
        "qwk": round(qwk, 4) if math.isfinite(qwk) else None,
    }

    def facet(counter: Counter[str]) -> list[dict[str, Any]]:
        ordered = sorted(counter.items(), key=lambda kv: (kv[0] == NONE, -kv[1], kv[0]))
        return [{"value": value, "texts": n} for value, n in ordered]  # most frequent first

    return {
        "totals": {
            "texts": n_texts,
            "words": int(n_words),
            "sentences": int(n_sentences),
            "labelled": n_texts - per_level[UNLABELLED]["texts"],
            "assessments": sum(f["n"] for f in per_annotator.values()),
            "annotators": len(per_annotator),
            "predictions": sum(1 for v in predicted.values() if _level(v, labels)),
        },
        "levels": levels,
        "by_genre": facet(facets["genre"]),
        "by_topic": facet(facets["topic"]),
        "by_register": facet(facets["register"]),
        "by_status": facet(facets["status"]),
        "by_language": facet(facets["language"]),
        "agreement": agreement,
        "confusion": confusion,
        "annotators": annotators,
    }


# --- SVG ------------------------------------------------------------------------------------------


def _fmt(value: float, value_format: str) -> str:
    try:
        return value_format.format(value)
    except (ValueError, TypeError):
        return str(value)


def svg_bar_chart(
    data: Mapping[str, float | None] | Sequence[tuple[str, float | None]],
    *,
    title: str = "",
    width: int = 480,
    height: int = 240,
    color: str = "#4c72b0",
    value_format: str = "{:,.0f}",
) -> str:
    """A vertical bar chart as an inline SVG string (None values draw no bar)."""
    items = list(data.items()) if isinstance(data, Mapping) else list(data)
    top = 34 if title else 16
    bottom, left, right = 36, 12, 12
    plot_h = max(10, height - top - bottom)
    plot_w = max(10, width - left - right)
    values = [v for _, v in items if v is not None and math.isfinite(v)]
    peak = max((abs(v) for v in values), default=0.0) or 1.0
    slot = plot_w / max(1, len(items))
    bar_w = max(2.0, slot * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title or "bar chart")}" '
        'font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
        parts.append(
            f'<text x="{width / 2:.1f}" y="16" text-anchor="middle" font-size="13" '
            f'font-weight="bold">{escape(title)}</text>'
        )
    baseline = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{baseline}" x2="{width - right}" y2="{baseline}" stroke="#888"/>'
    )
    for i, (label, value) in enumerate(items):
        cx = left + slot * i + slot / 2
        if value is not None and math.isfinite(value):
            bar_h = plot_h * abs(value) / peak
            y = baseline - bar_h
            parts.append(
                f'<rect x="{cx - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="{escape(color)}">'
                f"<title>{escape(str(label))}: {escape(_fmt(value, value_format))}</title></rect>"
            )
            parts.append(
                f'<text x="{cx:.1f}" y="{y - 3:.1f}" text-anchor="middle">'
                f"{escape(_fmt(value, value_format))}</text>"
            )
        parts.append(
            f'<text x="{cx:.1f}" y="{baseline + 14}" text-anchor="middle">{escape(str(label))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def confusion_svg(
    matrix: Sequence[Sequence[float]],
    labels: Sequence[str],
    *,
    title: str = "",
    row_label: str = "final level",
    column_label: str = "predicted level",
    cell: int = 40,
) -> str:
    """A confusion matrix as an inline SVG grid; shading is the share of the row."""
    n = len(labels)
    if any(len(row) != n for row in matrix) or len(matrix) != n:
        raise ValueError(f"the matrix must be {n} × {n} to match the labels")
    left, top = 70, 54 if title else 36
    width, height = left + n * cell + 12, top + n * cell + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title or "confusion matrix")}" '
        'font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
        parts.append(
            f'<text x="{width / 2:.1f}" y="16" text-anchor="middle" font-size="13" '
            f'font-weight="bold">{escape(title)}</text>'
        )
    parts.append(
        f'<text x="{left + n * cell / 2:.1f}" y="{top - 20}" text-anchor="middle" '
        f'font-style="italic">{escape(column_label)}</text>'
    )
    parts.append(
        f'<text x="12" y="{top + n * cell / 2:.1f}" text-anchor="middle" font-style="italic" '
        f'transform="rotate(-90 12 {top + n * cell / 2:.1f})">{escape(row_label)}</text>'
    )
    for j, label in enumerate(labels):
        parts.append(
            f'<text x="{left + j * cell + cell / 2:.1f}" y="{top - 6}" text-anchor="middle">'
            f"{escape(str(label))}</text>"
        )
    for i, row in enumerate(matrix):
        parts.append(
            f'<text x="{left - 6}" y="{top + i * cell + cell / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(str(labels[i]))}</text>"
        )
        total = sum(row) or 1
        for j, value in enumerate(row):
            share = value / total
            shade = int(255 - 180 * share)
            fill = f"rgb({shade},{shade},255)" if i != j else f"rgb({shade},255,{shade})"
            x, y = left + j * cell, top + i * cell
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#fff">'
                f"<title>{escape(str(labels[i]))} → {escape(str(labels[j]))}: {value:g}</title></rect>"
            )
            parts.append(
                f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle">'
                f"{value:g}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def dashboard_charts(stats: Mapping[str, Any]) -> dict[str, str]:
    """The dashboard's SVG charts from :func:`dashboard_stats`'s result."""
    levels = [row for row in stats["levels"] if row["level"] != UNLABELLED]
    confusion = stats["confusion"]
    return {
        "texts_per_level": svg_bar_chart(
            [(r["level"], r["texts"]) for r in levels], title="Texts per level"
        ),
        "words_per_level": svg_bar_chart(
            [(r["level"], r["words"]) for r in levels], title="Words per level", color="#55a868"
        ),
        "sentences_per_level": svg_bar_chart(
            [(r["level"], r["sentences"]) for r in levels],
            title="Sentences per level",
            color="#8172b2",
        ),
        "readability_per_level": svg_bar_chart(
            [(r["level"], r["quality"]["readability"]["mean"]) for r in levels],
            title="Mean readability (Flesch) per level",
            color="#c44e52",
            value_format="{:.1f}",
        ),
        "confusion": confusion_svg(
            confusion["matrix"], confusion["labels"], title="Final vs predicted level"
        ),
    }


# --- XLSX -----------------------------------------------------------------------------------------


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
