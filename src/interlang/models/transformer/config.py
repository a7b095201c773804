"""Training configurations: the four presets of the CEFR-BERT paper as named dataclasses.

Pure Python (no torch import) so the CLI can list and validate presets cheaply.

| preset     | batch | epochs | lr     | max_length | dropout | patience | mixed precision |
|------------|-------|--------|--------|------------|---------|----------|-----------------|
| `default`  | 8     | 10     | 2e-5   | 512        | 0.3     | 3        | on CUDA         |
| `fast`     | 16    | 5      | 2e-5   | 256        | 0.3     | 3        | on CUDA         |
| `accurate` | 4     | 15     | 1e-5   | 512        | 0.2     | 5        | on CUDA         |
| `cpu`      | 4     | 10     | 2e-5   | 256        | 0.3     | 3        | off             |

Shared by all: AdamW (weight decay 0.01), linear warm-up over 10 % of the steps then linear
decay, inverse-frequency class weights, label smoothing 0.1, gradient clipping at 1.0, early
stopping on dev macro-F1. Long texts are split into windows of ``max_length`` tokens that
overlap by ``stride`` tokens; the window logits are averaged per text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from interlang.errors import InputError

__all__ = ["PRESETS", "TrainConfig", "preset"]

POOLINGS = ("cls", "mean")
CHUNK_POOLINGS = ("mean-logits", "mean-proba", "max-proba")


@dataclass(frozen=True)
class TrainConfig:
    """Every knob of :class:`~interlang.models.transformer.classifier.TransformerClassifier`."""

    batch_size: int = 8
    epochs: int = 10
    lr: float = 2e-5
    max_length: int = 512
    dropout: float = 0.3
    patience: int = 3
    weight_decay: float = 0.01
    warmup: float = 0.1
    label_smoothing: float = 0.1
    class_weights: bool = True
    grad_clip: float = 1.0
    mixed_precision: bool = True
    #: ``cls`` ([CLS] vector) or ``mean`` (mean of the token vectors).
    pooling: str = "cls"
    #: Tokens shared by two consecutive windows of a long text.
    stride: int = 64
    #: How window predictions become one per text.
    chunk_pooling: str = "mean-logits"
    #: Cap on optimiser steps (None: epochs decide); for smoke runs and time budgets.
    max_steps: int | None = None
    #: Keep the word-embedding matrix fixed (e5-small: 96 M of its 118 M parameters).
    freeze_embeddings: bool = False
    #: Cap each class at the median class size, seeded (the NLI paper's down-sampling).
    downsample: bool = False
    #: Save a checkpoint every this many optimiser steps (0: only at epoch ends).
    checkpoint_every: int = 0
    eval_batch_size: int = 32

    def __post_init__(self) -> None:
        if self.pooling not in POOLINGS:
            raise InputError(f"pooling must be one of {POOLINGS}, not {self.pooling!r}")
        if self.chunk_pooling not in CHUNK_POOLINGS:
            raise InputError(f"chunk_pooling must be one of {CHUNK_POOLINGS}, not {self.chunk_pooling!r}")
        if self.max_length < 8:
            raise InputError(f"max_length must be at least 8 tokens, not {self.max_length}")
        if not 0 <= self.stride < self.max_length // 2:
            raise InputError(f"stride must be in [0, max_length/2), not {self.stride}")
        if self.batch_size < 1 or self.epochs < 1:
            raise InputError("batch_size and epochs must be positive")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_options(self, options: Mapping[str, Any]) -> TrainConfig:
        """A copy with the known keys of ``options`` applied (strings from the CLI are coerced)."""
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in options.items():
            if key not in known or value is None:
                continue
            current = getattr(self, key)
            changes[key] = _coerce(key, value, current)
        if "max_length" in changes and "stride" not in changes:  # keep the overlap valid
            changes["stride"] = min(self.stride, int(changes["max_length"]) // 4)
        return replace(self, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _coerce(key: str, value: Any, current: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if isinstance(current, bool):
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if isinstance(current, int) or (current is None and key == "max_steps"):
            return None if text.lower() == "none" else int(text)
        if isinstance(current, float):
            return float(text)
    except ValueError:
        raise InputError(f"option {key}={value!r} is not a valid {type(current).__name__}") from None
    return text


PRESETS: dict[str, TrainConfig] = {
    "default": TrainConfig(batch_size=8, epochs=10, lr=2e-5, max_length=512),
    "fast": TrainConfig(batch_size=16, epochs=5, lr=2e-5, max_length=256),
    "accurate": TrainConfig(batch_size=4, epochs=15, lr=1e-5, max_length=512, dropout=0.2, patience=5),
    "cpu": TrainConfig(batch_size=4, epochs=10, lr=2e-5, max_length=256, mixed_precision=False),
}


def preset(name: str | TrainConfig | None = "default", **options: Any) -> TrainConfig:
    """The named preset (or a given config) with ``options`` applied."""
    if isinstance(name, TrainConfig):
        base = name
    else:
        key = name or "default"
        if key not in PRESETS:
            raise InputError(f"unknown preset {key!r}; choose from {sorted(PRESETS)}")
        base = PRESETS[key]
    return base.with_options(options)
