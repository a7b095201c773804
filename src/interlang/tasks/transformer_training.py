"""``interlang train level|l1 --model transformer|embeddings``: the fit loops of
:mod:`interlang.models.transformer.train` on a corpus read by :func:`interlang.tasks.text_data.load_text_data`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interlang.settings import DEFAULT_SEED

__all__ = ["train_bundle", "train_embeddings_bundle"]


def train_bundle(
    task: str, corpus: str, *, data_dir: str | None = None, seed: int = DEFAULT_SEED, out: Path | None = None,
    **options: Any,
) -> Any:
    """Fine-tune an encoder for ``task`` on ``corpus`` (options: see the models function)."""
    from interlang.models.transformer import train as fit
    from interlang.tasks.text_data import load_text_data

    return fit.train_bundle(task, corpus, data_dir=data_dir, seed=seed, out=out, load_data=load_text_data, **options)


def train_embeddings_bundle(
    task: str, corpus: str, *, data_dir: str | None = None, seed: int = DEFAULT_SEED, out: Path | None = None,
    **options: Any,
) -> Any:
    """Frozen embeddings + a linear head for ``task`` on ``corpus`` (options: see the models function)."""
    from interlang.models.transformer import train as fit
    from interlang.tasks.text_data import load_text_data

    return fit.train_embeddings_bundle(
        task, corpus, data_dir=data_dir, seed=seed, out=out, load_data=load_text_data, **options
    )
