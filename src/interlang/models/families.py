"""Model families that read raw text (fine-tuned transformers, frozen-embedding heads, LLMs).

Feature models go through :mod:`interlang.models.train` and n-gram NLI through
:mod:`interlang.models.ngram`; the families here share one small contract so that ``train``,
``evaluate``, ``explain`` and ``analyze --model`` treat them alike without importing torch or an
LLM client until one is used:

* a **trainer** ``train_bundle(task, corpus, *, data_dir=None, seed=13, out=None, **options)``
  returns a :class:`~interlang.models.bundle.Bundle` whose ``extra["family"]`` names its loader;
* a **loader** turns that bundle into a :class:`TextModel` (``predict_proba`` over raw texts,
  columns in ``bundle.labels`` order, and ``explain_text`` for the top class).

Both registries map names to ``"module:function"`` strings, resolved on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from interlang.errors import ModelError
from interlang.settings import DEFAULT_SEED

__all__ = [
    "LOADERS",
    "TRAINERS",
    "TextModel",
    "family_of",
    "is_text_family",
    "load_text_model",
    "train_family",
]

#: family name (``--model`` of ``interlang train``) → trainer.
TRAINERS: dict[str, str] = {
    "transformer": "interlang.models.transformer.train:train_bundle",
    "embeddings": "interlang.models.transformer.train:train_embeddings_bundle",
    "llm": "interlang.models.llm.train:train_bundle",
}

#: ``bundle.extra["family"]`` → loader of a :class:`TextModel`.
LOADERS: dict[str, str] = {
    "transformer": "interlang.models.transformer.predict:load_text_model",
    "embeddings": "interlang.models.transformer.predict:load_text_model",
    "llm": "interlang.models.llm.predict:load_text_model",
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


def _resolve(target: str, family: str) -> Any:
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
    """Train ``family`` for ``task`` ("level" or "l1") on ``corpus`` and return its bundle."""
    if family not in TRAINERS:
        raise ModelError(f"unknown model family {family!r}; text families: {', '.join(TRAINERS)}")
    if task not in ("level", "l1"):
        raise ModelError(f"task must be 'level' or 'l1', not {task!r}")
    trainer = _resolve(TRAINERS[family], family)
    bundle = trainer(task, corpus, data_dir=None if data_dir is None else str(data_dir), seed=seed, out=out, **options)
    if (bundle.extra or {}).get("family") not in LOADERS:
        raise ModelError(f"the {family!r} trainer returned a bundle without a known extra['family']")
    return bundle


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
    loader = _resolve(LOADERS[family], family)
    model = loader(bundle)
    if not isinstance(model, TextModel):
        raise ModelError(f"the {family!r} loader returned {type(model).__name__}, not a TextModel")
    return model
