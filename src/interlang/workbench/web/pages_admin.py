"""Admin pages: users and training jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser
from interlang.workbench.errors import WorkbenchError
from interlang.workbench.web.rendering import back, page

router = APIRouter(include_in_schema=False)


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
