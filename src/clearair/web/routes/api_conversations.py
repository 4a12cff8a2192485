"""``/api/v1/conversations``: conversations, plans, drafts, outcomes, agreements, check-ins.

Each endpoint translates HTTP into one service call; the services check that
the record belongs to the caller (another person's id is a 404, like an
unknown one).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import Field

from clearair.domain.base import Model
from clearair.domain.conversations import ConversationStatus
from clearair.domain.plan import Plan
from clearair.domain.schemas import (
    AgreementCreate,
    AgreementPublic,
    AgreementUpdate,
    CheckInCreate,
    CheckInPublic,
    CheckInUpdate,
    ConversationCreate,
    ConversationDetail,
    ConversationPublic,
    ConversationUpdate,
    DraftCreate,
    DraftPublic,
    OutcomeCreate,
    OutcomePublic,
    PlanPublic,
)
from clearair.services import conversations, followup, plans, summary
from clearair.web.analysis import check as analyze
from clearair.web.deps import Csrf, CurrentUser, Uow, current_user
from clearair.web.errors import NotFoundError

router = APIRouter(prefix="/api/v1", dependencies=[Depends(current_user), Csrf], tags=["conversations"])


class StatusChange(Model):
    """Move a conversation to another status."""

    status: ConversationStatus
    version: int | None = None


class PlanReplace(Model):
    """A whole plan."""

    plan: Plan
    version: int | None = None


class PlanPatch(Model):
    """Changes merged into the plan (nested sections merge, lists and values replace)."""

    changes: dict[str, Any] = Field(examples=[{"mindset": {"how_i_feel": "nervous"}}])
    version: int | None = None


class SummaryPublic(Model):
    """The written summary (Markdown) and the analyzer's report on it."""

    markdown: str
    analysis: dict[str, Any]


@router.get("/conversations", response_model=list[ConversationPublic])
def list_conversations(
    user: CurrentUser, uow: Uow, include_finished: bool = True
) -> list[ConversationPublic]:
    """The caller's conversations, soonest target date first."""
    return conversations.list_(uow, user.user_id, include_finished=include_finished)


@router.post("/conversations", status_code=201, response_model=ConversationPublic)
def create_conversation(user: CurrentUser, uow: Uow, body: ConversationCreate) -> ConversationPublic:
    return conversations.create(uow, user.user_id, body)


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
def get_conversation(user: CurrentUser, uow: Uow, conversation_id: int) -> ConversationDetail:
    """A conversation with its plan, drafts, outcome, agreements and check-ins."""
    return conversations.detail(uow, user.user_id, conversation_id)


@router.patch("/conversations/{conversation_id}", response_model=ConversationPublic)
def update_conversation(
    user: CurrentUser, uow: Uow, conversation_id: int, body: ConversationUpdate
) -> ConversationPublic:
    return conversations.update(uow, user.user_id, conversation_id, body)


@router.delete("/conversations/{conversation_id}", status_code=204)
def delete_conversation(user: CurrentUser, uow: Uow, conversation_id: int) -> Response:
    conversations.delete(uow, user.user_id, conversation_id)
    return Response(status_code=204)


@router.post("/conversations/{conversation_id}/status", response_model=ConversationPublic)
def change_status(
    user: CurrentUser, uow: Uow, conversation_id: int, body: StatusChange
) -> ConversationPublic:
    return conversations.set_status(uow, user.user_id, conversation_id, body.status, version=body.version)


@router.get("/conversations/{conversation_id}/plan", response_model=PlanPublic, tags=["plans"])
def get_plan(user: CurrentUser, uow: Uow, conversation_id: int) -> PlanPublic:
    return plans.get(uow, user.user_id, conversation_id)


@router.put("/conversations/{conversation_id}/plan", response_model=PlanPublic, tags=["plans"])
def replace_plan(user: CurrentUser, uow: Uow, conversation_id: int, body: PlanReplace) -> PlanPublic:
    return plans.replace(uow, user.user_id, conversation_id, body.plan, version=body.version)


@router.patch("/conversations/{conversation_id}/plan", response_model=PlanPublic, tags=["plans"])
def patch_plan(user: CurrentUser, uow: Uow, conversation_id: int, body: PlanPatch) -> PlanPublic:
    return plans.patch(uow, user.user_id, conversation_id, body.changes, version=body.version)


@router.get("/conversations/{conversation_id}/plan/readiness", tags=["plans"])
def readiness(user: CurrentUser, uow: Uow, conversation_id: int) -> dict[str, Any]:
    """What is still missing, the analyzer's findings per field, and a 0-100 score."""
    return plans.check(uow, user.user_id, conversation_id, checker=analyze).to_dict()


