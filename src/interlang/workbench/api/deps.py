"""Dependencies: a database session per request and the authenticated user (bearer or cookie)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from interlang.workbench import security, service
from interlang.workbench.config import WorkbenchSettings
from interlang.workbench.db.models import User, utcnow
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
    analysis_executor: Any = None
    #: Now, as the login throttle sees it (tests move it instead of sleeping).
    clock: Callable[[], datetime] = utcnow

    def login(self, db: Session, request: Request, username: str, password: str) -> User:
        """:func:`~interlang.workbench.service.authenticate`, throttled by account and client address."""
        from interlang.workbench.service.throttle import LoginPolicy

        address = request.client.host if request.client is not None else None
        return service.authenticate(db, username, password, address=address,
                                    policy=LoginPolicy.from_settings(self.settings), now=self.clock())

    def analyse_later(self, ids: list[int]) -> None:
        """Queue feature computation for stored texts (inline when background jobs are off)."""
        from interlang.workbench.analysis_jobs import analyse_texts

        if not ids:
            return
        if self.analysis_executor is not None:
            self.analysis_executor.submit(analyse_texts, self.sessions, ids)
        else:
            analyse_texts(self.sessions, ids)


def state(request: Request) -> WorkbenchState:
    return request.app.state.workbench


def get_db(request: Request) -> Iterator[Session]:
    with state(request).sessions() as db:
        yield db


DB = Annotated[Session, Depends(get_db)]


async def _form_csrf(request: Request) -> str | None:
    """The ``csrf_token`` field of a form POST (read here, async; the form is cached for the handler)."""
    if request.method in SAFE_METHODS or CSRF_HEADER in request.headers:
        return None
    if not request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        return None
    value = (await request.form()).get("csrf_token")
    return value if isinstance(value, str) else None


#: Declares the bearer scheme in the OpenAPI spec (the "Authorize" button of /docs); checked below.
bearer_scheme = HTTPBearer(auto_error=False, description="A token from POST /api/auth/token")


def current_user(
    request: Request, db: DB, form_csrf: Annotated[str | None, Depends(_form_csrf)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """The caller: a bearer token (API) or a session cookie whose unsafe requests carry the CSRF token.

    The CSRF token comes in the ``X-CSRF-Token`` header or a ``csrf_token`` form field. A plain
    function, so its database work runs in the thread pool rather than on the event loop.
    """
    if credentials is not None:
        user = service.user_for_token(db, credentials.credentials.strip())
        if user is None:
            raise NotAuthenticated("invalid or expired API token")
        return user
    cookie = request.cookies.get(COOKIE)
    if cookie:
        sess = service.session_for_cookie(db, cookie)
        if sess is not None:
            request.state.csrf = sess.csrf_token
            if request.method not in SAFE_METHODS:
                sent = request.headers.get(CSRF_HEADER) or form_csrf
                if not sent or not security.same(sent, sess.csrf_token):
                    raise Forbidden("missing or wrong CSRF token: reload the page and try again")
            return sess.user
    raise NotAuthenticated("not logged in: send 'Authorization: Bearer <token>' (POST /api/auth/token)")


CurrentUser = Annotated[User, Depends(current_user)]
