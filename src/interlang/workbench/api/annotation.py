"""Assignments (manual and automatic) and blind annotation."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser
from interlang.workbench.api.schemas import (
    AssessmentIn,
    AssignIn,
    AssignmentOut,
    AutoAssignIn,
    BlindText,
    OwnAssessmentOut,
    QueueItem,
)

router = APIRouter(prefix="/api", tags=["annotation"])


@router.get("/assignments", response_model=list[AssignmentOut])
def list_assignments(user: CurrentUser, db: DB, text_id: int | None = None,
                     annotator_id: int | None = None) -> list[AssignmentOut]:
    """Reviewers see all assignments; annotators their own."""
    return [AssignmentOut.model_validate(a) for a in service.list_assignments(db, user, text_id, annotator_id)]


@router.post("/assignments", response_model=list[AssignmentOut], status_code=status.HTTP_201_CREATED)
def assign(body: AssignIn, user: CurrentUser, db: DB) -> list[AssignmentOut]:
    """Manual strategy: give a text to the named annotators."""
    return [AssignmentOut.model_validate(a) for a in service.assign(db, user, body.text_id, body.annotator_ids)]


@router.post("/assignments/auto", response_model=list[AssignmentOut], status_code=status.HTTP_201_CREATED)
def auto_assign(body: AutoAssignIn, user: CurrentUser, db: DB) -> list[AssignmentOut]:
    """Automatic strategy: k annotators per text (pending texts by default), least-loaded first."""
    rows = service.auto_assign(db, user, body.k, body.text_ids, body.annotator_ids)
    return [AssignmentOut.model_validate(a) for a in rows]


@router.delete("/assignments/{assignment_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_assignment(assignment_id: int, user: CurrentUser, db: DB) -> Response:
    service.delete_assignment(db, user, assignment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/annotations", response_model=list[QueueItem])
def queue(user: CurrentUser, db: DB) -> list[QueueItem]:
    """The annotator's work list."""
    return [QueueItem(**row) for row in service.my_queue(db, user)]


@router.get("/annotations/{text_id}", response_model=BlindText)
def annotation_view(text_id: int, user: CurrentUser, db: DB) -> BlindText:
    """An assigned text, blind: no level, source, prediction or other annotators' assessments."""
    return BlindText(**service.annotation_view(db, user, text_id))


@router.post("/annotations/{text_id}", response_model=OwnAssessmentOut, status_code=status.HTTP_201_CREATED)
def submit(text_id: int, body: AssessmentIn, user: CurrentUser, db: DB) -> OwnAssessmentOut:
    """Submit (or replace) your level for an assigned text."""
    row = service.submit_assessment(db, user, text_id, body.level, body.comment)
    return OwnAssessmentOut(text_id=row.text_id, level=row.level, comment=row.comment)
