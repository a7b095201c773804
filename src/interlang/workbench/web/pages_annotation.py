"""The annotator's queue and blind assessment form, and the reviewer's assignment page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser
from interlang.workbench.errors import WorkbenchError
from interlang.workbench.web.features import feature_rows
from interlang.workbench.web.rendering import back, page

router = APIRouter(include_in_schema=False)


@router.get("/annotate")
def queue_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    return page(request, "queue.html", user, queue=service.my_queue(db, user))


@router.get("/annotate/{text_id}")
def annotate_page(request: Request, text_id: int, user: CurrentUser, db: DB) -> HTMLResponse:
    view = service.annotation_view(db, user, text_id)
    features = feature_rows(view["features"])
    return page(request, "annotate.html", user, view=view, features=features)


@router.post("/annotate/{text_id}")
def annotate_submit(text_id: int, user: CurrentUser, db: DB, level: Annotated[str, Form()] = "",
                    comment: Annotated[str, Form()] = "") -> Response:
    try:
        service.submit_assessment(db, user, text_id, level, comment or None)
    except WorkbenchError as exc:
        return back(f"/annotate/{text_id}", err=exc.message)
    nxt = next((q for q in service.my_queue(db, user) if q["open"] and not q["done"]), None)
    if nxt is None:
        return back("/annotate", msg="saved: your queue is done")
    return back(f"/annotate/{nxt['text_id']}", msg="saved")


# ------------------------------------------------------------------------------ assignments
@router.get("/assignments")
def assignments_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    service.require(user, *service.REVIEWERS)
    rows = service.list_assignments(db, user)
    done = {(t, a) for t, m in service.assessment_table(db).items() for a in m}
    annotators = service.list_users(db, user, "annotator")
    load = {u.id: sum(1 for r in rows if r.annotator_id == u.id and (r.text_id, u.id) not in done) for u in annotators}
    pending = service.list_texts(db, user, {"status": "pending_review"}, 500)[1]
    return page(request, "assignments.html", user, rows=rows, done=done, annotators=annotators, load=load,
                pending=pending)


@router.post("/assignments/auto")
def auto_assign_form(user: CurrentUser, db: DB, k: Annotated[int, Form()] = 2) -> Response:
    try:
        made = service.auto_assign(db, user, k)
    except WorkbenchError as exc:
        return back("/assignments", err=exc.message)
    return back("/assignments", msg=f"{len(made)} new assignment(s)")
