"""Server-rendered web UI (Jinja2 + vendored htmx): the same service calls as the API.

Every form carries the session's CSRF token (checked by :func:`~interlang.workbench.api.deps.current_user`);
actions answer with a redirect (POST → redirect → GET) and a short message. One router per page
group (``pages_*``); this module only joins them.
"""

from __future__ import annotations

from fastapi import APIRouter

from interlang.workbench.web import (
    pages_admin,
    pages_annotation,
    pages_corpus,
    pages_docs,
    pages_import,
    pages_login,
    pages_texts,
)
from interlang.workbench.web.rendering import STATIC_DIR, back, page, render_error, templates

router = APIRouter(include_in_schema=False)
for _group in (pages_login, pages_texts, pages_import, pages_annotation, pages_corpus, pages_admin, pages_docs):
    router.include_router(_group.router)

__all__ = ["STATIC_DIR", "back", "page", "render_error", "router", "templates"]
