"""Teaching activities built on a text (reviewers and admins only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.workbench.db.models import Activity, User
from interlang.workbench.errors import Invalid
from interlang.workbench.service.common import REVIEWERS, check_level, fetch, get_text, require


def create_activity(db: Session, actor: User, values: Mapping[str, Any]) -> Activity:
    require(actor, *REVIEWERS)
    text_id = values.get("text_id")
    if not isinstance(text_id, int):
        raise Invalid("text_id is required")
    get_text(db, text_id)
    title = str(values.get("title") or "").strip()
    if not title:
        raise Invalid("title is required")
    act = Activity(
        text_id=text_id, title=title[:300], kind=str(values.get("kind") or "reading")[:60],
        level=check_level(values.get("level"), required=True), instructions=str(values.get("instructions") or ""),
        created_by_id=actor.id,
    )
    db.add(act)
    db.commit()
    return act


def list_activities(db: Session, actor: User, text_id: int | None = None, level: str | None = None) -> list[Activity]:
    require(actor, *REVIEWERS)
    stmt = select(Activity).order_by(Activity.id)
    if text_id is not None:
        stmt = stmt.where(Activity.text_id == text_id)
    if level:
        stmt = stmt.where(Activity.level == check_level(level))
    return list(db.scalars(stmt))


def get_activity(db: Session, actor: User, activity_id: int) -> Activity:
    require(actor, *REVIEWERS)
    return fetch(db, Activity, activity_id, "activity")


def update_activity(db: Session, actor: User, activity_id: int, values: Mapping[str, Any]) -> Activity:
    act = get_activity(db, actor, activity_id)
    if "title" in values and values["title"] is not None:
        if not str(values["title"]).strip():
            raise Invalid("title is required")
        act.title = str(values["title"]).strip()[:300]
    if values.get("kind") is not None:
        act.kind = str(values["kind"])[:60]
    if values.get("level") is not None:
        act.level = check_level(values["level"], required=True) or act.level
    if values.get("instructions") is not None:
        act.instructions = str(values["instructions"])
    db.commit()
    return act


def delete_activity(db: Session, actor: User, activity_id: int) -> None:
    act = get_activity(db, actor, activity_id)
    db.delete(act)
    db.commit()
