"""PNG output of the confusion heatmap and the reliability diagram."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation.calibration import reliability_diagram
from interlang.evaluation.metrics import confusion_matrix
from interlang.evaluation.plots import (
    plot_confusion_matrix,
    plot_reliability_diagram,
    reorder_confusion,
)
from interlang.labels import CEFR, LabelSet

pytest.importorskip("matplotlib", reason="plots need matplotlib: pip install 'interlang[ml]'")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > 5_000  # a real figure, not an empty canvas


def test_confusion_png(tmp_path: Path) -> None:
    gold = ["A1", "A2", "B1", "B1", "C1"]
    pred = ["A1", "B1", "B1", "A2", "A1"]
    cm = confusion_matrix(gold, pred, CEFR)
    out = plot_confusion_matrix(cm, CEFR.labels, tmp_path / "figs" / "cm.png", title="toy")
    _assert_png(out)


def test_reorder_groups_families_and_keeps_counts() -> None:
    labels = LabelSet.nominal(["de", "es", "it", "nl"])
    cm = np.arange(16).reshape(4, 4)
    order = ["de", "nl", "es", "it"]  # Germanic, then Romance
    reordered, names = reorder_confusion(cm, labels.labels, order)
    assert names == order
    assert reordered[1, 2] == cm[3, 1]  # gold nl, predicted es
    assert reordered.sum() == cm.sum()
    with pytest.raises(InputError, match="exactly once"):
        reorder_confusion(cm, labels.labels, ["de", "es", "it"])


def test_confusion_png_with_order(tmp_path: Path) -> None:
    labels = LabelSet.nominal(["de", "es", "it", "nl"])
    cm = np.array([[5, 1, 0, 2], [0, 4, 3, 0], [0, 2, 6, 0], [1, 0, 0, 3]])
    _assert_png(plot_confusion_matrix(cm, labels.labels, tmp_path / "cm.png", order=["de", "nl", "es", "it"]))
    with pytest.raises(InputError, match="shape"):
        plot_confusion_matrix(cm[:3], labels.labels, tmp_path / "bad.png")


def test_reliability_png(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(6) * 0.5, 300)
    gold = rng.choice(CEFR.labels, 300)
    diagram = reliability_diagram(gold, proba, CEFR)
    _assert_png(plot_reliability_diagram(diagram, tmp_path / "rel.png", title="toy"))