@router.get("/conversations/{conversation_id}/drafts", response_model=list[DraftPublic], tags=["plans"])
def list_drafts(user: CurrentUser, uow: Uow, conversation_id: int) -> list[DraftPublic]:
    return plans.list_drafts(uow, user.user_id, conversation_id)


@router.post(
    "/conversations/{conversation_id}/drafts",
    status_code=201,
    response_model=DraftPublic,
    tags=["plans"],
)
def add_draft(user: CurrentUser, uow: Uow, conversation_id: int, body: DraftCreate) -> DraftPublic:
    return plans.add_draft(uow, user.user_id, conversation_id, body)


@router.get("/conversations/{conversation_id}/outcome", response_model=OutcomePublic, tags=["outcomes"])
def get_outcome(user: CurrentUser, uow: Uow, conversation_id: int) -> OutcomePublic:
    outcome = followup.get_outcome(uow, user.user_id, conversation_id)
    if outcome is None:
        raise NotFoundError("No outcome recorded yet.")
    return outcome


@router.put("/conversations/{conversation_id}/outcome", response_model=OutcomePublic, tags=["outcomes"])
def record_outcome(user: CurrentUser, uow: Uow, conversation_id: int, body: OutcomeCreate) -> OutcomePublic:
    """Record (or replace) what happened."""
    return followup.record_outcome(uow, user.user_id, conversation_id, body)


@router.get(
    "/conversations/{conversation_id}/agreements",
    response_model=list[AgreementPublic],
    tags=["outcomes"],
)
def list_agreements(user: CurrentUser, uow: Uow, conversation_id: int) -> list[AgreementPublic]:
    return followup.list_agreements(uow, user.user_id, conversation_id)


@router.post(
    "/conversations/{conversation_id}/agreements",
    status_code=201,
    response_model=AgreementPublic,
    tags=["outcomes"],
)
def add_agreement(
    user: CurrentUser, uow: Uow, conversation_id: int, body: AgreementCreate
) -> AgreementPublic:
    return followup.add_agreement(uow, user.user_id, conversation_id, body)


@router.patch("/agreements/{agreement_id}", response_model=AgreementPublic, tags=["outcomes"])
def update_agreement(
    user: CurrentUser, uow: Uow, agreement_id: int, body: AgreementUpdate
) -> AgreementPublic:
    return followup.update_agreement(uow, user.user_id, agreement_id, body)


@router.delete("/agreements/{agreement_id}", status_code=204, tags=["outcomes"])
def delete_agreement(user: CurrentUser, uow: Uow, agreement_id: int) -> Response:
    followup.delete_agreement(uow, user.user_id, agreement_id)
    return Response(status_code=204)


@router.get(
    "/conversations/{conversation_id}/check-ins",
    response_model=list[CheckInPublic],
    tags=["outcomes"],
)
def list_check_ins(user: CurrentUser, uow: Uow, conversation_id: int) -> list[CheckInPublic]:
    return followup.list_check_ins(uow, user.user_id, conversation_id)


@router.post(
    "/conversations/{conversation_id}/check-ins",
    status_code=201,
    response_model=CheckInPublic,
    tags=["outcomes"],
)
def add_check_in(user: CurrentUser, uow: Uow, conversation_id: int, body: CheckInCreate) -> CheckInPublic:
    return followup.add_check_in(uow, user.user_id, conversation_id, body)


@router.patch("/check-ins/{check_in_id}", response_model=CheckInPublic, tags=["outcomes"])
def update_check_in(user: CurrentUser, uow: Uow, check_in_id: int, body: CheckInUpdate) -> CheckInPublic:
    return followup.update_check_in(uow, user.user_id, check_in_id, body)


@router.delete("/check-ins/{check_in_id}", status_code=204, tags=["outcomes"])
def delete_check_in(user: CurrentUser, uow: Uow, check_in_id: int) -> Response:
    followup.delete_check_in(uow, user.user_id, check_in_id)
    return Response(status_code=204)


@router.get("/conversations/{conversation_id}/summary", response_model=SummaryPublic, tags=["outcomes"])
def get_summary(user: CurrentUser, uow: Uow, conversation_id: int) -> SummaryPublic:
    """The written summary, generated from the plan, the outcome and the agreements."""
    built = summary.build(uow, user.user_id, conversation_id, checker=analyze)
    return SummaryPublic(markdown=built.markdown, analysis=built.report.to_dict())
