"""The dashboard's SVG charts: no script, no external resource, every label escaped."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from interlang.workbench.dashboard.statistics import UNLABELLED


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
