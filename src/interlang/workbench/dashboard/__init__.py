"""Corpus dashboard: :mod:`.statistics` over texts, assessments and predictions, rendered as
inline SVG charts (:mod:`.charts`) and a formatted XLSX workbook (:mod:`.xlsx`).

Statistics are plain JSON-ready dicts, so the service, the web page, the API and scripts share
them; rendering never recomputes a figure.
"""

from __future__ import annotations

from interlang.workbench.dashboard.charts import confusion_svg, dashboard_charts, svg_bar_chart
from interlang.workbench.dashboard.statistics import (
    NONE,
    QUALITY_FEATURES,
    UNLABELLED,
    dashboard_stats,
    final_level,
)
from interlang.workbench.dashboard.xlsx import dashboard_xlsx

__all__ = [
    "NONE",
    "QUALITY_FEATURES",
    "UNLABELLED",
    "confusion_svg",
    "dashboard_charts",
    "dashboard_stats",
    "dashboard_xlsx",
    "final_level",
    "svg_bar_chart",
]
