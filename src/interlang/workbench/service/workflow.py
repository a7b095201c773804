"""The review workflow: draft → pending_review → approved | rejected, each move audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.workbench.db.models import STATUSES, TRANSITIONS, AuditLog, TextItem, User
from interlang.workbench.errors import Conflict, Invalid
from interlang.workbench.service.annotation import assessments_of
from interlang.workbench.service.common import (
    REVIEWERS,
    audit,
    check_level,
    check_version,
    commit_versioned,
    get_text,
    require,
)


def transition(db: Session, actor: User, text_id: int, to: str, *, version: int | None = None,
               level: Any = None, comment: str | None = None) -> TextItem:
    """Move a text along draft → pending_review → approved | rejected (rejected → draft).

    Approval sets the final level (``level``, else the text's current level; one is required).
    An illegal move is 409, an unknown status 422; each legal move is written to the audit log.
    """
    require(actor, *REVIEWERS)
    if to not in STATUSES:
        raise Invalid(f"status must be one of {', '.join(STATUSES)}, not {to!r}")
    item = get_text(db, text_id)
    if version is not None:
        check_version(item, version)
    if to not in TRANSITIONS[item.status]:
        allowed = ", ".join(TRANSITIONS[item.status]) or "none"
        raise Conflict(f"text {item.id} is {item.status}: it cannot become {to} (allowed: {allowed})")
    detail: dict[str, Any] = {}
    if comment:
        detail["comment"] = comment[:2000]
    if to == "approved":
        final = check_level(level, field="final level") or item.level
        if final is None:
            raise Invalid("approval needs the final level (level: A1–C2)")
        detail["final_level"] = final
        detail["assessments"] = {a.annotator.username: a.level for a in assessments_of(db, item.id)}
        item.level = final
    elif level is not None:
        item.level = check_level(level)
    before = item.status
    item.status = to
    audit(db, item, actor, "status", before, to, detail or None)
    commit_versioned(db, item)
    return item


def audit_of(db: Session, actor: User, text_id: int) -> list[AuditLog]:
    require(actor, *REVIEWERS)
    get_text(db, text_id)
    return list(db.scalars(select(AuditLog).where(AuditLog.text_id == text_id).order_by(AuditLog.id)))
