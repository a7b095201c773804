"""REST API: one typed router per resource, all under ``/api``."""

from __future__ import annotations

from typing import Any


def routers() -> list[Any]:
    """Every API router, in the order the OpenAPI docs list them."""
    from interlang.workbench.api import (
        activities,
        annotation,
        auth,
        corpus,
        jobs,
        predict,
        texts,
        users,
    )

    return [auth.router, users.router, texts.router, activities.router, annotation.router,
            corpus.router, predict.router, jobs.router]
