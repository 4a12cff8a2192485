"""Users, invitations, calendar tokens and rehearsal runs, on both databases."""

from __future__ import annotations

import pytest

from clearair.domain.errors import AuthenticationError, InvalidInputError, NotFoundError
from clearair.domain.schemas import (
    AdminCreate,
    ConversationCreate,
    InviteAccept,
    InviteCreate,
    RehearsalRunCreate,
)
from clearair.services import accounts, conversations, rehearsals


def test_local_user_is_created_once(uow) -> None:  # type: ignore[no-untyped-def]
    first = accounts.ensure_local_user(uow)
    second = accounts.ensure_local_user(uow)
    assert first.id == second.id
    assert first.is_local
    assert first.email is None


def test_admin_invite_accept_authenticate(uow) -> None:  # type: ignore[no-untyped-def]
    admin = accounts.create_admin(
        uow, AdminCreate(email="Lead@Example.org", display_name="Lead", password="correct horse 1")
    )
    assert admin.email == "lead@example.org"
    inv = accounts.invite(uow, admin.id, InviteCreate(email="kim@example.org"))
    kim = accounts.accept_invite(
        uow, InviteAccept(token=inv.token, display_name="Kim", password="kim's long password")
    )
    assert kim.role == "member"
    assert accounts.authenticate(uow, "KIM@example.org", "kim's long password").id == kim.id
    with pytest.raises(AuthenticationError):
        accounts.authenticate(uow, "kim@example.org", "wrong password!!")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(uow, "nobody@example.org", "whatever password")
    with pytest.raises(InvalidInputError) as err:
        accounts.accept_invite(
            uow, InviteAccept(token=inv.token, display_name="Kim2", password="another password")
        )
    assert err.value.field == "token"
    with pytest.raises(InvalidInputError):
        accounts.invite(uow, kim.id, InviteCreate(email="x@example.org"))


def test_calendar_token_rotates(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    old = accounts.calendar_token(uow, owner)
    assert accounts.user_by_calendar_token(uow, old).id == owner
    new = accounts.rotate_calendar_token(uow, owner)
    assert new != old
    assert len(new) >= 32
    with pytest.raises(NotFoundError):
        accounts.user_by_calendar_token(uow, old)
    assert accounts.user_by_calendar_token(uow, new).id == owner


def test_rehearsal_runs_saved_with_a_conversation(uow, owner: int, other_owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = conversations.create(
        uow,
        owner,
        ConversationCreate.model_validate({"kind": "feedback", "title": "t", "counterpart": {"name": "Sam"}}),
    )
    run = rehearsals.save(
        uow,
        owner,
        RehearsalRunCreate(
            conversation_id=conv.id,
            scenario_id="late-reports",
            seed=2**40,
            transcript=[{"speaker": "you", "text": "Hi Sam"}],
            report={"score": 70},
        ),
    )
    assert rehearsals.get(uow, owner, run.id).seed == 2**40
    assert [r.id for r in rehearsals.list_(uow, owner, conversation_id=conv.id)] == [run.id]
    with pytest.raises(NotFoundError):
        rehearsals.get(uow, other_owner, run.id)
    with pytest.raises(NotFoundError):
        rehearsals.save(
            uow,
            other_owner,
            RehearsalRunCreate(conversation_id=conv.id, scenario_id="x", seed=1, transcript=[], report={}),
        )
    conversations.delete(uow, owner, conv.id)
    assert rehearsals.list_(uow, owner) == []
