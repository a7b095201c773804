"""Dependencies: a database session per request and the authenticated user (bearer or cookie)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from interlang.workbench import security, service
from interlang.workbench.config import WorkbenchSettings
from interlang.workbench.db.models import User
from interlang.workbench.errors import Forbidden, NotAuthenticated

COOKIE = "interlang_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class WorkbenchState:
    """What the app keeps between requests (``app.state.workbench``)."""

    settings: WorkbenchSettings
    engine: Any
    sessions: sessionmaker[Session]
    executor: Any


def state(request: Request) -> WorkbenchState:
    return request.app.state.workbench


def get_db(request: Request) -> Iterator[Session]:
    with state(request).sessions() as db:
        yield db


DB = Annotated[Session, Depends(get_db)]


async def current_user(request: Request, db: DB) -> User:
    """The caller: a bearer token (API) or a session cookie whose unsafe requests carry the CSRF token.

    The CSRF token comes in the ``X-CSRF-Token`` header or a ``csrf_token`` form field.
    """
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        user = service.user_for_token(db, auth[7:].strip())
        if user is None:
            raise NotAuthenticated("invalid or expired API token")
        return user
    cookie = request.cookies.get(COOKIE)
    if cookie:
        sess = service.session_for_cookie(db, cookie)
        if sess is not None:
            request.state.csrf = sess.csrf_token
            if request.method not in SAFE_METHODS:
                sent = request.headers.get(CSRF_HEADER)
                if sent is None and request.headers.get("content-type", "").startswith(
                    ("application/x-www-form-urlencoded", "multipart/form-data")
                ):
                    form = await request.form()
                    value = form.get("csrf_token")
                    sent = value if isinstance(value, str) else None
                if not sent or not security.same(sent, sess.csrf_token):
                    raise Forbidden("missing or wrong CSRF token: reload the page and try again")
            return sess.user
    raise NotAuthenticated("not logged in: send 'Authorization: Bearer <token>' (POST /api/auth/token)")


CurrentUser = Annotated[User, Depends(current_user)]
