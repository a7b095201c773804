"""Server-rendered web UI (Jinja2 + vendored htmx): the same service calls as the API.

Every form carries the session's CSRF token (checked by :func:`~interlang.workbench.api.deps.current_user`);
actions answer with a redirect (POST → redirect → GET) and a short message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from interlang.labels import CEFR_LEVELS
from interlang.workbench import security, service
from interlang.workbench.api.deps import COOKIE, DB, CurrentUser, state
from interlang.workbench.db.models import STATUSES, TRANSITIONS, User
from interlang.workbench.errors import NotAuthenticated, WorkbenchError

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
LOGIN_CSRF = "interlang_login_csrf"
#: Features shown on the text and annotation pages (all are stored; these are the readable ones).
KEY_FEATURES = (
    "basic_words", "basic_sentences", "basic_mean_sentence_length", "read_flesch_amstad",
    "read_flesch_kincaid", "read_wstf", "div_mtld", "div_mattr", "vocab_pct_a1", "vocab_pct_a2",
    "vocab_pct_b1", "vocab_pct_b2", "vocab_pct_c1", "vocab_pct_c2", "vocab_pct_unknown",
    "syn_subordinate_ratio", "syn_clause_depth_mean",
)

templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    return str(value)


templates.env.filters["fmt"] = _fmt


def page(request: Request, name: str, user: User | None, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {
        "user": user, "csrf": getattr(request.state, "csrf", ""), "levels": CEFR_LEVELS,
        "statuses": STATUSES, "msg": request.query_params.get("msg"), "err": request.query_params.get("err"),
        **context,
    })


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    response = page(request, "error.html", None, status=status, message=message)
    response.status_code = status
    return response


def back(url: str, **params: Any) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return RedirectResponse(f"{url}?{query}" if query else url, status_code=303)


# ------------------------------------------------------------------------------------ login
@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    token = security.new_token()
    response = page(request, "login.html", None, login_csrf=token)
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.post("/login")
def login(request: Request, db: DB, username: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf_token: Annotated[str, Form()] = "") -> Response:
    cookie = request.cookies.get(LOGIN_CSRF, "")
    if not cookie or not security.same(cookie, csrf_token):
        return back("/login", err="your login form expired; try again")
    try:
        user = service.authenticate(db, username, password)
    except NotAuthenticated as exc:
        return back("/login", err=exc.message)
    token, _csrf = service.open_session(db, user, state(request).settings.session_hours)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=state(request).settings.secure_cookies,
                        max_age=int(state(request).settings.session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(request: Request, user: CurrentUser, db: DB) -> Response:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        service.close_session(db, cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/")
def home(user: CurrentUser) -> Response:
    return RedirectResponse("/annotate" if user.role == "annotator" else "/texts", status_code=303)


# ------------------------------------------------------------------------------------ texts
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
def text_page(request: Request, text_id: int, user: CurrentUser, db: DB) -> HTMLResponse:
    from interlang.workbench.review import review_data

    item = service.read_text(db, user, text_id)
    review = review_data(db, user, text_id, state(request).settings)
    annotators = service.list_users(db, user, "annotator")
    assigned = {a.annotator_id for a in service.list_assignments(db, user, text_id=text_id)}
    features = [(name, (item.features or {}).get(name)) for name in KEY_FEATURES if name in (item.features or {})]
    return page(
        request, "text.html", user, item=item, review=review, features=features,
        transitions=TRANSITIONS[item.status], annotators=annotators, assigned=assigned,
        segments=service.segments_of(db, user, text_id), activities=service.list_activities(db, user, text_id),
        audit=service.audit_of(db, user, text_id), n_features=len(item.features or {}),
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


# ----------------------------------------------------------------------------------- import
@router.get("/import")
def import_page(request: Request, user: CurrentUser) -> HTMLResponse:
    service.require(user, *service.REVIEWERS)
    return page(request, "import.html", user, result=None)


@router.post("/import")
async def import_upload(request: Request, user: CurrentUser, db: DB, file: Annotated[UploadFile, File()],
                        format: Annotated[str, Form()] = "") -> Response:
    from starlette.concurrency import run_in_threadpool

    from interlang.workbench.api.texts import _read_limited
    from interlang.workbench.importing import import_texts

    service.require(user, *service.REVIEWERS)
    settings = state(request).settings
    try:
        data = await _read_limited(file, settings.max_upload_bytes)
        result = await run_in_threadpool(import_texts, db, user, data, filename=file.filename, fmt=format or None,
                                         analyse=settings.analyse, inline_rows=settings.inline_analysis_rows)
        await run_in_threadpool(state(request).analyse_later, result.analysis_queued)
    except WorkbenchError as exc:
        response = page(request, "import.html", user, result=None, error=exc.message)
        response.status_code = exc.status
        return response
    return page(request, "import.html", user, result=result.to_dict())


@router.post("/texts/new")
def new_text_form(request: Request, user: CurrentUser, db: DB, text: Annotated[str, Form()],
                  title: Annotated[str, Form()] = "", language: Annotated[str, Form()] = "",
                  level: Annotated[str, Form()] = "", genre: Annotated[str, Form()] = "",
                  topic: Annotated[str, Form()] = "", register_: Annotated[str, Form(alias="register")] = "",
                  source: Annotated[str, Form()] = "") -> Response:
    values = {"text": text, "title": title, "language": language or None, "level": level or None, "genre": genre,
              "topic": topic, "register": register_, "source": source}
    try:
        item = service.create_text(db, user, values, analyse=state(request).settings.analyse)
    except WorkbenchError as exc:
        return back("/import", err=exc.message)
    return back(f"/texts/{item.id}", msg="created")


# ------------------------------------------------------------------------------- annotation
@router.get("/annotate")
def queue_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    return page(request, "queue.html", user, queue=service.my_queue(db, user))


@router.get("/annotate/{text_id}")
def annotate_page(request: Request, text_id: int, user: CurrentUser, db: DB) -> HTMLResponse:
    view = service.annotation_view(db, user, text_id)
    features = [(name, view["features"].get(name)) for name in KEY_FEATURES if name in view["features"]]
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


# ------------------------------------------------------------------------ dashboard & export
@router.get("/dashboard")
def dashboard_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    from interlang.workbench.dashboard import dashboard_charts

    stats = service.stats(db, user)
    agreement = service.agreement(db, user)
    charts = [(name.replace("_", " ").capitalize(), svg) for name, svg in dashboard_charts(stats).items()]
    return page(request, "dashboard.html", user, stats=stats, charts=charts, agreement=agreement)


@router.get("/export")
def export_page(request: Request, user: CurrentUser) -> HTMLResponse:
    from interlang.workbench.exports import EXPORTERS

    service.require(user, *service.REVIEWERS)
    return page(request, "export.html", user, formats=sorted(EXPORTERS))


@router.get("/export/download")
def export_download(request: Request, user: CurrentUser, db: DB,
                    format: Annotated[str, Query(max_length=20)] = "json", minimal: bool = False,
                    status: Annotated[str | None, Query(max_length=100)] = None,
                    level: Annotated[str | None, Query(max_length=20)] = None,
                    genre: Annotated[str | None, Query(max_length=100)] = None,
                    register: Annotated[str | None, Query(max_length=100)] = None,
                    topic: Annotated[str | None, Query(max_length=100)] = None,
                    split: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    from interlang.workbench.api.corpus import export_response

    filters = {"status": status or None, "level": level or None, "genre": genre or None,
               "register": register or None, "topic": topic or None, "split": split or None}
    return export_response(request, db, user, format, filters, minimal)


# -------------------------------------------------------------------------------- admin
@router.get("/users")
def users_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    service.require(user, "admin")
    return page(request, "users.html", user, users=service.list_users(db, user))


@router.post("/users")
def users_create(user: CurrentUser, db: DB, username: Annotated[str, Form()], password: Annotated[str, Form()],
                 role: Annotated[str, Form()]) -> Response:
    service.require(user, "admin")
    try:
        service.create_user(db, username, password, role)
    except WorkbenchError as exc:
        return back("/users", err=exc.message)
    return back("/users", msg=f"created {username}")


@router.post("/users/{user_id}")
def users_update(user_id: int, user: CurrentUser, db: DB, role: Annotated[str, Form()] = "",
                 active: Annotated[str, Form()] = "") -> Response:
    try:
        changed = service.update_user(db, user, user_id, role=role or None,
                                      active=None if not active else active == "true")
    except WorkbenchError as exc:
        return back("/users", err=exc.message)
    return back("/users", msg=f"{changed.username}: {changed.role}, {'active' if changed.active else 'inactive'}")


@router.get("/jobs")
def jobs_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    from sqlalchemy import select

    from interlang.workbench.db.models import TrainingJob

    service.require(user, "admin")
    jobs = list(db.scalars(select(TrainingJob).order_by(TrainingJob.id.desc()).limit(20)))
    return page(request, "jobs.html", user, jobs=jobs)


@router.post("/jobs/train")
def jobs_train(request: Request, user: CurrentUser, db: DB, family: Annotated[str, Form()] = "logreg",
               min_per_level: Annotated[int, Form()] = 5) -> Response:
    from interlang.workbench import training
    from interlang.workbench.api.jobs import start_training

    try:
        job = training.create_job(db, user, {"family": family, "min_per_level": min_per_level})
    except WorkbenchError as exc:
        return back("/jobs", err=exc.message)
    start_training(request, job.id)
    return back("/jobs", msg=f"job {job.id} started")

