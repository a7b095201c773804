"""Blind annotation: what an annotator may see of an assigned text, and their assessment."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interlang.workbench.db.models import Assessment, Assignment, TextItem, User, utcnow
from interlang.workbench.errors import Conflict, NotFound
from interlang.workbench.service.common import REVIEWERS, check_level, get_text, require


def blind_view(item: TextItem, mine: Assessment | None) -> dict[str, Any]:
    """What an annotator may see: never the level, the source, predictions or other assessments."""
    analysis = item.analysis or {}
    return {
        "text_id": item.id,
        "title": item.title,
        "text": item.text,
        "language": item.language,
        "genre": item.genre,
        "topic": item.topic,
        "register": item.register,
        "n_words": analysis.get("n_words"),
        "n_sentences": analysis.get("n_sentences"),
        "features": dict(item.features or {}),
        "my_assessment": None if mine is None else {"level": mine.level, "comment": mine.comment},
        "open": item.status in ("draft", "pending_review"),
    }


def my_queue(db: Session, actor: User) -> list[dict[str, Any]]:
    """The annotator's assignments: id, title and whether they assessed it (blind)."""
    require(actor, "annotator")
    rows = db.execute(
        select(Assignment, TextItem).join(TextItem, TextItem.id == Assignment.text_id)
        .where(Assignment.annotator_id == actor.id).order_by(Assignment.id)
    ).all()
    mine = {a.text_id: a for a in db.scalars(select(Assessment).where(Assessment.annotator_id == actor.id))}
    return [
        {"assignment_id": a.id, "text_id": t.id, "title": t.title, "language": t.language,
         "done": t.id in mine, "open": t.status in ("draft", "pending_review")}
        for a, t in rows
    ]


def _assigned_text(db: Session, actor: User, text_id: int) -> TextItem:
    require(actor, "annotator")
    ok = db.scalar(select(Assignment.id).where(Assignment.text_id == text_id, Assignment.annotator_id == actor.id))
    if ok is None:
        # Same answer whether or not the text exists: an annotator learns nothing about others' work.
        raise NotFound(f"text {text_id} is not assigned to you")
    return get_text(db, text_id)


def annotation_view(db: Session, actor: User, text_id: int) -> dict[str, Any]:
    item = _assigned_text(db, actor, text_id)
    mine = db.scalar(select(Assessment).where(Assessment.text_id == text_id, Assessment.annotator_id == actor.id))
    return blind_view(item, mine)


def submit_assessment(db: Session, actor: User, text_id: int, level: Any, comment: str | None = None) -> Assessment:
    """The annotator's level for an assigned open text (re-submitting replaces their own)."""
    item = _assigned_text(db, actor, text_id)
    if item.status not in ("draft", "pending_review"):
        raise Conflict(f"text {text_id} is {item.status}: assessments are closed")
    value = check_level(level, required=True)
    assert value is not None
    row = db.scalar(select(Assessment).where(Assessment.text_id == text_id, Assessment.annotator_id == actor.id))
    if row is None:
        row = Assessment(text_id=text_id, annotator_id=actor.id, level=value, comment=comment or None)
        db.add(row)
    else:
        row.level, row.comment, row.created_at = value, comment or None, utcnow()
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("you submitted this assessment twice at once; reload") from None
    return row


def assessments_of(db: Session, text_id: int) -> list[Assessment]:
    return list(db.scalars(select(Assessment).where(Assessment.text_id == text_id).order_by(Assessment.id)))


def text_assessments(db: Session, actor: User, text_id: int) -> list[Assessment]:
    require(actor, *REVIEWERS)
    get_text(db, text_id)
    return assessments_of(db, text_id)
