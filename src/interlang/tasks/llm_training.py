"""``interlang train level|l1 --model llm``: a zero-shot LLM bundle
(:func:`interlang.models.llm.train.train_bundle`) on a corpus read by :func:`interlang.tasks.text_data.task_data`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interlang.settings import DEFAULT_SEED

__all__ = ["train_bundle"]


def train_bundle(
    task: str, corpus: str, *, data_dir: str | None = None, seed: int = DEFAULT_SEED, out: Path | None = None,
    **options: Any,
) -> Any:
    """A zero-shot LLM bundle for ``task`` on ``corpus`` (options: see the models function)."""
    from interlang.models.llm import train as fit
    from interlang.tasks.text_data import task_data

    return fit.train_bundle(task, corpus, data_dir=data_dir, seed=seed, out=out, load_data=task_data, **options)
