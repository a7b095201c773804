"""Rendering shared by every page: the Jinja environment, the page context, redirects with a message."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from interlang.labels import CEFR_LEVELS
from interlang.workbench.db.models import STATUSES, User

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
LOGIN_CSRF = "interlang_login_csrf"
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _fmt(value: Any) -> str:
    """A value as a page shows it: a dash for missing, whole floats without decimals."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    return str(value)


templates.env.filters["fmt"] = _fmt


def page(request: Request, name: str, user: User | None, **context: Any) -> HTMLResponse:
    """Render ``name`` with what every page needs (user, CSRF token, levels, flash message)."""
    return templates.TemplateResponse(request, name, {
        "user": user, "csrf": getattr(request.state, "csrf", ""), "levels": CEFR_LEVELS,
        "statuses": STATUSES, "msg": request.query_params.get("msg"), "err": request.query_params.get("err"),
        **context,
    })


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page with the rule's message (a service error on a page, never a traceback)."""
    response = page(request, "error.html", None, status=status, message=message)
    response.status_code = status
    return response


def back(url: str, **params: Any) -> RedirectResponse:
    """POST → redirect → GET, carrying a short ``msg`` or ``err`` for the next page."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return RedirectResponse(f"{url}?{query}" if query else url, status_code=303)
