"""Document → named numbers, in groups (see :data:`GROUPS`)."""

from interlang.features.base import (
    FEATURES,
    GROUPS,
    Feature,
    FeatureValues,
    Unavailable,
    extract,
    extractor,
    list_features,
)

__all__ = [
    "FEATURES",
    "GROUPS",
    "Feature",
    "FeatureValues",
    "Unavailable",
    "extract",
    "extractor",
    "list_features",
]
