"""One text's pages: the corpus list, the text view and its forms (edit, workflow, assignment, segments, activities)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser, state
from interlang.workbench.db.models import TRANSITIONS
from interlang.workbench.errors import WorkbenchError
from interlang.workbench.web.features import feature_rows
from interlang.workbench.web.rendering import back, page

router = APIRouter(include_in_schema=False)


@router.get("/texts")
def texts_page(request: Request, user: CurrentUser, db: DB,
               status: Annotated[str | None, Query(max_length=100)] = None,
               level: Annotated[str | None, Query(max_length=20)] = None,
               genre: Annotated[str | None, Query(max_length=100)] = None,
               topic: Annotated[str | None, Query(max_length=100)] = None,
               register: Annotated[str | None, Query(max_length=100)] = None,
               q: Annotated[str | None, Query(max_length=100)] = None,
               offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    filters = {"status": status, "level": level, "genre": genre, "topic": topic, "register": register, "q": q}
    total, rows = service.list_texts(db, user, filters, 50, offset)
    return page(request, "texts.html", user, texts=rows, total=total, filters=filters, offset=offset,
                counts=service.counts_by_status(db))


@router.get("/texts/{text_id}")
def text_page(request: Request, text_id: int, user: CurrentUser, db: DB,
              target: Annotated[Literal["A1", "A2", "B1", "B2", "C1", "C2"] | None, Query()] = None) -> HTMLResponse:
    """The text, its workflow and review; ``?target=B1`` marks the sentences and words above B1."""
    from interlang.workbench.review import review_data, target_view

    item = service.read_text(db, user, text_id)
    review = review_data(db, user, text_id, state(request).settings)
    marked = target_view(item.text, item.language, target) if target else None
    annotators = service.list_users(db, user, "annotator")
    assigned = {a.annotator_id for a in service.list_assignments(db, user, text_id=text_id)}
    features = feature_rows(item.features or {})
    return page(
        request, "text.html", user, item=item, review=review, features=features,
        transitions=TRANSITIONS[item.status], annotators=annotators, assigned=assigned,
        segments=service.segments_of(db, user, text_id), activities=service.list_activities(db, user, text_id),
        audit=service.audit_of(db, user, text_id), n_features=len(item.features or {}), marked=marked,
    )


@router.post("/texts/{text_id}/edit")
def edit_text(request: Request, text_id: int, user: CurrentUser, db: DB,
              version: Annotated[int, Form()], text: Annotated[str, Form()], title: Annotated[str, Form()] = "",
              language: Annotated[str, Form()] = "", level: Annotated[str, Form()] = "",
              genre: Annotated[str, Form()] = "", topic: Annotated[str, Form()] = "",
              register_: Annotated[str, Form(alias="register")] = "", source: Annotated[str, Form()] = "",
              split: Annotated[str, Form()] = "") -> Response:
    values = {"text": text, "title": title, "language": language, "level": level or None, "genre": genre,
              "topic": topic, "register": register_, "source": source, "split": split}
    try:
        service.update_text(db, user, text_id, values, version, analyse=state(request).settings.analyse)
    except WorkbenchError as exc:
        return back(f"/texts/{text_id}", err=exc.message)
    return back(f"/texts/{text_id}", msg="saved")


@router.post("/texts/{text_id}/transition")
def transition_form(text_id: int, user: CurrentUser, db: DB, to: Annotated[str, Form()],
                    version: Annotated[int, Form()], level: Annotated[str, Form()] = "",
                    comment: Annotated[str, Form()] = "") -> Response:
    try:
        service.transition(db, user, text_id, to, version=version, level=level or None, comment=comment or None)
    except WorkbenchError as exc:
        return back(f"/texts/{text_id}", err=exc.message)
    return back(f"/texts/{text_id}", msg=f"now {to.replace('_', ' ')}")


@router.post("/texts/{text_id}/assign-annotators")
async def assign_form_ids(request: Request, text_id: int, user: CurrentUser, db: DB) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    ids = [int(v) for v in form.getlist("annotator_ids") if isinstance(v, str) and v.isdigit()]
    try:
        made = await run_in_threadpool(service.assign, db, user, text_id, ids)
    except WorkbenchError as exc:
        return back(f"/texts/{text_id}", err=exc.message)
    return back(f"/texts/{text_id}", msg=f"{len(made)} new assignment(s)")


#: A line holding only this marks a segment boundary in the manual segmentation form.
BOUNDARY = "---"


@router.post("/texts/{text_id}/segment")
def segment_form(request: Request, text_id: int, user: CurrentUser, db: DB,
                 mode: Annotated[str, Form()] = "sentences", size: Annotated[int, Form()] = 1,
                 marked: Annotated[str, Form()] = "") -> Response:
    parts: list[str] | None = None
    if mode == "manual":
        parts = []
        current: list[str] = []
        for line in marked.replace("\r\n", "\n").split("\n"):
            if line.strip() == BOUNDARY:
                parts.append("\n".join(current))
                current = []
            else:
                current.append(line)
        parts.append("\n".join(current))
        parts = [p for p in parts if p.strip()]
    try:
        segs = service.segment_text(db, user, text_id, mode, size, parts,
                                    min_words=state(request).settings.min_segment_words)
    except WorkbenchError as exc:
        return back(f"/texts/{text_id}", err=exc.message)
    return back(f"/texts/{text_id}", msg=f"{len(segs)} segments")


@router.post("/segments/{segment_id}/level")
def segment_level_form(segment_id: int, user: CurrentUser, db: DB, level: Annotated[str, Form()] = "") -> Response:
    try:
        seg = service.set_segment_level(db, user, segment_id, level or None)
    except WorkbenchError as exc:
        return back("/texts", err=exc.message)
    return back(f"/texts/{seg.text_id}", msg=f"segment {seg.order}: {seg.level or 'no level'}")


@router.post("/texts/{text_id}/activities")
def activity_form(text_id: int, user: CurrentUser, db: DB, title: Annotated[str, Form()],
                  level: Annotated[str, Form()], kind: Annotated[str, Form()] = "reading",
                  instructions: Annotated[str, Form()] = "") -> Response:
    try:
        service.create_activity(db, user, {"text_id": text_id, "title": title, "level": level, "kind": kind,
                                           "instructions": instructions})
    except WorkbenchError as exc:
        return back(f"/texts/{text_id}", err=exc.message)
    return back(f"/texts/{text_id}", msg="activity added")
