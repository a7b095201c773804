"""Fine-tune a Hugging Face encoder for one label set (CEFR level or L1), scikit-learn style.

:class:`TransformerClassifier` wraps encoder + head (dropout → linear on the [CLS] vector or the
mean of the token vectors) and implements the CEFR-BERT recipe (see :mod:`.config`):
AdamW, linear warm-up and decay, inverse-frequency class weights with label smoothing, gradient
clipping, early stopping on dev macro-F1, fp16 autocast on CUDA.

**Long texts** are never truncated silently: the tokenizer cuts each text into windows of
``max_length`` tokens overlapping by ``stride`` tokens; every window is a training example with
its text's label, and at prediction the window logits are pooled per text
(``chunk_pooling``). **Inference** is batched over windows sorted by length under
``torch.inference_mode``; :meth:`TransformerClassifier.quantize` swaps the Linear layers for
dynamic int8 ones (CPU).

This module imports torch at import time; import it only when a transformer is used.
"""

from __future__ import annotations

import copy
import logging
import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from interlang.errors import InputError, ModelError
from interlang.labels import LabelSet
from interlang.models.transformer.config import TrainConfig, preset
from interlang.models.transformer.encoder import (
    detect_device,
    encoder_from_config,
    load_encoder,
    load_tokenizer,
    resolve_base,
)
from interlang.settings import DEFAULT_SEED

__all__ = ["TransformerClassifier", "Windows", "encode_windows", "pool_windows"]

log = logging.getLogger(__name__)
CHECKPOINT = "checkpoint.pt"


# ------------------------------------------------------------------------------------ windows
@dataclass
class Windows:
    """Token windows of a list of texts: ids, owning text and character offsets per token."""

    input_ids: list[list[int]]
    text_index: np.ndarray
    offsets: list[list[tuple[int, int]]]

    def __len__(self) -> int:
        return len(self.input_ids)


def encode_windows(tokenizer: Any, texts: Sequence[str], max_length: int, stride: int) -> Windows:
    """Split every text into ``max_length``-token windows overlapping by ``stride`` tokens."""
    enc = tokenizer(
        list(texts), truncation=True, max_length=max_length, stride=stride,
        return_overflowing_tokens=True, return_offsets_mapping=True, padding=False,
    )
    mapping = enc.get("overflow_to_sample_mapping")
    if mapping is None:  # one window per text
        mapping = list(range(len(texts)))
    offsets = [[(int(a), int(b)) for a, b in row] for row in enc["offset_mapping"]]
    return Windows([list(ids) for ids in enc["input_ids"]], np.asarray(mapping, dtype=np.int64), offsets)


def pool_windows(logits: np.ndarray, text_index: np.ndarray, n_texts: int, how: str,
                 temperature: float = 1.0) -> np.ndarray:
    """Per-text probabilities from per-window logits (``mean-logits``, ``mean-proba``, ``max-proba``)."""
    k = logits.shape[1]
    out = np.zeros((n_texts, k))
    counts = np.bincount(text_index, minlength=n_texts).astype(np.float64)
    if np.any(counts == 0):
        raise ModelError("a text produced no token window")
    z = logits / temperature
    if how == "mean-logits":
        np.add.at(out, text_index, z)
        return _softmax(out / counts[:, None])
    p = _softmax(z)
    if how == "mean-proba":
        np.add.at(out, text_index, p)
        out /= counts[:, None]
    elif how == "max-proba":
        out[:] = 0.0
        np.maximum.at(out, text_index, p)
    else:
        raise InputError(f"unknown chunk pooling {how!r}")
    return out / out.sum(axis=1, keepdims=True)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


