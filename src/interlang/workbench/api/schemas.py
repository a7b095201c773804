"""Pydantic request/response models of the API (what ``/docs`` shows)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: "register" (CEFR metadata) would shadow ``BaseModel.register``; the field is ``register_`` with
#: the alias ``register`` on the wire and when read from ORM rows (every model below).

Level = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
Status = Literal["draft", "pending_review", "approved", "rejected"]
Role = Literal["admin", "reviewer", "annotator"]


class Orm(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


class TokenIn(BaseModel):
    username: str = Field(max_length=80)
    password: str = Field(max_length=500)
    name: str = Field("api", max_length=80)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    role: Role
    username: str


class UserIn(BaseModel):
    username: str = Field(max_length=80)
    password: str = Field(min_length=8, max_length=500)
    role: Role


class UserPatch(BaseModel):
    role: Role | None = None
    active: bool | None = None
    password: str | None = Field(None, min_length=8, max_length=500)


class UserOut(Orm):
    id: int
    username: str
    role: Role
    active: bool


class TextIn(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(None, max_length=300)
    language: str | None = Field(None, max_length=8)
    level: str | None = None
    genre: str | None = Field(None, max_length=100)
    topic: str | None = Field(None, max_length=100)
    register_: str | None = Field(None, alias="register", max_length=100)
    source: str | None = Field(None, max_length=300)
    split: str | None = Field(None, max_length=20)


class TextUpdate(BaseModel):
    """A partial edit; ``version`` is the version the client edited (stale → 409)."""

    version: int
    text: str | None = Field(None, min_length=1, max_length=2_000_000)
    title: str | None = Field(None, max_length=300)
    language: str | None = Field(None, max_length=8)
    level: str | None = None
    genre: str | None = Field(None, max_length=100)
    topic: str | None = Field(None, max_length=100)
    register_: str | None = Field(None, alias="register", max_length=100)
    source: str | None = Field(None, max_length=300)
    split: str | None = Field(None, max_length=20)


class TextOut(Orm):
    id: int
    title: str
    text: str
    language: str | None
    level: str | None
    genre: str | None
    topic: str | None
    register_: str | None = Field(None, alias="register")
    source: str | None
    split: str | None
    status: Status
    version: int
    features: dict[str, Any] | None
    analysis: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


class TextSummary(Orm):
    id: int
    title: str
    language: str | None
    level: str | None
    genre: str | None
    topic: str | None
    register_: str | None = Field(None, alias="register")
    split: str | None
    status: Status
    version: int


class TextPage(BaseModel):
    total: int
    items: list[TextSummary]


class TransitionIn(BaseModel):
    to: Status
    version: int | None = None
    level: str | None = None
    comment: str | None = Field(None, max_length=2000)


class AuditOut(Orm):
    id: int
    text_id: int | None
    user_id: int | None
    action: str
    from_status: str | None
    to_status: str | None
    detail: dict[str, Any] | None
    created_at: datetime


class ImportOut(BaseModel):
    format: str
    n_created: int
    created: list[int]
    n_errors: int
    errors: list[dict[str, Any]]
    analysis_queued: int = 0


class SegmentIn(BaseModel):
    mode: Literal["sentences", "paragraphs", "manual"] = "sentences"
    size: int = Field(1, ge=1, le=1000)
    parts: list[str] | None = None


class SegmentOut(Orm):
    id: int
    text_id: int
    order: int
    text: str
    inherited: dict[str, Any]
    level: str | None


class SegmentPatch(BaseModel):
    level: str | None


class ActivityIn(BaseModel):
    text_id: int
    title: str = Field(min_length=1, max_length=300)
    level: str
    kind: str = Field("reading", max_length=60)
    instructions: str = Field("", max_length=100_000)


class ActivityPatch(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=300)
    level: str | None = None
    kind: str | None = Field(None, max_length=60)
    instructions: str | None = Field(None, max_length=100_000)


class ActivityOut(Orm):
    id: int
    text_id: int
    title: str
    kind: str
    level: str
    instructions: str
    created_at: datetime


class AssignIn(BaseModel):
    text_id: int
    annotator_ids: list[int] = Field(min_length=1)


class AutoAssignIn(BaseModel):
    k: int = Field(2, ge=1, le=50)
    text_ids: list[int] | None = None
    annotator_ids: list[int] | None = None


class AssignmentOut(Orm):
    id: int
    text_id: int
    annotator_id: int
    assigned_by_id: int | None
    strategy: str
    created_at: datetime


class QueueItem(BaseModel):
    assignment_id: int
    text_id: int
    title: str
    language: str | None
    done: bool
    open: bool


class MyAssessment(BaseModel):
    level: str
    comment: str | None


class BlindText(BaseModel):
    """An assigned text as its annotator sees it: no level, source, prediction or others' work."""

    text_id: int
    title: str
    text: str
    language: str | None
    genre: str | None
    topic: str | None
    register_: str | None = Field(None, alias="register")
    n_words: int | None
    n_sentences: int | None
    features: dict[str, Any]
    my_assessment: MyAssessment | None
    open: bool


class AssessmentIn(BaseModel):
    level: str
    comment: str | None = Field(None, max_length=5000)


class AssessmentOut(Orm):
    id: int
    text_id: int
    annotator_id: int
    level: str
    comment: str | None
    created_at: datetime


class OwnAssessmentOut(BaseModel):
    text_id: int
    level: str
    comment: str | None


#: "difficulty": the shipped reading-difficulty model; "ml"/"rules": the workbench-trained ones
#: ("ml" with ``ml_model="default"``: the shipped proficiency model, shown but not combined).
ModelName = Literal["difficulty", "ml", "rules"]


def _all_models() -> list[ModelName]:
    return ["difficulty", "ml", "rules"]


class PredictIn(BaseModel):
    text: str = Field(min_length=1, max_length=200_000)
    language: str | None = Field(None, max_length=8)
    models: list[ModelName] = Field(default_factory=_all_models, min_length=1)
    ml_model: Literal["default", "workbench"] = "default"


class TrainIn(BaseModel):
    family: Literal["logreg", "rf", "svm", "gb", "ordinal"] = "logreg"
    language: str | None = Field(None, max_length=8)
    min_per_level: int = Field(5, ge=3, le=1000)
    rules: bool = True


class JobOut(Orm):
    id: int
    status: str
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
