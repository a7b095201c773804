"""Texts: CRUD, import, status workflow, audit log, segmentation, predictions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser, state
from interlang.workbench.api.schemas import (
    AssessmentOut,
    AuditOut,
    ImportOut,
    SegmentIn,
    SegmentOut,
    SegmentPatch,
    Status,
    TextIn,
    TextOut,
    TextPage,
    TextSummary,
    TextUpdate,
    TransitionIn,
)
from interlang.workbench.errors import Invalid, TooLarge

router = APIRouter(prefix="/api", tags=["texts"])


@router.get("/texts", response_model=TextPage)
def list_texts(
    user: CurrentUser, db: DB,
    status_: Annotated[str | None, Query(alias="status", max_length=200)] = None,
    level: Annotated[str | None, Query(max_length=50)] = None,
    genre: Annotated[str | None, Query(max_length=200)] = None,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    register: Annotated[str | None, Query(max_length=200)] = None,
    split: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> TextPage:
    """Texts with filters (comma-separated values mean any of them)."""
    filters = {"status": status_, "level": level, "genre": genre, "topic": topic, "register": register,
               "split": split, "q": q}
    total, rows = service.list_texts(db, user, filters, limit, offset)
    return TextPage(total=total, items=[TextSummary.model_validate(r) for r in rows])


@router.post("/texts", response_model=TextOut, status_code=status.HTTP_201_CREATED)
def create_text(body: TextIn, request: Request, user: CurrentUser, db: DB) -> TextOut:
    """A new draft text; the analyser's features are computed and stored."""
    item = service.create_text(db, user, body.model_dump(by_alias=True), analyse=state(request).settings.analyse)
    return TextOut.model_validate(item)


@router.post("/texts/import", response_model=ImportOut)
async def import_texts(
    request: Request, user: CurrentUser, db: DB,
    file: Annotated[UploadFile, File(description="CSV, JSONL or Universal-CEFR JSON")],
    format: Annotated[str | None, Form(max_length=20)] = None,
) -> ImportOut:
    """Import many texts; good rows are kept, bad rows come back with their row number.

    Up to 50 good rows are analysed before the answer; larger imports are stored at once and
    analysed in the background (``analysis_queued``; such texts have ``analysis: null`` until then).
    """
    from starlette.concurrency import run_in_threadpool

    from interlang.workbench.importing import import_texts as run_import

    service.require(user, *service.REVIEWERS)
    settings = state(request).settings
    data = await _read_limited(file, settings.max_upload_bytes)
    result = await run_in_threadpool(
        run_import, db, user, data, filename=file.filename, fmt=format, analyse=settings.analyse,
        inline_rows=settings.inline_analysis_rows,
    )
    await run_in_threadpool(state(request).analyse_later, result.analysis_queued)
    return ImportOut(**result.to_dict())


async def _read_limited(file: UploadFile, limit: int) -> bytes:
    if file.size is not None and file.size > limit:
        raise TooLarge(f"the upload is {file.size:,} bytes; the limit is {limit:,} bytes — split the file")
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the upload exceeds the limit of {limit:,} bytes — split the file")
    if not data:
        raise Invalid("the uploaded file is empty")
    return data


@router.get("/texts/{text_id}", response_model=TextOut)
def get_text(text_id: int, user: CurrentUser, db: DB) -> TextOut:
    """A text with its level and metadata (reviewers and admins; annotators use /api/annotations)."""
    return TextOut.model_validate(service.read_text(db, user, text_id))


@router.patch("/texts/{text_id}", response_model=TextOut)
def update_text(text_id: int, body: TextUpdate, request: Request, user: CurrentUser, db: DB) -> TextOut:
    """Edit fields; send the ``version`` you edited — a stale one gets 409 and nothing changes."""
    values: dict[str, Any] = body.model_dump(exclude_unset=True, by_alias=True)
    version = values.pop("version")
    item = service.update_text(db, user, text_id, values, version, analyse=state(request).settings.analyse)
    return TextOut.model_validate(item)


@router.put("/texts/{text_id}", response_model=TextOut)
def replace_text(text_id: int, body: TextUpdate, request: Request, user: CurrentUser, db: DB) -> TextOut:
    """Same as PATCH, with every field (absent ones are cleared)."""
    values: dict[str, Any] = body.model_dump(by_alias=True)
    version = values.pop("version")
    if values.get("text") is None:
        raise Invalid("PUT needs the text; use PATCH for a partial edit")
    item = service.update_text(db, user, text_id, values, version, analyse=state(request).settings.analyse)
    return TextOut.model_validate(item)


@router.delete("/texts/{text_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_text(text_id: int, user: CurrentUser, db: DB) -> Response:
    service.delete_text(db, user, text_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/texts/{text_id}/transition", response_model=TextOut)
def transition(text_id: int, body: TransitionIn, user: CurrentUser, db: DB) -> TextOut:
    """draft → pending_review → approved | rejected, rejected → draft; approval sets the final level."""
    item = service.transition(db, user, text_id, body.to, version=body.version, level=body.level, comment=body.comment)
    return TextOut.model_validate(item)


@router.get("/texts/{text_id}/audit", response_model=list[AuditOut])
def audit(text_id: int, user: CurrentUser, db: DB) -> list[AuditOut]:
    return [AuditOut.model_validate(a) for a in service.audit_of(db, user, text_id)]


@router.get("/texts/{text_id}/assessments", response_model=list[AssessmentOut])
def assessments(text_id: int, user: CurrentUser, db: DB) -> list[AssessmentOut]:
    """Every annotator's assessment of the text (reviewers and admins)."""
    return [AssessmentOut.model_validate(a) for a in service.text_assessments(db, user, text_id)]


@router.get("/texts/{text_id}/review")
def review(text_id: int, request: Request, user: CurrentUser, db: DB) -> dict[str, Any]:
    """What a reviewer decides on: assessments, their agreement and the model prediction."""
    from interlang.workbench.review import review_data

    return review_data(db, user, text_id, state(request).settings)


@router.post("/texts/{text_id}/segments", response_model=list[SegmentOut], status_code=status.HTTP_201_CREATED)
def segment(text_id: int, body: SegmentIn, request: Request, user: CurrentUser, db: DB) -> list[SegmentOut]:
    """Split an approved text into ordered segments that inherit its metadata (replaces earlier ones)."""
    rows = service.segment_text(db, user, text_id, body.mode, body.size, body.parts,
                                min_words=state(request).settings.min_segment_words)
    return [SegmentOut.model_validate(s) for s in rows]


@router.get("/texts/{text_id}/segments", response_model=list[SegmentOut])
def segments(text_id: int, user: CurrentUser, db: DB) -> list[SegmentOut]:
    return [SegmentOut.model_validate(s) for s in service.segments_of(db, user, text_id)]


@router.patch("/segments/{segment_id}", response_model=SegmentOut)
def set_segment_level(segment_id: int, body: SegmentPatch, user: CurrentUser, db: DB) -> SegmentOut:
    """A segment's own CEFR level."""
    return SegmentOut.model_validate(service.set_segment_level(db, user, segment_id, body.level))


StatusFilter = Status
