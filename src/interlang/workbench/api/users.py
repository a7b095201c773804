"""User management (admin); reviewers may list users to assign work."""

from __future__ import annotations

from fastapi import APIRouter, status

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser
from interlang.workbench.api.schemas import Role, UserIn, UserOut, UserPatch

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("", response_model=list[UserOut])
def list_users(user: CurrentUser, db: DB, role: Role | None = None) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in service.list_users(db, user, role)]


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, user: CurrentUser, db: DB) -> UserOut:
    service.require(user, "admin")
    return UserOut.model_validate(service.create_user(db, body.username, body.password, body.role))


@router.patch("/{user_id}", response_model=UserOut)
def update_user(user_id: int, body: UserPatch, user: CurrentUser, db: DB) -> UserOut:
    return UserOut.model_validate(
        service.update_user(db, user, user_id, role=body.role, active=body.active, password=body.password)
    )
