"""Inter-annotator agreement over the stored assessments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.serialize import jsonable
from interlang.workbench.db.models import Assessment, User
from interlang.workbench.service.common import REVIEWERS, require


def assessment_table(db: Session, text_ids: Iterable[int] | None = None) -> dict[int, dict[int, str]]:
    """``{text_id: {annotator_id: level}}`` of every assessment (or of ``text_ids``)."""
    stmt = select(Assessment.text_id, Assessment.annotator_id, Assessment.level)
    if text_ids is not None:
        stmt = stmt.where(Assessment.text_id.in_(list(text_ids)))
    table: dict[int, dict[int, str]] = {}
    for t_id, a_id, level in db.execute(stmt).all():
        table.setdefault(t_id, {})[a_id] = level
    return table


def agreement(db: Session, actor: User, text_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Helper B's :func:`~interlang.workbench.agreement.summarise` over the stored assessments."""
    require(actor, *REVIEWERS)
    from interlang.workbench.agreement import summarise

    table = assessment_table(db, text_ids)
    names = dict(db.execute(select(User.id, User.username)).all())
    result = summarise(cast(Any, table))
    return jsonable({"annotators": {str(k): v for k, v in names.items()}, **result})
