"""The loader registry: any bundle (shipped name or path) → a model that scores raw texts.

The one place that tells the model families apart. :data:`KINDS` is tried in order and the first
kind that accepts a bundle loads it: text-reading families (transformer, embeddings, LLM:
:func:`~interlang.models.families.load_text_model`), n-gram L1 bundles
(:class:`~interlang.models.l1_predict.L1Predictor`, compiled numpy path when present), then level
bundles of the feature families and rules (:class:`~interlang.models.predict.LevelPredictor`,
compiled numpy path when present: no scikit-learn import on it). ``interlang evaluate`` (floor 6)
and ``interlang.load`` (floor 7) both go through :func:`load_model`. Knows no corpus, no task.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import ModelError

__all__ = ["KINDS", "LoadedModel", "ModelKind", "load_model"]


@dataclass(frozen=True)
class ModelKind:
    """One entry of the registry: which bundles it takes and how it loads them."""

    name: str
    accepts: Callable[[Any], bool]
    #: ``(bundle, key) -> family model``; ``key`` is the shipped name or path it was asked for.
    load: Callable[[Any, str], Any]
    #: Whether scoring needs the registered features of each text (level feature models).
    needs_features: bool = False


@dataclass(frozen=True)
class LoadedModel:
    """A bundle's family model behind one scoring call."""

    kind: str
    bundle: Any
    model: Any
    needs_features: bool
    #: The shipped name or path it was loaded by ("" when built from a Bundle object).
    key: str = ""

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.bundle.labels.labels]

    def predict_proba(
        self, texts: Sequence[str], feature_rows: Sequence[Mapping[str, float]] | None = None
    ) -> np.ndarray:
        """(n, len(labels)) probabilities in label order. Feature models compute the features of
        ``texts`` themselves when ``feature_rows`` is not given."""
        if not self.needs_features:
            return np.asarray(self.model.predict_proba(list(texts)), dtype=np.float64)
        if feature_rows is None:
            from interlang.features import extract
            from interlang.text import parse

            lang = self.bundle.language
            if lang is None:
                raise ModelError(f"bundle {self.bundle.name!r} records no language")
            feature_rows = [extract(parse(t, str(lang))).values for t in texts]
        return np.asarray(self.model.predict_records(feature_rows, list(texts)), dtype=np.float64)


def _difficulty(bundle: Any, key: str) -> Any:
    from interlang.models.difficulty import DifficultyModel

    return DifficultyModel(bundle, key)


def _is_text_family(bundle: Any) -> bool:
    from interlang.models.families import is_text_family

    return is_text_family(bundle)


def _text_family(bundle: Any, key: str) -> Any:
    from interlang.models.families import load_text_model

    return load_text_model(bundle)


def _l1(bundle: Any, key: str) -> Any:
    from interlang.models.l1_predict import L1Predictor, load_cached_l1

    return load_cached_l1(key) if key else L1Predictor(bundle)


def _level(bundle: Any, key: str) -> Any:
    from interlang.models.predict import LevelPredictor, load_cached

    return load_cached(key) if key else LevelPredictor.from_bundle(bundle)


#: Tried in order; the first kind that accepts a bundle loads it.
KINDS: list[ModelKind] = [
    ModelKind("difficulty", lambda b: b.task == "difficulty", _difficulty),
    ModelKind("text-family", _is_text_family, _text_family),
    ModelKind("l1", lambda b: b.task == "l1", _l1),
    ModelKind("level", lambda b: b.task == "level", _level, needs_features=True),
]

_LOADED: dict[str, LoadedModel] = {}


def load_model(name_or_path: str | Path | Any) -> LoadedModel:
    """The :class:`LoadedModel` of a shipped name, a bundle path (one per process) or a Bundle."""
    from interlang.models.bundle import Bundle
    from interlang.models.shipped import resolve

    if isinstance(name_or_path, Bundle):
        return _load(name_or_path, "")
    key = str(name_or_path)
    if key not in _LOADED:
        _LOADED[key] = _load(Bundle.load(resolve(key), load_estimator=False), key)
    return _LOADED[key]


def _load(bundle: Any, key: str) -> LoadedModel:
    for kind in KINDS:
        if kind.accepts(bundle):
            return LoadedModel(kind.name, bundle, kind.load(bundle, key), kind.needs_features, key)
    raise ModelError(f"{key or bundle.name}: no model family loads a {bundle.task!r} bundle")
