from __future__ import annotations

from datetime import date

import pytest

from clearair.domain.conversations import (
    ConversationStatus as S,
)
from clearair.domain.conversations import (
    check_transition,
    is_overdue,
    path_to,
)
from clearair.domain.errors import InvalidTransitionError


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.PLANNING, S.READY),
        (S.READY, S.HELD),
        (S.HELD, S.FOLLOWING_UP),
        (S.FOLLOWING_UP, S.CLOSED),
        (S.PLANNING, S.CANCELLED),
        (S.CANCELLED, S.PLANNING),
    ],
)
def test_allowed_moves(current: S, new: S) -> None:
    check_transition(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [(S.PLANNING, S.HELD), (S.CLOSED, S.PLANNING), (S.HELD, S.READY), (S.PLANNING, S.CLOSED)],
)
def test_invalid_moves_say_what_is_allowed(current: S, new: S) -> None:
    with pytest.raises(InvalidTransitionError, match=f"cannot go from {current} to {new}"):
        check_transition(current, new)


def test_path_to_held_goes_through_ready() -> None:
    assert path_to(S.PLANNING, S.HELD) == [S.READY, S.HELD]
    with pytest.raises(InvalidTransitionError):
        path_to(S.CLOSED, S.HELD)


def test_overdue_only_while_planning_past_the_date() -> None:
    today = date(2026, 11, 21)
    assert is_overdue(S.PLANNING, date(2026, 11, 20), today)
    assert not is_overdue(S.PLANNING, date(2026, 11, 21), today)
    assert not is_overdue(S.READY, date(2026, 11, 1), today)
    assert not is_overdue(S.PLANNING, None, today)
