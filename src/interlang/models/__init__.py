"""Learn and predict, for any task; every family saves and loads through :class:`Bundle`.

Names are imported lazily so ``import interlang.models`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash
    from interlang.models.calibration import CalibratedModel, select_calibrator
    from interlang.models.classical import FeatureClassifier
    from interlang.models.ordinal import FrankHallClassifier, OrdinalLogistic

_LAZY = {
    "Bundle": "bundle",
    "CorpusInfo": "bundle",
    "data_hash": "bundle",
    "FeatureClassifier": "classical",
    "CalibratedModel": "calibration",
    "select_calibrator": "calibration",
    "OrdinalLogistic": "ordinal",
    "FrankHallClassifier": "ordinal",
}
__all__ = [
    "Bundle",
    "CalibratedModel",
    "CorpusInfo",
    "FeatureClassifier",
    "FrankHallClassifier",
    "OrdinalLogistic",
    "data_hash",
    "select_calibrator",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"interlang.models.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'interlang.models' has no attribute {name!r}")
