"""Export records and dashboard statistics, streamed in id-ordered batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interlang.serialize import jsonable
from interlang.workbench.db.models import Assessment, Prediction, Segment, TextItem, User
from interlang.workbench.service.common import REVIEWERS, aware, filtered, require


def latest_predictions(db: Session, text_ids: Iterable[int] | None = None) -> dict[int, Prediction]:
    stmt = select(Prediction).order_by(Prediction.id)
    if text_ids is not None:
        stmt = stmt.where(Prediction.text_id.in_(list(text_ids)))
    out: dict[int, Prediction] = {}
    for row in db.scalars(stmt):
        out[row.text_id] = row
    return out


def _iso(value: datetime | None) -> str | None:
    return None if value is None else aware(value).isoformat()


def iter_records(db: Session, filters: Mapping[str, Any], batch: int = 500) -> Iterator[dict[str, Any]]:
    """Export records (helper B's record shape), read in id-ordered batches so memory stays flat."""
    last = 0
    while True:
        stmt = filtered(select(TextItem), filters).where(TextItem.id > last).order_by(TextItem.id).limit(batch)
        rows = list(db.scalars(stmt))
        if not rows:
            return
        ids = [r.id for r in rows]
        segs: dict[int, list[dict[str, Any]]] = {}
        for s in db.scalars(select(Segment).where(Segment.text_id.in_(ids)).order_by(Segment.text_id, Segment.order)):
            segs.setdefault(s.text_id, []).append({"order": s.order, "text": s.text, "level": s.level})
        counts = dict(db.execute(
            select(Assessment.text_id, func.count()).where(Assessment.text_id.in_(ids)).group_by(Assessment.text_id)
        ).all())
        preds = latest_predictions(db, ids)
        for r in rows:
            record = text_record(r, segs.get(r.id, []), int(counts.get(r.id, 0)))
            pred = preds.get(r.id)
            record["prediction"] = None if pred is None else {"model": pred.model, "level": pred.level, "proba": pred.proba}
            yield record
        last = ids[-1]
        db.expunge_all()


def text_record(r: TextItem, segments: list[dict[str, Any]], n_assessments: int) -> dict[str, Any]:
    return {
        "id": r.id, "title": r.title, "text": r.text, "language": r.language, "level": r.level,
        "status": r.status, "genre": r.genre, "topic": r.topic, "register": r.register, "source": r.source,
        "split": r.split, "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at),
        "features": dict(r.features or {}), "segments": segments,
        "final_level": r.level if r.status == "approved" else None, "n_assessments": n_assessments,
        "n_words": (r.analysis or {}).get("n_words"), "n_sentences": (r.analysis or {}).get("n_sentences"),
    }


def stats(db: Session, actor: User, filters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Helper B's dashboard statistics over the (filtered) corpus."""
    require(actor, *REVIEWERS)
    from interlang.workbench.dashboard import dashboard_stats

    filters = filters or {}
    chosen = filtered(select(TextItem.id), filters).scalar_subquery()
    names = dict(db.execute(select(User.id, User.username)).all())
    assessments = [
        {"text_id": t_id, "annotator_id": a_id, "annotator": names.get(a_id), "level": level}
        for t_id, a_id, level in db.execute(
            select(Assessment.text_id, Assessment.annotator_id, Assessment.level).where(Assessment.text_id.in_(chosen))
        )
    ]
    predicted: dict[int, str] = {}
    for t_id, level in db.execute(
        select(Prediction.text_id, Prediction.level).where(Prediction.text_id.in_(chosen)).order_by(Prediction.id)
    ):
        predicted[t_id] = level  # the newest wins
    predictions = [{"text_id": t_id, "level": level} for t_id, level in predicted.items()]

    def slim(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        # Streamed batch by batch; the raw text only where there are no features to count words from.
        for r in records:
            r.pop("segments", None)
            if r.get("features"):
                r.pop("text", None)
            yield r

    return jsonable(dashboard_stats(slim(iter_records(db, filters)), assessments, predictions))


def counts_by_status(db: Session) -> dict[str, int]:
    return {s: int(n) for s, n in db.execute(select(TextItem.status, func.count()).group_by(TextItem.status)).all()}
