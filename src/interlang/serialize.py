"""JSON-ready values: the one converter for bundles, reports, API answers and batch rows.

JSON has no NaN, no tuples, no numpy scalars and only string keys; every writer in interlang
goes through :func:`jsonable` so that the same value serialises the same way everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["jsonable"]


def jsonable(value: Any, *, unknown: str = "keep") -> Any:
    """``value`` with NaN/inf → None, numpy scalars/arrays → Python, tuples → lists, keys → str.

    ``unknown`` says what happens to other objects: ``"keep"`` returns them as they are (the
    caller's encoder decides), ``"repr"`` replaces them by their ``repr`` (e.g. estimator
    parameters recorded in a bundle's metadata).
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, unknown=unknown) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [jsonable(v, unknown=unknown) for v in items]
    tolist = getattr(value, "tolist", None)
    if callable(tolist) and type(value).__module__ == "numpy":  # numpy scalars and arrays
        return jsonable(tolist(), unknown=unknown)
    if unknown == "repr":
        return repr(value)
    return value
