"""Login, logout and the home redirect (by role)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from interlang.workbench import security, service
from interlang.workbench.api.deps import COOKIE, DB, CurrentUser, state
from interlang.workbench.errors import NotAuthenticated, TooManyAttempts
from interlang.workbench.web.rendering import LOGIN_CSRF, back, page

router = APIRouter(include_in_schema=False)


def _login_page(request: Request, **context: Any) -> HTMLResponse:
    """The login form with a fresh login CSRF token (cookie + hidden field)."""
    token = security.new_token()
    response = page(request, "login.html", None, login_csrf=token, **context)
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login")
def login(request: Request, db: DB, username: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf_token: Annotated[str, Form()] = "") -> Response:
    cookie = request.cookies.get(LOGIN_CSRF, "")
    if not cookie or not security.same(cookie, csrf_token):
        return back("/login", err="your login form expired; try again")
    try:
        user = state(request).login(db, request, username, password)
    except TooManyAttempts as exc:
        # Not a redirect: the 429 and its Retry-After reach the browser (and scripts) as they are.
        refused = _login_page(request, throttled=exc.message)
        refused.status_code = exc.status
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    except NotAuthenticated as exc:
        return back("/login", err=exc.message)
    token, _csrf = service.open_session(db, user, state(request).settings.session_hours)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=state(request).settings.secure_cookies,
                        max_age=int(state(request).settings.session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(request: Request, user: CurrentUser, db: DB) -> Response:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        service.close_session(db, cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/")
def home(user: CurrentUser) -> Response:
    return RedirectResponse("/annotate" if user.role == "annotator" else "/texts", status_code=303)
