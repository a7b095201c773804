"""Feature computation for large imports, off the request: rows are stored at once, analysed after.

A text whose ``analysis`` is NULL has not been analysed yet; the worker analyses it and writes
features, summary and the shipped model's prediction with a version-checked UPDATE that does not
bump the version (a reviewer editing the text meanwhile keeps a valid version; if they saved
first, the worker reads the text again). Pending texts are picked up again after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from interlang.workbench.db.engine import get_row
from interlang.workbench.db.models import Prediction, TextItem


def pending_ids(db: Session) -> list[int]:
    """Texts stored without analysis yet (oldest first)."""
    return list(db.scalars(select(TextItem.id).where(TextItem.analysis.is_(None)).order_by(TextItem.id)))


def analyse_one(db: Session, text_id: int, attempts: int = 3) -> bool:
    """Analyse one pending text; False when it is gone or already analysed."""
    from interlang.workbench.service import compute_features

    table = TextItem.__table__
    assert isinstance(table, Table)
    for _ in range(attempts):
        item = get_row(db, TextItem, text_id, populate_existing=True)
        if item is None or item.analysis is not None:
            return False
        version, text = item.version, item.text
        language, features, analysis = compute_features(text, item.language)
        prediction = analysis.pop("_prediction", None)
        result = db.execute(
            update(table)
            .where(table.c.id == text_id, table.c.version == version, table.c.analysis.is_(None))
            .values(language=language, features=features, analysis=analysis)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            if prediction and prediction.get("level"):
                db.add(Prediction(text_id=text_id, model=str(prediction.get("model") or "shipped")[:200],
                                  level=prediction["level"], proba=prediction.get("probabilities") or {}))
            db.commit()
            return True
        db.rollback()  # edited meanwhile: read it again
    return False


def analyse_texts(factory: Callable[[], Session], ids: Sequence[int]) -> int:
    """Analyse ``ids`` one by one (each committed on its own, so progress is never lost)."""
    done = 0
    with factory() as db:
        for text_id in ids:
            done += analyse_one(db, text_id)
            db.expunge_all()
    return done
