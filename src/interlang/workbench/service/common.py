"""The rules every domain shares: roles, CEFR level checks, row lookup, filters, versioning, audit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from interlang.labels import CEFR_LEVELS, normalize_cefr
from interlang.workbench.db.engine import get_row
from interlang.workbench.db.models import AuditLog, TextItem, User
from interlang.workbench.errors import Conflict, Forbidden, Invalid, NotFound

REVIEWERS = ("admin", "reviewer")
#: Metadata a segment copies from its parent.
INHERITED = ("language", "genre", "topic", "register", "source", "split", "level", "title")
#: Editable text fields (besides ``text``).
META_FIELDS = ("title", "language", "level", "genre", "topic", "register", "source", "split")
#: Columns of the export/dashboard filters.
FILTERS = ("level", "status", "genre", "register", "topic", "split")


def require(user: User, *roles: str) -> None:
    """Refuse (403) unless ``user`` has one of ``roles``."""
    if user.role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)}; you are {user.role}")


def aware(value: datetime) -> datetime:
    """``value`` as UTC-aware: SQLite hands back naive datetimes, PostgreSQL aware ones."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def check_level(value: Any, *, field: str = "level", required: bool = False) -> str | None:
    """A CEFR level A1–C2 (sub-levels map to their level), None when empty and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid(f"{field} is required (one of {', '.join(CEFR_LEVELS)})")
        return None
    level = normalize_cefr(value)
    if level is None:
        raise Invalid(f"{field} {value!r} is not a CEFR level (use {', '.join(CEFR_LEVELS)})")
    return level


def audit(db: Session, text: TextItem | None, user: User | None, action: str,
          from_status: str | None = None, to_status: str | None = None, detail: Any = None) -> None:
    """One audit-log row (committed with the change it records)."""
    db.add(AuditLog(
        text_id=None if text is None else text.id, user_id=None if user is None else user.id, action=action,
        from_status=from_status, to_status=to_status, detail=detail,
    ))


_Row = TypeVar("_Row")


def fetch(db: Session, model: type[_Row], ident: int, what: str) -> _Row:
    """The row ``ident`` of ``model``, or :class:`NotFound` naming it (404 in the API)."""
    row = get_row(db, model, ident)
    if row is None:
        raise NotFound(f"no {what} {ident}")
    return row


def get_text(db: Session, text_id: int) -> TextItem:
    """The text ``text_id`` without a role check (callers check the role first)."""
    return fetch(db, TextItem, text_id, "text")


def filtered(stmt: Any, filters: Mapping[str, Any]) -> Any:
    """``stmt`` narrowed by the :data:`FILTERS` columns (comma = any of) and a ``q`` search."""
    for key in FILTERS:
        value = filters.get(key)
        if value in (None, ""):
            continue
        column = getattr(TextItem, key)
        values = [v.strip() for v in str(value).split(",") if v.strip()]
        stmt = stmt.where(column.in_(values)) if len(values) > 1 else stmt.where(column == values[0])
    query = filters.get("q")
    if query:
        like = f"%{query}%"
        stmt = stmt.where(TextItem.title.ilike(like) | TextItem.text.ilike(like))
    return stmt


def check_version(item: TextItem, version: int | None) -> None:
    """Optimistic locking: the client must send the version it edited, else 422/409."""
    if version is None:
        raise Invalid("version is required (optimistic locking): send the version you edited")
    if version != item.version:
        raise Conflict(
            f"text {item.id} was changed by someone else (your version {version}, current {item.version}); "
            "reload it and apply your change again",
            detail={"current_version": item.version},
        )


def commit_versioned(db: Session, item: TextItem) -> None:
    """Commit, turning a concurrent write (stale version) into 409 instead of a 500."""
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        raise Conflict(f"text {item.id} was changed concurrently; reload it and apply your change again") from None
