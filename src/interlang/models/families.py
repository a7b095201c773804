"""Loaders of the model families that read raw text (fine-tuned transformers, embedding heads, LLMs,
n-gram models of any task).

A **loader** turns a bundle whose ``extra["family"]`` names it into a :class:`TextModel`
(``predict_proba`` over raw texts, columns in ``bundle.labels`` order, and ``explain_text`` for
the top class), without importing torch or an LLM client until one is used. The registry maps
names to ``"module:function"`` strings, resolved on first use. The trainers (they read corpora)
are registered one floor up, in :mod:`interlang.tasks.families`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from interlang.errors import ModelError

__all__ = [
    "EXTRAS",
    "LOADERS",
    "TextModel",
    "family_of",
    "is_text_family",
    "load_text_model",
    "resolve_entry",
]

#: ``bundle.extra["family"]`` → loader of a :class:`TextModel`.
LOADERS: dict[str, str] = {
    "transformer": "interlang.models.transformer.predict:load_text_model",
    "embeddings": "interlang.models.transformer.predict:load_text_model",
    "llm": "interlang.models.llm.predict:load_text_model",
    #: character/word n-grams of any task (proficiency for languages without a parser)
    "ngram": "interlang.models.ngram_predictor:load_text_model",
}

#: The optional extra that each family needs, named in the error when it is missing.
EXTRAS: dict[str, str] = {"transformer": "transformers", "embeddings": "transformers", "llm": "llm"}


@runtime_checkable
class TextModel(Protocol):
    """A loaded model that scores raw texts."""

    bundle: Any

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, len(bundle.labels)) probabilities, columns in ``bundle.labels`` order."""
        ...

    def explain_text(self, text: str, *, top: int = 10) -> list[dict[str, Any]]:
        """Spans that pushed ``text`` towards its top label: span, start, end, weight."""
        ...


def resolve_entry(target: str, family: str) -> Any:
    """The object a ``"module:function"`` registry entry names (:class:`ModelError` naming the
    extra to install when the family's module cannot be imported)."""
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        extra = EXTRAS.get(family, family)
        raise ModelError(
            f"the {family!r} model family cannot be loaded ({exc}); install the extra: "
            f"pip install 'interlang[{extra}]'"
        ) from exc
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ModelError(f"{module_name} has no {attr!r} (model family {family!r})") from None


def family_of(bundle: Any) -> str | None:
    """The text family of a bundle, or None for feature / n-gram bundles."""
    family = (getattr(bundle, "extra", None) or {}).get("family")
    return str(family) if family in LOADERS else None


def is_text_family(bundle: Any) -> bool:
    return family_of(bundle) is not None


def load_text_model(name_or_path: str | Path | Any) -> TextModel:
    """A :class:`TextModel` from a bundle, a bundle path or a shipped name."""
    from interlang.models.bundle import Bundle
    from interlang.models.shipped import resolve

    bundle = name_or_path if isinstance(name_or_path, Bundle) else Bundle.load(resolve(name_or_path), load_estimator=False)
    family = family_of(bundle)
    if family is None:
        raise ModelError(f"bundle {bundle.name!r} is not a text-model bundle (extra['family'] missing)")
    loader = resolve_entry(LOADERS[family], family)
    model = loader(bundle)
    if not isinstance(model, TextModel):
        raise ModelError(f"the {family!r} loader returned {type(model).__name__}, not a TextModel")
    return model
