"""The interactive API docs: the vendored Swagger UI (no CDN), started by a static script.

FastAPI's own ``get_swagger_ui_html`` page starts Swagger UI with an inline script, which the
Content-Security-Policy (``script-src 'self'``) refuses; ``static/swagger-init.js`` does it instead.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from interlang.workbench.web.rendering import templates

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "docs.html", {})
