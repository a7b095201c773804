"""Inter-annotator agreement over CEFR levels: the :mod:`.measures` (Cohen's κ, weighted κ,
Fleiss' κ, Krippendorff's α) and the workbench's JSON-ready :mod:`.summary` of them.

Pure functions over plain labels, so the service, the dashboard and scripts share one
implementation.
"""

from __future__ import annotations

from interlang.workbench.agreement.measures import (
    LANDIS_KOCH,
    AlphaLevel,
    Weights,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    landis_koch,
    level_code,
)
from interlang.workbench.agreement.summary import summarise

__all__ = [
    "LANDIS_KOCH",
    "AlphaLevel",
    "Weights",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "landis_koch",
    "level_code",
    "summarise",
]
