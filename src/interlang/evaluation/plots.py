"""PNG figures for reports: confusion-matrix heatmaps and reliability diagrams.

matplotlib is an optional dependency (the ``ml`` extra); it is imported on first use with the
non-interactive Agg backend, so plotting works on servers without a display.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from interlang.errors import InputError, MissingExtra
from interlang.evaluation.calibration import ReliabilityDiagram

__all__ = ["plot_confusion_matrix", "plot_reliability_diagram", "reorder_confusion"]


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingExtra("matplotlib", "ml") from None
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def reorder_confusion(
    matrix: ArrayLike, labels: Sequence[str], order: Sequence[str]
) -> tuple[np.ndarray, list[str]]:
    """Permute rows and columns into ``order`` (e.g. L1s grouped by language family).

    ``order`` must be a permutation of ``labels``, so no count is silently dropped.
    """
    cm = np.asarray(matrix)
    if sorted(order) != sorted(labels) or len(set(order)) != len(order):
        raise InputError(
            f"order must list each label exactly once; labels {list(labels)}, order {list(order)}"
        )
    idx = [list(labels).index(label) for label in order]
    return cm[np.ix_(idx, idx)], list(order)


def plot_confusion_matrix(
    matrix: ArrayLike,
    labels: Sequence[str],
    path: str | Path,
    *,
    order: Sequence[str] | None = None,
    title: str | None = None,
    dpi: int = 120,
) -> Path:
    """Save a two-panel heatmap: raw counts and row-normalised shares (recall per gold label).

    ``matrix[i, j]`` counts gold ``labels[i]`` predicted as ``labels[j]`` (as in
    :func:`interlang.evaluation.metrics.confusion_matrix`). Rows with no gold examples show 0.
    """
    cm = np.asarray(matrix, dtype=np.int64)
    if cm.ndim != 2 or cm.shape != (len(labels), len(labels)):
        raise InputError(f"confusion matrix shape {cm.shape} does not match {len(labels)} labels")
    names = list(labels)
    if order is not None:
        cm, names = reorder_confusion(cm, names, order)
    totals = cm.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(totals > 0, cm / np.maximum(totals, 1), 0.0)

    plt = _pyplot()
    k = len(names)
    size = max(4.0, 0.55 * k + 2.0)
    fig, axes = plt.subplots(1, 2, figsize=(2 * size + 1, size), constrained_layout=True)
    try:
        for ax, values, panel, fmt in (
            (axes[0], cm, "counts", "d"),
            (axes[1], shares, "row-normalised", ".2f"),
        ):
            image = ax.imshow(values, cmap="Blues", vmin=0, vmax=values.max() if values.max() > 0 else 1)
            ax.set_xticks(range(k), names, rotation=45, ha="right")
            ax.set_yticks(range(k), names)
            ax.set_xlabel("predicted")
            ax.set_ylabel("gold")
            ax.set_title(panel)
            if k <= 25:  # numbers are unreadable beyond that
                threshold = values.max() / 2 if values.max() > 0 else 1
                for i in range(k):
                    for j in range(k):
                        ax.text(
                            j, i, format(values[i, j], fmt), ha="center", va="center", fontsize=8,
                            color="white" if values[i, j] > threshold else "black",
                        )
            fig.colorbar(image, ax=ax, shrink=0.8)
        if title:
            fig.suptitle(title)
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=dpi, format="png")
    finally:
        plt.close(fig)
    return out


def plot_reliability_diagram(
    diagram: ReliabilityDiagram,
    path: str | Path,
    *,
    title: str | None = None,
    dpi: int = 120,
) -> Path:
    """Save a reliability diagram: accuracy per confidence bin against the diagonal, with counts.

    The title line reports ECE and MCE so the figure stands on its own in a paper or a report.
    """
    plt = _pyplot()
    edges = diagram.edges
    centres = (edges[:-1] + edges[1:]) / 2
    widths = np.diff(edges)
    nonempty = diagram.count > 0
    fig, (ax, ax_count) = plt.subplots(
        2, 1, figsize=(5, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1]},
        constrained_layout=True,
    )
    try:
        ax.bar(
            centres[nonempty], diagram.accuracy[nonempty], width=widths[nonempty], edgecolor="black",
            color="tab:blue", alpha=0.8, label="accuracy",
        )
        gap_low = np.minimum(diagram.accuracy, diagram.mean_confidence)[nonempty]
        ax.bar(
            centres[nonempty], np.abs(diagram.accuracy - diagram.mean_confidence)[nonempty],
            bottom=gap_low, width=widths[nonempty], color="tab:red", alpha=0.3, label="gap",
        )
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_ylabel("accuracy")
        ax.legend(loc="upper left")
        summary = f"ECE {diagram.ece:.3f} · MCE {diagram.mce:.3f} · n {diagram.n}"
        ax.set_title(f"{title}\n{summary}" if title else summary)
        ax_count.bar(centres, diagram.count, width=widths, color="grey", edgecolor="black")
        ax_count.set_xlabel("confidence (top-1 probability)")
        ax_count.set_ylabel("count")
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=dpi, format="png")
    finally:
        plt.close(fig)
    return out
