"""Accounts and credentials: users, bearer tokens and web sessions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.workbench import security
from interlang.workbench.db.models import ROLES, ApiToken, User, WebSession, utcnow
from interlang.workbench.errors import Conflict, Invalid, NotAuthenticated
from interlang.workbench.service.common import REVIEWERS, aware, fetch, require
from interlang.workbench.service.throttle import (
    LoginPolicy,
    check_not_locked,
    clear_account,
    keys_for,
    record_failure,
)


def create_user(db: Session, username: str, password: str, role: str) -> User:
    """A new active user; usernames are unique, passwords at least 8 characters."""
    username = username.strip()
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.@\-]{2,80}", username):
        raise Invalid("username: 2–80 letters, digits or _ . @ -")
    if len(password) < 8:
        raise Invalid("password must have at least 8 characters")
    if db.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"user {username!r} exists already")
    user = User(username=username, password_hash=security.hash_password(password), role=role, active=True)
    db.add(user)
    db.commit()
    return user


def authenticate(db: Session, username: str, password: str, *, address: str | None = None,
                 policy: LoginPolicy | None = None, now: datetime | None = None) -> User:
    """The active user with these credentials, else 401 (same message for both mistakes).

    Throttled per account name and per client ``address``: while either is locked, or when this
    failure locks one, the answer is 429 (:class:`~interlang.workbench.errors.TooManyAttempts`)
    with how long to wait, the right password included.
    """
    policy = policy or LoginPolicy()
    now = aware(now or utcnow())
    keys = keys_for(username, address)
    check_not_locked(db, keys, now)
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not security.verify_password(user.password_hash, password):
        record_failure(db, keys, policy, now, user)
        raise NotAuthenticated("wrong username or password")
    clear_account(db, username)
    db.commit()
    return user


def issue_token(db: Session, user: User, name: str = "api") -> str:
    """A new bearer token; only its digest is stored, so it is shown once."""
    token = security.new_token()
    db.add(ApiToken(user_id=user.id, token_hash=security.digest(token), name=name[:80]))
    db.commit()
    return token


def user_for_token(db: Session, token: str) -> User | None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == security.digest(token)))
    if row is None or (row.expires_at is not None and aware(row.expires_at) < utcnow()):
        return None
    return row.user if row.user.active else None


def revoke_token(db: Session, token: str) -> None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == security.digest(token)))
    if row is not None:
        db.delete(row)
        db.commit()


def open_session(db: Session, user: User, hours: float) -> tuple[str, str]:
    """A web session: (cookie token, CSRF token)."""
    token, csrf = security.new_token(), security.new_token()
    db.add(WebSession(
        user_id=user.id, token_hash=security.digest(token), csrf_token=csrf,
        expires_at=utcnow() + timedelta(hours=hours),
    ))
    db.commit()
    return token, csrf


def session_for_cookie(db: Session, token: str) -> WebSession | None:
    row = db.scalar(select(WebSession).where(WebSession.token_hash == security.digest(token)))
    if row is None or aware(row.expires_at) < utcnow() or not row.user.active:
        return None
    return row


def close_session(db: Session, token: str) -> None:
    row = db.scalar(select(WebSession).where(WebSession.token_hash == security.digest(token)))
    if row is not None:
        db.delete(row)
        db.commit()


def list_users(db: Session, actor: User, role: str | None = None) -> list[User]:
    require(actor, *REVIEWERS)  # reviewers need the annotator list to assign work
    stmt = select(User).order_by(User.id)
    if role is not None:
        stmt = stmt.where(User.role == role)
    return list(db.scalars(stmt))


def update_user(db: Session, actor: User, user_id: int, *, role: str | None = None,
                active: bool | None = None, password: str | None = None) -> User:
    require(actor, "admin")
    user = fetch(db, User, user_id, "user")
    if role is not None:
        if role not in ROLES:
            raise Invalid(f"role must be one of {', '.join(ROLES)}")
        user.role = role
    if active is not None:
        if user.id == actor.id and not active:
            raise Conflict("you cannot deactivate yourself")
        user.active = active
    if password is not None:
        if len(password) < 8:
            raise Invalid("password must have at least 8 characters")
        user.password_hash = security.hash_password(password)
    db.commit()
    return user
