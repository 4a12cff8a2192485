"""``/api/v1/mistakes``: the mistake log, its stages, and the team board."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from clearair.domain.schemas import (
    CheckNoteCreate,
    MistakeAdvance,
    MistakeBoardItem,
    MistakeCreate,
    MistakePublic,
    MistakeUpdate,
    NotificationCreate,
)
from clearair.services import mistakes
from clearair.web.deps import Csrf, CurrentUser, Uow, current_user

router = APIRouter(prefix="/api/v1", dependencies=[Depends(current_user), Csrf], tags=["mistakes"])


@router.get("/mistakes", response_model=list[MistakePublic])
def list_mistakes(user: CurrentUser, uow: Uow, include_closed: bool = True) -> list[MistakePublic]:
    """The caller's mistakes."""
    return mistakes.list_(uow, user.user_id, include_closed=include_closed)


@router.post("/mistakes", status_code=201, response_model=MistakePublic)
def create_mistake(user: CurrentUser, uow: Uow, body: MistakeCreate) -> MistakePublic:
    """Log a mistake; the disclosure clock starts when it was discovered."""
    return mistakes.create(uow, user.user_id, body)


@router.get("/mistakes/{mistake_id}", response_model=MistakePublic)
def get_mistake(user: CurrentUser, uow: Uow, mistake_id: int) -> MistakePublic:
    return mistakes.get(uow, user.user_id, mistake_id)


@router.patch("/mistakes/{mistake_id}", response_model=MistakePublic)
def update_mistake(user: CurrentUser, uow: Uow, mistake_id: int, body: MistakeUpdate) -> MistakePublic:
    """Change the mistake's own fields, including ``shared`` (the team board)."""
    return mistakes.update(uow, user.user_id, mistake_id, body)


@router.delete("/mistakes/{mistake_id}", status_code=204)
def delete_mistake(user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    mistakes.delete(uow, user.user_id, mistake_id)
    return Response(status_code=204)


@router.post("/mistakes/{mistake_id}/advance", response_model=MistakePublic)
def advance(user: CurrentUser, uow: Uow, mistake_id: int, body: MistakeAdvance) -> MistakePublic:
    """Move to the next stage with that stage's fields (``stage`` picks the form)."""
    return mistakes.advance(uow, user.user_id, mistake_id, body)


@router.post("/mistakes/{mistake_id}/told", response_model=MistakePublic)
def tell(user: CurrentUser, uow: Uow, mistake_id: int, body: NotificationCreate) -> MistakePublic:
    """Record that one more person was told."""
    return mistakes.tell(uow, user.user_id, mistake_id, body)


@router.post("/mistakes/{mistake_id}/checks", response_model=MistakePublic)
def add_check(user: CurrentUser, uow: Uow, mistake_id: int, body: CheckNoteCreate) -> MistakePublic:
    """A monitoring note (only while monitoring)."""
    return mistakes.add_check(uow, user.user_id, mistake_id, body)


@router.get("/board", response_model=list[MistakeBoardItem])
def board(user: CurrentUser, uow: Uow) -> list[MistakeBoardItem]:
    """Every shared mistake of the team, without private notes."""
    return mistakes.team_board(uow, user.user_id)
