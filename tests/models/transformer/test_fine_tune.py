"""The fine-tuning loop on a tiny embedding-bag net: it learns, stops early and resumes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interlang.errors import ModelError
from interlang.models.transformer.fine_tune import CHECKPOINT, downsample, fine_tune
from interlang.models.transformer.windows import Windows

torch = pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")


class _BagNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.embed = torch.nn.Embedding(10, 4)
        self.head = torch.nn.Linear(4, 2)

    def forward(self, ids, mask):  # type: ignore[no-untyped-def]
        m = mask.unsqueeze(-1).float()
        return self.head((self.embed(ids) * m).sum(1) / m.sum(1))


def _windows() -> tuple[Windows, np.ndarray]:
    rows = [[1, 2], [1, 1, 2], [2, 1], [7, 8], [8, 8, 7], [7, 7]] * 4
    y = np.array([0, 0, 0, 1, 1, 1] * 4)
    return Windows(rows, np.arange(len(rows)), [[] for _ in rows]), y


def _config(**changes: object):  # type: ignore[no-untyped-def]
    from interlang.models.transformer.config import preset

    return preset("cpu", **{"batch_size": 4, "epochs": 4, "lr": 0.05, "warmup": 0.0, **changes})


def _accuracy(net: _BagNet, windows: Windows, y: np.ndarray) -> float:
    from interlang.models.transformer.windows import pad_batch

    ids, mask = pad_batch(windows.input_ids, 0)
    with torch.inference_mode():
        return float((net(ids, mask).argmax(1).numpy() == y).mean())


def test_the_loop_learns_a_separable_task() -> None:
    windows, y = _windows()
    net = _BagNet()
    run = fine_tune(net, windows, y, n_labels=2, cfg=_config(), device="cpu", pad_id=0, seed=1, signature={})
    assert run.n_steps == 4 * 6 and run.stopped == "epochs done"
    assert run.history[-1]["loss"] < run.history[0]["loss"]
    assert _accuracy(net, windows, y) == 1.0


def test_a_dev_score_that_never_improves_stops_after_the_patience() -> None:
    windows, y = _windows()
    run = fine_tune(_BagNet(), windows, y, n_labels=2, cfg=_config(epochs=10, patience=2), device="cpu",
                    pad_id=0, seed=1, signature={}, dev_score=lambda: 0.5)
    assert run.best_epoch == 0 and len(run.dev_history) == 3
    assert run.stopped.startswith("early stop after epoch 2")


def test_a_checkpoint_is_never_resumed_into_another_run(tmp_path: Path) -> None:
    windows, y = _windows()
    fine_tune(_BagNet(), windows, y, n_labels=2, cfg=_config(epochs=1), device="cpu", pad_id=0, seed=1,
              signature={"seed": 1}, checkpoint_dir=tmp_path)
    assert (tmp_path / CHECKPOINT).is_file()
    with pytest.raises(ModelError, match="belongs to another run"):
        fine_tune(_BagNet(), windows, y, n_labels=2, cfg=_config(epochs=1), device="cpu", pad_id=0, seed=1,
                  signature={"seed": 2}, checkpoint_dir=tmp_path, resume=True)


def test_downsample_caps_every_class_at_the_median_size() -> None:
    y = np.array(["A"] * 10 + ["B"] * 4 + ["C"] * 2)
    keep = downsample(y, np.random.default_rng(0))
    counts = dict(zip(*np.unique(y[keep], return_counts=True), strict=True))
    assert counts == {"A": 4, "B": 4, "C": 2}
    assert np.all(np.diff(keep) > 0)
