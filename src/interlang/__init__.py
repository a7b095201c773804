"""interlang: CEFR level and native-language identification for learner texts.

Importing the package is cheap: pipelines, lexicons and models load on first use.
``interlang.load``, ``interlang.analyze`` and ``interlang.Prediction`` are resolved lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interlang.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from interlang.analysis import Analysis, Prediction, Predictor
    from interlang.analysis import analyze_many as analyze_many
    from interlang.analysis import load as load

__all__ = ["Prediction", "Predictor", "__version__", "analyze", "analyze_many", "load"]

_LAZY = {"Prediction", "Predictor", "analyze_many", "load", "Analysis"}


def analyze(text: str, lang: str | None = None, **kwargs: Any) -> Analysis:
    """Analyse one text: parse it, extract every feature and return an :class:`Analysis`."""
    from interlang.analysis import analyze as _analyze

    return _analyze(text, lang=lang, **kwargs)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import interlang.analysis as analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'interlang' has no attribute {name!r}")
