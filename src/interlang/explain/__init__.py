"""Explanations of level and L1 models: SHAP (``[ml]`` extra) or a documented cheaper fallback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from interlang.explain.shap_explain import (
        GlobalExplanation,
        LocalExplanation,
        explain_global,
        explain_local,
        summary_plot,
    )

__all__ = ["GlobalExplanation", "LocalExplanation", "explain_global", "explain_local", "summary_plot"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from interlang.explain import shap_explain

        return getattr(shap_explain, name)
    raise AttributeError(f"module 'interlang.explain' has no attribute {name!r}")
