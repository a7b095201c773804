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
import warnings
from collections.abc import Callable, Sequence
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
from interlang.models.transformer.fine_tune import downsample, fine_tune
from interlang.models.transformer.windows import Windows, encode_windows, pad_batch, pool_windows
from interlang.settings import DEFAULT_SEED

__all__ = ["TransformerClassifier", "Windows", "encode_windows", "pool_windows"]

log = logging.getLogger(__name__)


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
            keep = downsample(y_arr, rng)
        texts = [texts[i] for i in keep]
        codes = np.asarray([index[v] for v in y_arr[keep]], dtype=np.int64)

        windows = self._windows(texts)
        win_y = codes[windows.text_index]
        dev_score = None
        if dev_texts is not None and dev_y is not None:
            dev_windows = self._windows(list(dev_texts))
            dev_codes = np.asarray([index.get(str(v), -1) for v in dev_y], dtype=np.int64)

            def dev_score() -> float:
                return self._dev_f1(dev_windows, dev_codes, len(dev_codes))

        signature = {"labels": classes, "n_windows": len(windows), "config": cfg.to_dict(),
                     "seed": self.seed, "base": str(self.base)}
        run = fine_tune(
            self.net_, windows, win_y, n_labels=len(classes), cfg=cfg, device=self.device_,
            pad_id=int(self.tokenizer_.pad_token_id or 0), seed=self.seed, signature=signature,
            dev_score=dev_score, checkpoint_dir=self.checkpoint_dir, resume=self.resume,
            progress=self.progress, on_step=on_step,
        )
        self.history_ = run.history
        self.dev_history_ = run.dev_history
        self.best_epoch_ = run.best_epoch
        self.stopped_ = run.stopped
        self.n_steps_ = run.n_steps
        self.fit_seconds_ = run.seconds
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
                ids, mask = pad_batch([windows.input_ids[j] for j in rows], pad_id, device)
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
