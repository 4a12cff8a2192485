"""Conversations: their kinds, statuses and the allowed status transitions."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from clearair.domain.errors import InvalidTransitionError


class ConversationKind(StrEnum):
    """What the conversation is for."""

    APOLOGY = "apology"
    FEEDBACK = "feedback"
    MISTAKE_DISCLOSURE = "mistake-disclosure"
    TRUST_REPAIR = "trust-repair"
    OTHER = "other"


class ConversationStatus(StrEnum):
    """Where the conversation is: planning → ready → held → following-up → closed."""

    PLANNING = "planning"
    READY = "ready"
    HELD = "held"
    FOLLOWING_UP = "following-up"
    CLOSED = "closed"
    CANCELLED = "cancelled"


S = ConversationStatus

#: The allowed moves. ``ready → planning`` reopens the plan; a cancelled
#: conversation can be taken up again (back to planning).
TRANSITIONS: dict[ConversationStatus, frozenset[ConversationStatus]] = {
    S.PLANNING: frozenset({S.READY, S.CANCELLED}),
    S.READY: frozenset({S.PLANNING, S.HELD, S.CANCELLED}),
    S.HELD: frozenset({S.FOLLOWING_UP, S.CLOSED}),
    S.FOLLOWING_UP: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset({S.PLANNING}),
}


def check_transition(current: ConversationStatus, new: ConversationStatus) -> None:
    """Raise :class:`InvalidTransitionError` unless ``current → new`` is allowed."""
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (it is final)"
        raise InvalidTransitionError(
            f"a conversation cannot go from {current} to {new}; "
            f"from {current} it can go to: {allowed}"
        )


def path_to(current: ConversationStatus, target: ConversationStatus) -> list[ConversationStatus]:
    """The shortest chain of allowed moves from ``current`` to ``target`` (excluding current).

    Raises :class:`InvalidTransitionError` when ``target`` cannot be reached.
    """
    frontier: list[list[ConversationStatus]] = [[current]]
    seen = {current}
    while frontier:
        path = frontier.pop(0)
        if path[-1] == target:
            return path[1:]
        for nxt in sorted(TRANSITIONS[path[-1]]):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append([*path, nxt])
    raise InvalidTransitionError(f"a conversation cannot go from {current} to {target}")


def is_overdue(status: ConversationStatus, target_date: date | None, today: date) -> bool:
    """Past its target date while still in planning: plan it, but don't delay."""
    return status == S.PLANNING and target_date is not None and target_date < today


OVERDUE_NOTE = "plan it, but don't delay"
