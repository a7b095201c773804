"""Shipped spaCy pipelines (trained from UD treebanks by ``scripts/train_pipelines.py``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from interlang.text.languages import get_language


def pipeline_path(lang: str) -> Path | None:
    """Folder of the shipped pipeline for ``lang``, or None when none ships."""
    name = get_language(lang).pipeline
    if name is None:
        return None
    path = Path(str(resources.files("interlang.text") / "trained" / name))
    return path if (path / "meta.json").exists() else None


def backend_name(lang: str) -> str | None:
    return "spacy" if pipeline_path(lang) is not None else None
