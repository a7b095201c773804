"""interlang: CEFR level and native-language identification for learner texts.

Importing the package is cheap: pipelines, lexicons and models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from interlang.analysis import Analysis

__all__ = ["__version__", "analyze"]


def analyze(text: str, lang: str | None = None, **kwargs: Any) -> Analysis:
    """Analyse one text: parse it, extract every feature and return an :class:`Analysis`."""
    from interlang.analysis import analyze as _analyze

    return _analyze(text, lang=lang, **kwargs)
