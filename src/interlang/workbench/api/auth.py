"""Bearer tokens for API clients."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser, state
from interlang.workbench.api.schemas import TokenIn, TokenOut, UserOut

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/token", response_model=TokenOut, status_code=status.HTTP_201_CREATED,
             responses={429: {"description": "Too many failed logins: wait for the Retry-After seconds"}})
def create_token(request: Request, body: TokenIn, db: DB) -> TokenOut:
    """Exchange a username and password for a bearer token (shown once; store it).

    After repeated failures (per account and per client address) the answer is 429 with
    ``Retry-After``, whatever the password.
    """
    user = state(request).login(db, request, body.username, body.password)
    token = service.issue_token(db, user, body.name)
    return TokenOut(access_token=token, role=user.role, username=user.username)  # type: ignore[arg-type]


@router.delete("/auth/token", status_code=status.HTTP_204_NO_CONTENT)
def revoke(request: Request, user: CurrentUser, db: DB) -> None:
    """Revoke the bearer token this request was made with."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        service.revoke_token(db, auth[7:].strip())


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    """Who the token or session belongs to."""
    return UserOut.model_validate(user)
