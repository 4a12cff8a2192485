"""Owner-scoped look-ups. Repositories never commit; the unit of work does.

Every getter takes the acting owner: another owner's record raises the same
:class:`~clearair.domain.errors.NotFoundError` as an unknown id.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearair.domain.errors import NotFoundError
from clearair.storage.tables import (
    Agreement,
    CheckIn,
    Conversation,
    Mistake,
    Notification,
    RehearsalRun,
    User,
)

T = TypeVar("T", Conversation, Mistake, RehearsalRun)


def _owned(session: Session, table: type[T], owner_id: int, ident: int, what: str) -> T:
    row = session.get(table, ident)
    if row is None or row.owner_id != owner_id:
        raise NotFoundError(what, ident)
    return row


def get_user(session: Session, user_id: int) -> User:
    row = session.get(User, user_id)
    if row is None:
        raise NotFoundError("user", user_id)
    return row


def get_conversation(session: Session, owner_id: int, ident: int) -> Conversation:
    return _owned(session, Conversation, owner_id, ident, "conversation")


def get_mistake(session: Session, owner_id: int, ident: int) -> Mistake:
    return _owned(session, Mistake, owner_id, ident, "mistake")


def get_rehearsal_run(session: Session, owner_id: int, ident: int) -> RehearsalRun:
    return _owned(session, RehearsalRun, owner_id, ident, "rehearsal run")


def get_agreement(session: Session, owner_id: int, ident: int) -> Agreement:
    row = session.execute(
        select(Agreement)
        .join(Conversation, Conversation.id == Agreement.conversation_id)
        .where(Agreement.id == ident, Conversation.owner_id == owner_id)
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("agreement", ident)
    return row


def get_check_in(session: Session, owner_id: int, ident: int) -> CheckIn:
    row = session.execute(
        select(CheckIn)
        .join(Conversation, Conversation.id == CheckIn.conversation_id)
        .where(CheckIn.id == ident, Conversation.owner_id == owner_id)
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("check-in", ident)
    return row


def get_notification(session: Session, owner_id: int, ident: int) -> Notification:
    row = session.execute(
        select(Notification)
        .join(Mistake, Mistake.id == Notification.mistake_id)
        .where(Notification.id == ident, Mistake.owner_id == owner_id)
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("notification", ident)
    return row
