"""The fine-tuning loop of :class:`~interlang.models.transformer.classifier.TransformerClassifier`.

AdamW with decoupled weight decay (no decay on biases and norms), linear warm-up and decay,
class-weighted label-smoothed cross-entropy, gradient clipping, fp16 autocast on CUDA, early
stopping on a dev score, and checkpoints that let an interrupted run continue where it stopped
(the checkpoint carries a signature of labels, data size, config, seed and base so that it is
never resumed into another run).
"""

from __future__ import annotations

import copy
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from interlang.errors import ModelError
from interlang.models.transformer.config import TrainConfig
from interlang.models.transformer.windows import Windows, pad_batch

__all__ = ["CHECKPOINT", "FineTuneRun", "downsample", "fine_tune"]

log = logging.getLogger(__name__)
CHECKPOINT = "checkpoint.pt"


@dataclass
class FineTuneRun:
    """What one fine-tuning run did: per-step losses, dev scores, where and why it stopped."""

    history: list[dict[str, Any]] = field(default_factory=list)
    dev_history: list[dict[str, Any]] = field(default_factory=list)
    best_epoch: int = -1
    stopped: str = ""
    n_steps: int = 0
    seconds: float = 0.0


def fine_tune(
    net: nn.Module,
    windows: Windows,
    win_y: np.ndarray,
    *,
    n_labels: int,
    cfg: TrainConfig,
    device: str,
    pad_id: int,
    seed: int,
    signature: dict[str, Any],
    dev_score: Callable[[], float] | None = None,
    checkpoint_dir: str | Path | None = None,
    resume: bool = False,
    progress: bool = False,
    on_step: Callable[[dict[str, Any]], None] | None = None,
) -> FineTuneRun:
    """Train ``net`` in place on the token ``windows`` with window labels ``win_y``.

    ``dev_score`` (higher is better) is called after each epoch; the best epoch's weights are
    restored at the end, and ``cfg.patience`` epochs without a gain stop the run.
    """
    from tqdm.auto import tqdm

    weights = None
    if cfg.class_weights:
        counts = np.bincount(win_y, minlength=n_labels).astype(np.float64)
        present = counts > 0
        w = np.zeros(n_labels)
        w[present] = counts.sum() / (present.sum() * counts[present])
        weights = torch.as_tensor(w, dtype=torch.float32, device=device)
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=cfg.label_smoothing)

    steps_per_epoch = math.ceil(len(windows) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    if cfg.max_steps is not None:
        total = min(total, int(cfg.max_steps))
    warm = int(cfg.warmup * total)
    if cfg.freeze_embeddings:
        encoder: Any = net.encoder  # the Hugging Face model under the head
        encoder.get_input_embeddings().weight.requires_grad_(False)
    no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight", "norm.weight")
    trainable = [(n, p) for n, p in net.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trainable if not n.endswith(no_decay)], "weight_decay": cfg.weight_decay},
        {"params": [p for n, p in trainable if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg.lr)

    def schedule(step: int) -> float:
        if step < warm:
            return (step + 1) / max(1, warm)
        return max(0.0, (total - step) / max(1, total - warm))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    amp = device == "cuda" and cfg.mixed_precision
    scaler = torch.amp.GradScaler("cuda") if amp else None

    state: dict[str, Any] = {
        "step": 0, "epoch": 0, "batch": 0, "best_f1": -1.0, "best_epoch": -1, "bad_epochs": 0,
        "history": [], "dev": [], "stopped": "",
    }
    best_state: dict[str, torch.Tensor] | None = None
    ckpt_dir = Path(checkpoint_dir) if checkpoint_dir else None
    if ckpt_dir is not None and resume and (ckpt_dir / CHECKPOINT).is_file():
        loaded = torch.load(ckpt_dir / CHECKPOINT, map_location=device, weights_only=True)
        if loaded["signature"] != _plain(signature):
            raise ModelError(f"{ckpt_dir / CHECKPOINT} belongs to another run (labels, data, config or seed differ)")
        net.load_state_dict(loaded["model"])
        optimizer.load_state_dict(loaded["optimizer"])
        scheduler.load_state_dict(loaded["scheduler"])
        if scaler is not None and loaded.get("scaler"):
            scaler.load_state_dict(loaded["scaler"])
        best_state = loaded.get("best") or None
        state.update(loaded["state"])
        torch.set_rng_state(loaded["rng"])
        log.info("resumed from %s at step %d", ckpt_dir / CHECKPOINT, state["step"])

    def save_checkpoint() -> None:
        if ckpt_dir is None:
            return
        ckpt_dir.mkdir(parents=True, exist_ok=True)
        payload = {
            "signature": _plain(signature), "model": net.state_dict(),
            "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
            "scaler": scaler.state_dict() if scaler is not None else {},
            "best": best_state or {}, "state": _plain(state), "rng": torch.get_rng_state(),
        }
        tmp = ckpt_dir / (CHECKPOINT + ".tmp")
        torch.save(payload, tmp)
        tmp.replace(ckpt_dir / CHECKPOINT)

    bar = tqdm(total=total, initial=state["step"], desc="fine-tune", unit="step", disable=not progress)
    start = time.perf_counter()
    try:
        while state["step"] < total and state["epoch"] < cfg.epochs and not state["stopped"]:
            order = np.random.default_rng([seed, state["epoch"]]).permutation(len(windows))
            batches = [order[i : i + cfg.batch_size] for i in range(0, len(order), cfg.batch_size)]
            net.train()
            for b in range(state["batch"], len(batches)):
                if state["step"] >= total:
                    break
                rows = batches[b]
                ids, mask = pad_batch([windows.input_ids[i] for i in rows], pad_id, device)
                target = torch.as_tensor(win_y[rows], dtype=torch.long, device=device)
                optimizer.zero_grad(set_to_none=True)
                with torch.autocast("cuda", dtype=torch.float16, enabled=amp):
                    logits = net(ids, mask)
                    loss = loss_fn(logits.float(), target)
                if scaler is not None:
                    scaler.scale(loss).backward()
                    scaler.unscale_(optimizer)
                    nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip)
                    scaler.step(optimizer)
                    scaler.update()
                else:
                    loss.backward()
                    nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip)
                    optimizer.step()
                scheduler.step()
                state["step"] += 1
                state["batch"] = b + 1
                record = {"step": state["step"], "epoch": state["epoch"], "loss": float(loss.item()),
                          "lr": float(scheduler.get_last_lr()[0])}
                state["history"].append(record)
                if on_step is not None:
                    on_step(record)
                bar.update(1)
                bar.set_postfix(loss=f"{record['loss']:.3f}")
                if cfg.checkpoint_every and state["step"] % cfg.checkpoint_every == 0:
                    save_checkpoint()
            end_of_epoch = state["batch"] >= len(batches)
            if dev_score is not None and (end_of_epoch or state["step"] >= total):
                f1 = dev_score()
                state["dev"].append({"epoch": state["epoch"], "step": state["step"], "macro_f1": f1})
                if f1 > state["best_f1"]:
                    state["best_f1"], state["best_epoch"], state["bad_epochs"] = f1, state["epoch"], 0
                    best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
                else:
                    state["bad_epochs"] += 1
                    if state["bad_epochs"] >= cfg.patience:
                        state["stopped"] = f"early stop after epoch {state['epoch']} (patience {cfg.patience})"
            if end_of_epoch:
                state["epoch"] += 1
                state["batch"] = 0
            save_checkpoint()
    finally:
        bar.close()
    if best_state is not None:
        net.load_state_dict(best_state)
    net.eval()
    return FineTuneRun(
        history=list(state["history"]),
        dev_history=list(state["dev"]),
        best_epoch=int(state["best_epoch"]),
        stopped=state["stopped"] or ("max_steps reached" if state["step"] >= total and total < steps_per_epoch * cfg.epochs else "epochs done"),
        n_steps=int(state["step"]),
        seconds=time.perf_counter() - start,
    )


def downsample(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row indices with every class capped at the median class size (seeded)."""
    classes, counts = np.unique(y, return_counts=True)
    cap = int(np.median(counts))
    keep: list[int] = []
    for cls in classes:
        rows = np.flatnonzero(y == cls)
        if len(rows) > cap:
            rows = rng.choice(rows, size=cap, replace=False)
        keep.extend(int(r) for r in rows)
    return np.asarray(sorted(keep), dtype=np.int64)


def _plain(obj: Any) -> Any:
    """JSON-like copy (lists, dicts, numbers, strings) that ``torch.load(weights_only=True)`` reads."""
    return copy.deepcopy(_to_plain(obj))


def _to_plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_plain(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return float(obj)
    return obj
