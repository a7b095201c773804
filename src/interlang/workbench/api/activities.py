"""CEFR-levelled learning activities linked to texts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser
from interlang.workbench.api.schemas import ActivityIn, ActivityOut, ActivityPatch

router = APIRouter(prefix="/api/activities", tags=["activities"])


@router.get("", response_model=list[ActivityOut])
def list_activities(user: CurrentUser, db: DB, text_id: int | None = None,
                    level: Annotated[str | None, Query(max_length=10)] = None) -> list[ActivityOut]:
    return [ActivityOut.model_validate(a) for a in service.list_activities(db, user, text_id, level)]


@router.post("", response_model=ActivityOut, status_code=status.HTTP_201_CREATED)
def create_activity(body: ActivityIn, user: CurrentUser, db: DB) -> ActivityOut:
    return ActivityOut.model_validate(service.create_activity(db, user, body.model_dump()))


@router.get("/{activity_id}", response_model=ActivityOut)
def get_activity(activity_id: int, user: CurrentUser, db: DB) -> ActivityOut:
    return ActivityOut.model_validate(service.get_activity(db, user, activity_id))


@router.patch("/{activity_id}", response_model=ActivityOut)
def update_activity(activity_id: int, body: ActivityPatch, user: CurrentUser, db: DB) -> ActivityOut:
    return ActivityOut.model_validate(service.update_activity(db, user, activity_id, body.model_dump(exclude_unset=True)))


@router.delete("/{activity_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_activity(activity_id: int, user: CurrentUser, db: DB) -> Response:
    service.delete_activity(db, user, activity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
