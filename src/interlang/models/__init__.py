"""Learn and predict, for any task; every family saves and loads through :class:`Bundle`.

Names are imported lazily so ``import interlang.models`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash

__all__ = ["Bundle", "CorpusInfo", "data_hash"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from interlang.models import bundle

        return getattr(bundle, name)
    raise AttributeError(f"module 'interlang.models' has no attribute {name!r}")
