"""Admin-triggered model training from the approved corpus (background job + polling)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from sqlalchemy import select

from interlang.workbench import service, training
from interlang.workbench.api.deps import DB, CurrentUser, state
from interlang.workbench.api.schemas import JobOut, TrainIn
from interlang.workbench.db.models import TrainingJob

router = APIRouter(prefix="/api/jobs", tags=["training"])


def start_training(request: Request, job_id: int) -> None:
    """Hand a queued job to the worker thread (or run it inline when background jobs are off)."""
    st = state(request)
    if st.settings.background_jobs and st.executor is not None:
        st.executor.submit(training.run_job, st.sessions, job_id, st.settings.models_dir)
    else:
        training.run_job(st.sessions, job_id, st.settings.models_dir)


@router.post("/train", response_model=JobOut, status_code=status.HTTP_202_ACCEPTED)
def train(body: TrainIn, request: Request, user: CurrentUser, db: DB) -> JobOut:
    """Queue a training job; 422 when the approved corpus has too few texts per level."""
    job = training.create_job(db, user, body.model_dump())
    start_training(request, job.id)
    db.refresh(job)
    return JobOut.model_validate(job)


@router.get("", response_model=list[JobOut])
def list_jobs(user: CurrentUser, db: DB) -> list[JobOut]:
    service.require(user, "admin")
    return [JobOut.model_validate(j) for j in db.scalars(select(TrainingJob).order_by(TrainingJob.id.desc()))]


@router.get("/{job_id}", response_model=JobOut)
def get_job(job_id: int, user: CurrentUser, db: DB) -> JobOut:
    """Poll a job: queued → running → succeeded (with metrics) | failed (with the error)."""
    return JobOut.model_validate(training.get_job(db, user, job_id))
