"""Trainers of the text-reading families: ``interlang train level|l1 --model transformer|embeddings|llm``.

A trainer ``train_bundle(task, corpus, *, data_dir=None, seed=13, out=None, **options)`` reads
the corpus, fits the family's estimator and returns a bundle whose ``extra["family"]`` names a
loader of :data:`interlang.models.families.LOADERS`. Registered as ``"module:function"``
strings, resolved on first use (no torch import until a family is trained).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interlang.errors import ModelError
from interlang.models.families import LOADERS, resolve_entry
from interlang.settings import DEFAULT_SEED

__all__ = ["TRAINERS", "train_family"]

#: family name (``--model`` of ``interlang train``) → trainer.
TRAINERS: dict[str, str] = {
    "transformer": "interlang.tasks.transformer_training:train_bundle",
    "embeddings": "interlang.tasks.transformer_training:train_embeddings_bundle",
    "llm": "interlang.tasks.llm_training:train_bundle",
}


def train_family(
    family: str,
    task: str,
    corpus: str,
    *,
    data_dir: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    out: Path | None = None,
    **options: Any,
) -> Any:
    """Train ``family`` for ``task`` ("level" or "l1"; "proficiency" means "level") on ``corpus``."""
    if family not in TRAINERS:
        raise ModelError(f"unknown model family {family!r}; text families: {', '.join(TRAINERS)}")
    if task == "proficiency":
        task = "level"
    if task not in ("level", "l1"):
        raise ModelError(f"task must be 'level' or 'l1', not {task!r}")
    trainer = resolve_entry(TRAINERS[family], family)
    bundle = trainer(task, corpus, data_dir=None if data_dir is None else str(data_dir), seed=seed, out=out, **options)
    if (bundle.extra or {}).get("family") not in LOADERS:
        raise ModelError(f"the {family!r} trainer returned a bundle without a known extra['family']")
    return bundle
