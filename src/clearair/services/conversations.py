"""Conversations: create, list, show, edit, change status, delete.

Every function takes the unit of work and the acting owner's id; another
owner's conversation raises the same :class:`NotFoundError` as an unknown id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from clearair.domain import conversations as rules
from clearair.domain.conversations import ConversationStatus
from clearair.domain.plan import Plan
from clearair.domain.schemas import (
    ConversationCreate,
    ConversationDetail,
    ConversationPublic,
    ConversationUpdate,
)
from clearair.services._common import (
    agreement_public,
    check_in_public,
    check_version,
    conversation_public,
    draft_public,
    outcome_public,
    plan_public,
)
from clearair.storage import repositories as repo
from clearair.storage.tables import Conversation, PlanRow

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork


def create(uow: UnitOfWork, owner_id: int, data: ConversationCreate) -> ConversationPublic:
    """Start a conversation (status ``planning``) with an empty plan."""
    with uow:
        row = Conversation(
            owner_id=owner_id,
            kind=data.kind,
            title=data.title,
            counterpart_name=data.counterpart.name,
            counterpart_relationship=data.counterpart.relationship,
            target_date=data.target_date,
            status=ConversationStatus.PLANNING,
        )
        row.plan = PlanRow(data=Plan().model_dump(mode="json"))
        uow.session.add(row)
        uow.commit()
        return conversation_public(row)


def get(uow: UnitOfWork, owner_id: int, conversation_id: int) -> ConversationPublic:
    """One conversation."""
    with uow:
        return conversation_public(repo.get_conversation(uow.session, owner_id, conversation_id))


def detail(uow: UnitOfWork, owner_id: int, conversation_id: int) -> ConversationDetail:
    """A conversation with its plan, drafts, outcome, agreements, check-ins and linked mistakes."""
    with uow:
        row = repo.get_conversation(uow.session, owner_id, conversation_id)
        return ConversationDetail(
            conversation=conversation_public(row),
            plan=plan_public(row.plan),
            drafts=[draft_public(d) for d in row.drafts],
            outcome=outcome_public(row.outcome) if row.outcome else None,
            agreements=[agreement_public(a) for a in row.agreements],
            check_ins=[check_in_public(c) for c in row.check_ins],
            mistake_ids=sorted(link.mistake_id for link in row.mistake_links),
        )


def list_(
    uow: UnitOfWork,
    owner_id: int,
    *,
    status: ConversationStatus | None = None,
    include_finished: bool = True,
) -> list[ConversationPublic]:
    """The owner's conversations, soonest target date first (undated last).

    ``include_finished=False`` leaves out closed and cancelled ones.
    """
    with uow:
        query = select(Conversation).where(Conversation.owner_id == owner_id)
        if status is not None:
            query = query.where(Conversation.status == status)
        if not include_finished:
            query = query.where(
                Conversation.status.not_in([ConversationStatus.CLOSED, ConversationStatus.CANCELLED])
            )
        rows = uow.session.execute(query.order_by(Conversation.id)).scalars().all()
        out = [conversation_public(r) for r in rows]
        return sorted(out, key=lambda c: (c.target_date is None, c.target_date or c.created_at.date()))


def update(
    uow: UnitOfWork, owner_id: int, conversation_id: int, data: ConversationUpdate
) -> ConversationPublic:
    """Change the fields that are set in ``data``."""
    with uow:
        row = repo.get_conversation(uow.session, owner_id, conversation_id)
        check_version(row, data.version, "conversation", conversation_id)
        fields = data.model_fields_set
        if "kind" in fields and data.kind is not None:
            row.kind = data.kind
        if "title" in fields and data.title is not None:
            row.title = data.title
        if "counterpart" in fields and data.counterpart is not None:
            row.counterpart_name = data.counterpart.name
            row.counterpart_relationship = data.counterpart.relationship
        if "target_date" in fields:
            row.target_date = data.target_date
        uow.commit()
        return conversation_public(row)


def set_status(
    uow: UnitOfWork,
    owner_id: int,
    conversation_id: int,
    status: ConversationStatus,
    *,
    version: int | None = None,
) -> ConversationPublic:
    """Move to ``status`` if the rules allow it (:class:`InvalidTransitionError` otherwise)."""
    with uow:
        row = repo.get_conversation(uow.session, owner_id, conversation_id)
        check_version(row, version, "conversation", conversation_id)
        rules.check_transition(ConversationStatus(row.status), status)
        row.status = status
        uow.commit()
        return conversation_public(row)


def delete(uow: UnitOfWork, owner_id: int, conversation_id: int) -> None:
    """Delete the conversation and everything under it (plan, drafts, outcome, ...)."""
    with uow:
        row = repo.get_conversation(uow.session, owner_id, conversation_id)
        uow.session.delete(row)
        uow.commit()
