"""Turn an ``llm`` bundle back into a :class:`~interlang.models.families.TextModel`.

The bundle names its model (a GGUF path + SHA-256, or a server URL); nothing is copied into it.
``load_text_model(bundle, endpoint=..., gguf=...)`` points the same prompt, labels and calibration
at another server or file (``$INTERLANG_LLM_ENDPOINT`` overrides the URL of server bundles).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from interlang.errors import ModelError

__all__ = ["LLMTextModel", "load_text_model"]


class LLMTextModel:
    """An ``llm`` bundle ready to score raw texts (``predict_proba``, ``explain_text``)."""

    def __init__(self, bundle: Any, classifier: Any) -> None:
        self.bundle = bundle
        self.classifier = classifier

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.classifier.predict_proba(list(texts))

    def predict(self, texts: Sequence[str]) -> list[str | None]:
        return self.classifier.predict(list(texts))

    def explain_text(self, text: str, *, top: int = 10) -> list[dict[str, Any]]:
        return self.classifier.explain_text(text, top=top)

    @property
    def stats(self) -> dict[str, Any]:
        """Modes, invalid answers and truncations since loading."""
        return dict(self.classifier.stats.to_dict())


def load_text_model(bundle: Any, *, endpoint: str | None = None, gguf: str | None = None) -> LLMTextModel:
    """The :class:`LLMTextModel` of ``bundle`` (optionally on another endpoint or GGUF file)."""
    from interlang.models.llm.backends import make_backend
    from interlang.models.llm.classifier import LLMClassifier

    try:
        config = dict(bundle.load_json("llm"))
    except ModelError:
        config = dict((bundle.extra or {}).get("llm") or {})
    if not config:
        raise ModelError(f"bundle {bundle.name!r} has no LLM configuration")
    endpoint = endpoint or (os.environ.get("INTERLANG_LLM_ENDPOINT") if config.get("kind") == "openai" else None)
    if endpoint is not None:
        from interlang.models.llm.backends import normalise_url

        config.update(kind="openai", endpoint=normalise_url(endpoint))
    elif gguf is not None:
        config.update(kind="gguf", gguf=gguf)
        config.pop("gguf_sha256", None)
    backend = make_backend(config)
    clf = LLMClassifier(
        backend, task=bundle.task, labels=bundle.labels, prompt=config.get("prompt"),
        language=config.get("language", bundle.language), length_norm=config.get("length_norm", "sum"),
        calibrate=config.get("calibrate", "temperature"), max_text_chars=int(config.get("max_text_chars", 6000)),
        generation_tokens=int(config.get("generation_tokens", 8)),
        temperature=float(config.get("temperature", 1.0)), bias=config.get("bias"),
    )
    return LLMTextModel(bundle, clf)
