"""Owner-scoped look-ups. Repositories never commit; the unit of work does.

Every getter takes the acting owner: another owner's record raises the same
:class:`~clearair.domain.errors.NotFoundError` as an unknown id.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

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
C = TypeVar("C", Agreement, CheckIn, Notification)


def _owned(session: Session, table: type[T], owner_id: int, ident: int, what: str) -> T:
    row = session.get(table, ident)
    if row is None or row.owner_id != owner_id:
        raise NotFoundError(what, ident)
    return row


def _owned_child(
    session: Session,
    table: type[C],
    parent_key: InstrumentedAttribute[int],
    parent: type[Conversation] | type[Mistake],
    owner_id: int,
    ident: int,
    what: str,
) -> C:
    """A row that belongs to its owner through its parent conversation or mistake."""
    row = session.execute(
        select(table)
        .join(parent, parent.id == parent_key)
        .where(table.id == ident, parent.owner_id == owner_id)
    ).scalar_one_or_none()
    if row is None:
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
    return _owned_child(
        session, Agreement, Agreement.conversation_id, Conversation, owner_id, ident, "agreement"
    )


def get_check_in(session: Session, owner_id: int, ident: int) -> CheckIn:
    return _owned_child(session, CheckIn, CheckIn.conversation_id, Conversation, owner_id, ident, "check-in")


def get_notification(session: Session, owner_id: int, ident: int) -> Notification:
    return _owned_child(
        session, Notification, Notification.mistake_id, Mistake, owner_id, ident, "notification"
    )
