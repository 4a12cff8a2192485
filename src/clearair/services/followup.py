"""After the conversation: the outcome, the agreements and the check-ins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearair.domain import conversations as rules
from clearair.domain.conversations import ConversationStatus
from clearair.domain.errors import InvalidTransitionError
from clearair.domain.schemas import (
    AgreementCreate,
    AgreementPublic,
    AgreementUpdate,
    CheckInCreate,
    CheckInPublic,
    CheckInUpdate,
    OutcomeCreate,
    OutcomePublic,
)
from clearair.services._common import (
    agreement_public,
    check_in_public,
    check_version,
    outcome_public,
)
from clearair.storage import repositories as repo
from clearair.storage.tables import Agreement, CheckIn, Outcome

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork


def record_outcome(
    uow: UnitOfWork, owner_id: int, conversation_id: int, data: OutcomeCreate
) -> OutcomePublic:
    """Record (or replace) what happened.

    A conversation still in ``planning`` or ``ready`` moves to ``held``
    (through the allowed steps); a closed or cancelled one is an
    :class:`InvalidTransitionError`.
    """
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        status = ConversationStatus(conv.status)
        if status in (ConversationStatus.CLOSED, ConversationStatus.CANCELLED):
            raise InvalidTransitionError(
                f"this conversation is {status}; reopen it before recording an outcome"
            )
        if status in (ConversationStatus.PLANNING, ConversationStatus.READY):
            for step in rules.path_to(status, ConversationStatus.HELD):
                rules.check_transition(ConversationStatus(conv.status), step)
                conv.status = step
        if conv.outcome is None:
            conv.outcome = Outcome(held_at=data.held_at, result=data.result, notes=data.notes)
        else:
            check_version(conv.outcome, data.version, "outcome", conversation_id)
            conv.outcome.held_at = data.held_at
            conv.outcome.result = data.result
            conv.outcome.notes = data.notes
        uow.commit()
        return outcome_public(conv.outcome)


def get_outcome(uow: UnitOfWork, owner_id: int, conversation_id: int) -> OutcomePublic | None:
    """The recorded outcome, if any."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        return outcome_public(conv.outcome) if conv.outcome else None


def add_agreement(
    uow: UnitOfWork, owner_id: int, conversation_id: int, data: AgreementCreate
) -> AgreementPublic:
    """Add an agreed action."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        row = Agreement(
            conversation_id=conv.id,
            action=data.action,
            owner=data.owner,
            due_date=data.due_date,
            done=data.done,
        )
        uow.session.add(row)
        uow.commit()
        return agreement_public(row)


def list_agreements(uow: UnitOfWork, owner_id: int, conversation_id: int) -> list[AgreementPublic]:
    """The conversation's agreements, in the order they were added."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        return [agreement_public(a) for a in conv.agreements]


def get_agreement(uow: UnitOfWork, owner_id: int, agreement_id: int) -> AgreementPublic:
    """One agreement."""
    with uow:
        return agreement_public(repo.get_agreement(uow.session, owner_id, agreement_id))


def update_agreement(
    uow: UnitOfWork, owner_id: int, agreement_id: int, data: AgreementUpdate
) -> AgreementPublic:
    """Change an agreement (for example mark it done)."""
    with uow:
        row = repo.get_agreement(uow.session, owner_id, agreement_id)
        check_version(row, data.version, "agreement", agreement_id)
        for name in ("action", "owner", "done"):
            value = getattr(data, name)
            if name in data.model_fields_set and value is not None:
                setattr(row, name, value)
        if "due_date" in data.model_fields_set:
            row.due_date = data.due_date
        uow.commit()
        return agreement_public(row)


def delete_agreement(uow: UnitOfWork, owner_id: int, agreement_id: int) -> None:
    """Remove an agreement."""
    with uow:
        uow.session.delete(repo.get_agreement(uow.session, owner_id, agreement_id))
        uow.commit()


def add_check_in(uow: UnitOfWork, owner_id: int, conversation_id: int, data: CheckInCreate) -> CheckInPublic:
    """Plan a check-in."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        row = CheckIn(conversation_id=conv.id, date=data.date, note=data.note, done=data.done)
        uow.session.add(row)
        uow.commit()
        return check_in_public(row)


def list_check_ins(uow: UnitOfWork, owner_id: int, conversation_id: int) -> list[CheckInPublic]:
    """The conversation's check-ins."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        return [check_in_public(c) for c in conv.check_ins]


def get_check_in(uow: UnitOfWork, owner_id: int, check_in_id: int) -> CheckInPublic:
    """One check-in."""
    with uow:
        return check_in_public(repo.get_check_in(uow.session, owner_id, check_in_id))


def update_check_in(uow: UnitOfWork, owner_id: int, check_in_id: int, data: CheckInUpdate) -> CheckInPublic:
    """Change a check-in (for example mark it done, with a note)."""
    with uow:
        row = repo.get_check_in(uow.session, owner_id, check_in_id)
        check_version(row, data.version, "check-in", check_in_id)
        for name in ("date", "note", "done"):
            value = getattr(data, name)
            if name in data.model_fields_set and value is not None:
                setattr(row, name, value)
        uow.commit()
        return check_in_public(row)


def delete_check_in(uow: UnitOfWork, owner_id: int, check_in_id: int) -> None:
    """Remove a check-in."""
    with uow:
        uow.session.delete(repo.get_check_in(uow.session, owner_id, check_in_id))
        uow.commit()