# ---------------------------------------------------------------------------------------- net
class ClassifierNet(nn.Module):
    """Encoder + dropout + linear head on the [CLS] vector or the masked mean of token vectors."""

    def __init__(self, encoder: Any, n_labels: int, dropout: float, pooling: str) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = int(encoder.config.hidden_size)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, n_labels)
        self.pooling = pooling

    def forward(self, input_ids: torch.Tensor | None, attention_mask: torch.Tensor,
                inputs_embeds: torch.Tensor | None = None) -> torch.Tensor:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask, inputs_embeds=inputs_embeds)
        hidden = out.last_hidden_state
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits: torch.Tensor = self.head(self.dropout(pooled))
        return logits


def _pad(batch: Sequence[Sequence[int]], pad_id: int, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, row in enumerate(batch):
        ids[i, : len(row)] = torch.as_tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids.to(device), mask.to(device)


def _state_numpy(state: dict[str, torch.Tensor]) -> dict[str, np.ndarray]:
    return {k: v.detach().to("cpu", torch.float32 if v.is_floating_point() else v.dtype).contiguous().numpy()
            for k, v in state.items()}


# --------------------------------------------------------------------------------- classifier
class TransformerClassifier:
    """Fine-tuned encoder classifier; ``fit(texts, y)``, ``predict_proba(texts)``, ``predict``.

    ``base``: checkpoint folder or alias (``minilm``); ``config``: a preset name or
    :class:`TrainConfig`; ``labels``: the label order of the probability columns (default: the
    sorted labels of ``y``). ``checkpoint_dir`` + ``resume=True`` continue an interrupted run.
    """

    def __init__(
        self,
        base: str | Path | None = "minilm",
        *,
        labels: LabelSet | Sequence[str] | None = None,
        config: str | TrainConfig = "default",
        seed: int = DEFAULT_SEED,
        device: str | None = None,
        checkpoint_dir: str | Path | None = None,
        resume: bool = False,
        progress: bool = False,
    ) -> None:
        self.base = base
        self.labels = labels
        self.config = config
        self.seed = seed
        self.device = device
        self.checkpoint_dir = checkpoint_dir
        self.resume = resume
        self.progress = progress
        self.temperature_ = 1.0
        self.quantized_ = False

    # ----------------------------------------------------------------- sklearn plumbing
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {
            "base": self.base, "labels": self.labels, "config": self.config, "seed": self.seed,
            "device": self.device, "checkpoint_dir": self.checkpoint_dir, "resume": self.resume,
            "progress": self.progress,
        }

    def set_params(self, **params: Any) -> TransformerClassifier:
        for key, value in params.items():
            if key not in self.get_params():
                raise InputError(f"unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    @property
    def train_config(self) -> TrainConfig:
        return self.config if isinstance(self.config, TrainConfig) else preset(self.config)

    def _label_list(self, y: Sequence[str]) -> list[str]:
        if self.labels is None:
            return sorted({str(v) for v in y})
        if isinstance(self.labels, LabelSet):
            return list(self.labels.labels)
        return [str(v) for v in self.labels]

    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise ModelError("this TransformerClassifier is not fitted yet")

    # ----------------------------------------------------------------------------- setup
    def _build(self, classes: list[str]) -> None:
        cfg = self.train_config
        torch.manual_seed(self.seed)
        folder = resolve_base(self.base if self.base is not None else "minilm")
        self.tokenizer_ = load_tokenizer(folder)
        encoder = load_encoder(folder)
        self.encoder_config_ = encoder.config.to_dict()
        self.classes_ = np.asarray(classes, dtype=object)
        self.device_ = detect_device(self.device)
        self.net_ = ClassifierNet(encoder, len(classes), cfg.dropout, cfg.pooling).to(self.device_)
        self.base_name_ = str(self.base)

    def _windows(self, texts: Sequence[str]) -> Windows:
        cfg = self.train_config
        return encode_windows(self.tokenizer_, texts, cfg.max_length, cfg.stride)

    # ------------------------------------------------------------------------------- fit
    def fit(
        self,
        texts: Sequence[str],
        y: Sequence[str] | np.ndarray,
        dev_texts: Sequence[str] | None = None,
        dev_y: Sequence[str] | np.ndarray | None = None,
        *,
        on_step: Callable[[dict[str, Any]], None] | None = None,
    ) -> TransformerClassifier:
        """Fine-tune on ``texts``/``y``; early stopping on ``dev`` macro-F1 when given."""
        from tqdm.auto import tqdm

        texts = [str(t) for t in texts]
        y_arr = np.asarray([str(v) for v in y], dtype=object)
        if len(texts) != len(y_arr) or not texts:
            raise InputError(f"fit needs as many labels as texts ({len(texts)} texts, {len(y_arr)} labels)")
        cfg = self.train_config
        classes = self._label_list(y_arr.tolist())
        unknown = sorted(set(y_arr.tolist()) - set(classes))
        if unknown:
            raise InputError(f"labels {unknown} are not in the label set {classes}")
        self._build(classes)
        index = {c: i for i, c in enumerate(classes)}
        rng = np.random.default_rng(self.seed)
        keep = np.arange(len(texts))
        if cfg.downsample:
            keep = _downsample(y_arr, rng)
        texts = [texts[i] for i in keep]
        codes = np.asarray([index[v] for v in y_arr[keep]], dtype=np.int64)

        windows = self._windows(texts)
        win_y = codes[windows.text_index]
        weights = None
        if cfg.class_weights:
            counts = np.bincount(win_y, minlength=len(classes)).astype(np.float64)
            present = counts > 0
            w = np.zeros(len(classes))
            w[present] = counts.sum() / (present.sum() * counts[present])
            weights = torch.as_tensor(w, dtype=torch.float32, device=self.device_)
        loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=cfg.label_smoothing)

        steps_per_epoch = math.ceil(len(windows) / cfg.batch_size)
        total = steps_per_epoch * cfg.epochs
        if cfg.max_steps is not None:
            total = min(total, int(cfg.max_steps))
        warm = int(cfg.warmup * total)
        if cfg.freeze_embeddings:
            self.net_.encoder.get_input_embeddings().weight.requires_grad_(False)
        no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight", "norm.weight")
        trainable = [(n, p) for n, p in self.net_.named_parameters() if p.requires_grad]
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
        amp = self.device_ == "cuda" and cfg.mixed_precision
        scaler = torch.amp.GradScaler("cuda") if amp else None

        state: dict[str, Any] = {
            "step": 0, "epoch": 0, "batch": 0, "best_f1": -1.0, "best_epoch": -1, "bad_epochs": 0,
            "history": [], "dev": [], "stopped": "",
        }
        best_state: dict[str, torch.Tensor] | None = None
        ckpt_dir = Path(self.checkpoint_dir) if self.checkpoint_dir else None
        signature = {"labels": classes, "n_windows": len(windows), "config": cfg.to_dict(), "seed": self.seed, "base": str(self.base)}
        if ckpt_dir is not None and self.resume and (ckpt_dir / CHECKPOINT).is_file():
            loaded = torch.load(ckpt_dir / CHECKPOINT, map_location=self.device_, weights_only=True)
            if loaded["signature"] != _plain(signature):
                raise ModelError(f"{ckpt_dir / CHECKPOINT} belongs to another run (labels, data, config or seed differ)")
            self.net_.load_state_dict(loaded["model"])
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
                "signature": _plain(signature), "model": self.net_.state_dict(),
                "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                "scaler": scaler.state_dict() if scaler is not None else {},
                "best": best_state or {}, "state": _plain(state), "rng": torch.get_rng_state(),
            }
            tmp = ckpt_dir / (CHECKPOINT + ".tmp")
            torch.save(payload, tmp)
            tmp.replace(ckpt_dir / CHECKPOINT)

        dev_windows = self._windows(list(dev_texts)) if dev_texts is not None and dev_y is not None else None
        dev_codes = (np.asarray([index.get(str(v), -1) for v in dev_y], dtype=np.int64)
                     if dev_y is not None else None)
        pad_id = int(self.tokenizer_.pad_token_id or 0)
        bar = tqdm(total=total, initial=state["step"], desc="fine-tune", unit="step", disable=not self.progress)
        start = time.perf_counter()
        try:
            while state["step"] < total and state["epoch"] < cfg.epochs and not state["stopped"]:
                order = np.random.default_rng([self.seed, state["epoch"]]).permutation(len(windows))
                batches = [order[i : i + cfg.batch_size] for i in range(0, len(order), cfg.batch_size)]
                self.net_.train()
                for b in range(state["batch"], len(batches)):
                    if state["step"] >= total:
                        break
                    rows = batches[b]
                    ids, mask = _pad([windows.input_ids[i] for i in rows], pad_id, self.device_)
                    target = torch.as_tensor(win_y[rows], dtype=torch.long, device=self.device_)
                    optimizer.zero_grad(set_to_none=True)
                    with torch.autocast("cuda", dtype=torch.float16, enabled=amp):
                        logits = self.net_(ids, mask)
                        loss = loss_fn(logits.float(), target)
                    if scaler is not None:
                        scaler.scale(loss).backward()
                        scaler.unscale_(optimizer)
                        nn.utils.clip_grad_norm_(self.net_.parameters(), cfg.grad_clip)
                        scaler.step(optimizer)
                        scaler.update()
                    else:
                        loss.backward()
                        nn.utils.clip_grad_norm_(self.net_.parameters(), cfg.grad_clip)
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
                if dev_windows is not None and dev_codes is not None and (end_of_epoch or state["step"] >= total):
                    f1 = self._dev_f1(dev_windows, dev_codes, len(dev_codes))
                    state["dev"].append({"epoch": state["epoch"], "step": state["step"], "macro_f1": f1})
                    if f1 > state["best_f1"]:
                        state["best_f1"], state["best_epoch"], state["bad_epochs"] = f1, state["epoch"], 0
                        best_state = {k: v.detach().clone() for k, v in self.net_.state_dict().items()}
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
            self.net_.load_state_dict(best_state)
        self.net_.eval()
        self.history_ = list(state["history"])
        self.dev_history_ = list(state["dev"])
        self.best_epoch_ = int(state["best_epoch"])
        self.stopped_ = state["stopped"] or ("max_steps reached" if state["step"] >= total and total < steps_per_epoch * cfg.epochs else "epochs done")
        self.n_steps_ = int(state["step"])
        self.fit_seconds_ = time.perf_counter() - start
        self.n_train_windows_ = len(windows)
        return self

    def _dev_f1(self, windows: Windows, codes: np.ndarray, n_texts: int) -> float:
        from sklearn.metrics import f1_score

        proba = pool_windows(self._window_logits(windows), windows.text_index, n_texts, self.train_config.chunk_pooling)
        pred = proba.argmax(axis=1)
        known = codes >= 0
        return float(f1_score(codes[known], pred[known], average="macro", labels=np.unique(codes[known]), zero_division=0))

    # --------------------------------------------------------------------------- predict
    def _window_logits(self, windows: Windows, batch_size: int | None = None) -> np.ndarray:
        """Logits of every window: batched, longest first, in inference mode."""
        size = batch_size or self.train_config.eval_batch_size
        order = np.argsort([-len(ids) for ids in windows.input_ids], kind="stable")
        out = np.zeros((len(windows), len(self.classes_)), dtype=np.float64)
        pad_id = int(self.tokenizer_.pad_token_id or 0)
        was_training = self.net_.training
        self.net_.eval()
        device = "cpu" if self.quantized_ else self.device_
        with torch.inference_mode():
            for i in range(0, len(order), size):
                rows = order[i : i + size]
                ids, mask = _pad([windows.input_ids[j] for j in rows], pad_id, device)
                logits = self.net_(ids, mask)
                out[rows] = logits.float().cpu().numpy()
        if was_training:
            self.net_.train()
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, K) probabilities, columns in ``classes_`` order; long texts pooled over windows."""
        self._check_fitted()
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, len(self.classes_)))
        windows = self._windows(texts)
        logits = self._window_logits(windows)
        return pool_windows(logits, windows.text_index, len(texts), self.train_config.chunk_pooling, self.temperature_)

    def predict_logits(self, texts: Sequence[str]) -> np.ndarray:
        """Per-text mean window logits (before temperature); used to fit the temperature."""
        self._check_fitted()
        windows = self._windows([str(t) for t in texts])
        logits = self._window_logits(windows)
        counts = np.bincount(windows.text_index, minlength=len(texts)).astype(np.float64)
        out = np.zeros((len(texts), logits.shape[1]))
        np.add.at(out, windows.text_index, logits)
        return out / counts[:, None]

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.classes_[self.predict_proba(texts).argmax(axis=1)], dtype=object)

    # -------------------------------------------------------------------------- int8
    def quantize(self) -> TransformerClassifier:
        """Dynamic int8 quantisation of every Linear layer (CPU inference only; not saved)."""
        self._check_fitted()
        if self.quantized_:
            return self
        from torch.ao.quantization import quantize_dynamic

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.net_ = quantize_dynamic(copy.deepcopy(self.net_).to("cpu").eval(), {nn.Linear}, dtype=torch.qint8)
        self.quantized_ = True
        return self

    # ----------------------------------------------------------------------- save/load
    def state_arrays(self) -> dict[str, np.ndarray]:
        """Every weight of encoder + head as float32 numpy arrays (for safetensors)."""
        self._check_fitted()
        if self.quantized_:
            raise ModelError("a quantised model is not saved; save the fp32 model and quantise at load time")
        return _state_numpy(self.net_.state_dict())

    def tokenizer_files(self) -> dict[str, str]:
        """The tokenizer's saved files as text (stored as JSON in the bundle, never pickled)."""
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            self.tokenizer_.save_pretrained(tmp)
            files = {}
            for path in sorted(Path(tmp).iterdir()):
                if path.is_file():
                    try:
                        files[path.name] = path.read_text(encoding="utf-8")
                    except UnicodeDecodeError:
                        raise ModelError(f"tokenizer file {path.name} is binary; only text tokenizer files are stored") from None
        return files

    @classmethod
    def from_state(
        cls,
        *,
        encoder_config: dict[str, Any],
        tokenizer_files: dict[str, str],
        arrays: dict[str, np.ndarray],
        classes: Sequence[str],
        config: TrainConfig,
        temperature: float = 1.0,
        device: str | None = None,
        base: str | None = None,
        seed: int = DEFAULT_SEED,
    ) -> TransformerClassifier:
        """Rebuild a fitted classifier from what a bundle stores (config, tokenizer, weights)."""
        import tempfile

        self = cls(base, labels=list(classes), config=config, seed=seed, device=device)
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in tokenizer_files.items():
                if "/" in name or name.startswith("."):
                    raise ModelError(f"invalid tokenizer file name {name!r} in bundle")
                (Path(tmp) / name).write_text(text, encoding="utf-8")
            self.tokenizer_ = load_tokenizer(tmp)
        encoder = encoder_from_config(encoder_config)
        self.encoder_config_ = dict(encoder_config)
        self.classes_ = np.asarray(list(classes), dtype=object)
        self.device_ = detect_device(device)
        net = ClassifierNet(encoder, len(classes), config.dropout, config.pooling)
        state = {k: torch.from_numpy(np.array(v)) for k, v in arrays.items()}
        missing, unexpected = net.load_state_dict(state, strict=False)
        # Position-id buffers are rebuilt by the model; anything else missing is an error.
        real_missing = [k for k in missing if not k.endswith("position_ids")]
        if real_missing or unexpected:
            raise ModelError(f"stored weights do not fit the encoder config (missing {real_missing[:5]}, unexpected {list(unexpected)[:5]})")
        self.net_ = net.to(self.device_).eval()
        self.temperature_ = float(temperature)
        self.base_name_ = base or ""
        return self


def _downsample(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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
