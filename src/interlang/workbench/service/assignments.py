"""Who annotates what: manual and load-balanced automatic assignment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interlang.workbench.db.engine import get_row
from interlang.workbench.db.models import Assessment, Assignment, TextItem, User
from interlang.workbench.errors import Conflict, Invalid
from interlang.workbench.service.common import REVIEWERS, fetch, get_text, require


def _annotator(db: Session, user_id: int) -> User:
    user = get_row(db, User, user_id)
    if user is None or user.role != "annotator" or not user.active:
        raise Invalid(f"user {user_id} is not an active annotator")
    return user


def _assignable(item: TextItem) -> None:
    if item.status not in ("draft", "pending_review"):
        raise Conflict(f"text {item.id} is {item.status}: only draft or pending texts are annotated")


def assign(db: Session, actor: User, text_id: int, annotator_ids: Sequence[int]) -> list[Assignment]:
    """Manual strategy: the given annotators get the text (already assigned ones are kept)."""
    require(actor, *REVIEWERS)
    item = get_text(db, text_id)
    _assignable(item)
    if not annotator_ids:
        raise Invalid("annotator_ids is empty")
    existing = set(db.scalars(select(Assignment.annotator_id).where(Assignment.text_id == text_id)))
    made = []
    for uid in dict.fromkeys(annotator_ids):
        _annotator(db, uid)
        if uid in existing:
            continue
        made.append(Assignment(text_id=text_id, annotator_id=uid, assigned_by_id=actor.id, strategy="manual"))
    db.add_all(made)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("the assignments changed concurrently; retry") from None
    return made


def auto_assign(db: Session, actor: User, k: int, text_ids: Sequence[int] | None = None,
                annotator_ids: Sequence[int] | None = None) -> list[Assignment]:
    """Automatic strategy: every target text gets annotators until it has ``k`` of them.

    Targets are ``text_ids`` or every pending-review text. Annotators are chosen by the lowest
    current load (assignments without an assessment yet), ties by id, so work stays balanced.
    """
    require(actor, *REVIEWERS)
    if k < 1:
        raise Invalid("k (annotators per text) must be at least 1")
    pool_stmt = select(User).where(User.role == "annotator", User.active.is_(True)).order_by(User.id)
    pool = list(db.scalars(pool_stmt))
    if annotator_ids:
        wanted = set(annotator_ids)
        pool = [u for u in pool if u.id in wanted]
        missing = wanted - {u.id for u in pool}
        if missing:
            raise Invalid(f"not active annotators: {sorted(missing)}")
    if len(pool) < k:
        raise Invalid(f"k={k} annotators per text, but only {len(pool)} active annotators exist")
    if text_ids:
        texts = [get_text(db, t) for t in dict.fromkeys(text_ids)]
        for item in texts:
            _assignable(item)
    else:
        texts = list(db.scalars(select(TextItem).where(TextItem.status == "pending_review").order_by(TextItem.id)))
    done = set(db.execute(select(Assessment.text_id, Assessment.annotator_id)).all())
    load: Counter[int] = Counter({u.id: 0 for u in pool})
    have: dict[int, set[int]] = {}
    for t_id, a_id in db.execute(select(Assignment.text_id, Assignment.annotator_id)).all():
        have.setdefault(t_id, set()).add(a_id)
        if a_id in load and (t_id, a_id) not in done:
            load[a_id] += 1
    made = []
    for item in texts:
        current = have.setdefault(item.id, set())
        need = k - len(current)
        if need <= 0:
            continue
        candidates = sorted((u.id for u in pool if u.id not in current), key=lambda uid: (load[uid], uid))
        for uid in candidates[:need]:
            made.append(Assignment(text_id=item.id, annotator_id=uid, assigned_by_id=actor.id, strategy="auto"))
            current.add(uid)
            load[uid] += 1
    db.add_all(made)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("the assignments changed concurrently; retry") from None
    return made


def list_assignments(db: Session, actor: User, text_id: int | None = None, annotator_id: int | None = None) -> list[Assignment]:
    """Reviewers see every assignment; annotators only their own."""
    stmt = select(Assignment).order_by(Assignment.id)
    if actor.role == "annotator":
        stmt = stmt.where(Assignment.annotator_id == actor.id)
    elif annotator_id is not None:
        stmt = stmt.where(Assignment.annotator_id == annotator_id)
    if text_id is not None:
        stmt = stmt.where(Assignment.text_id == text_id)
    return list(db.scalars(stmt))


def delete_assignment(db: Session, actor: User, assignment_id: int) -> None:
    require(actor, *REVIEWERS)
    row = fetch(db, Assignment, assignment_id, "assignment")
    db.delete(row)
    db.commit()
