"""The mistake log through the services, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import TypeAdapter, ValidationError

from clearair.domain.errors import InvalidInputError, InvalidTransitionError, NotFoundError
from clearair.domain.schemas import (
    CheckNoteCreate,
    ConversationCreate,
    MistakeAdvance,
    MistakeCreate,
    MistakeUpdate,
    NotificationCreate,
)
from clearair.services import conversations, mistakes

STEP = TypeAdapter(MistakeAdvance)


def step(**data: object) -> MistakeAdvance:
    return STEP.validate_python(data)


def _walk_to_monitoring(uow, owner: int, mid: int, until: date) -> None:  # type: ignore[no-untyped-def]
    mistakes.advance(uow, owner, mid, step(stage="disclosed", disclosed_to="my lead"))
    mistakes.advance(uow, owner, mid, step(stage="quick-fixed", quick_fix="Recalled the email"))
    mistakes.advance(
        uow,
        owner,
        mid,
        step(stage="understood", understanding={"touch_points": ["mail merge"]}),
    )
    mistakes.advance(
        uow,
        owner,
        mid,
        step(
            stage="options-weighed",
            options=[{"description": "Manual check"}, {"description": "Preview step"}],
            chosen=1,
        ),
    )
    mistakes.advance(uow, owner, mid, step(stage="fixed", fix="Added a preview step"))
    mistakes.advance(
        uow,
        owner,
        mid,
        step(stage="communicated", told=[{"person": "Client"}, {"person": "Team"}]),
    )
    mistakes.advance(uow, owner, mid, step(stage="monitoring", until=until.isoformat()))


def test_full_life_of_a_mistake(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    found = datetime.now(UTC) - timedelta(hours=5)
    m = mistakes.create(uow, owner, MistakeCreate(title="Wrong attachment to client", discovered_at=found))
    assert m.stage == "discovered"
    assert m.disclosure_clock_seconds >= 5 * 3600 - 5
    _walk_to_monitoring(uow, owner, m.id, date.today() + timedelta(days=14))
    m = mistakes.get(uow, owner, m.id)
    assert m.stage == "monitoring"
    assert m.chosen_option == 1
    assert [t.person for t in m.told] == ["Client", "Team"]
    assert m.disclosed_at is not None
    assert [s.stage for s in m.stages][:3] == ["discovered", "disclosed", "quick-fixed"]
    acked = mistakes.acknowledge(uow, owner, m.told[0].id)
    assert acked.told[0].acknowledged
    assert not acked.told[1].acknowledged
    mistakes.add_check(uow, owner, m.id, CheckNoteCreate(note="No repeat this week"))
    with pytest.raises(InvalidInputError) as err:
        mistakes.advance(uow, owner, m.id, step(stage="closed"))
    assert err.value.field == "reason"
    assert mistakes.get(uow, owner, m.id).stage == "monitoring"
    closed = mistakes.advance(
        uow,
        owner,
        m.id,
        step(
            stage="closed",
            reason="Client confirmed; contract ended",
            lessons={"went_well": ["told within hours"], "got_lucky": ["caught before the call"]},
        ),
    )
    assert closed.stage == "closed"
    assert closed.lessons.got_lucky == ["caught before the call"]
    assert [c.note for c in closed.checks] == ["No repeat this week"]


def test_stages_cannot_be_skipped(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    m = mistakes.create(uow, owner, MistakeCreate(title="Skipped"))
    with pytest.raises(InvalidTransitionError):
        mistakes.advance(uow, owner, m.id, step(stage="fixed", fix="x"))
    assert mistakes.get(uow, owner, m.id).stage == "discovered"


def test_stage_payloads_name_bad_fields() -> None:
    with pytest.raises(ValidationError) as err:
        step(stage="options-weighed", options=[{"description": "only one"}], chosen=3)
    assert "chosen" in str(err.value)
    with pytest.raises(ValidationError) as err2:
        step(stage="quick-fixed")
    assert err2.value.errors()[0]["loc"] == ("quick-fixed", "quick_fix")


def test_links_and_cascade(db, uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from clearair.storage.tables import MistakeEvent, MistakeLink, Notification

    m = mistakes.create(uow, owner, MistakeCreate(title="Sent the wrong invoice"))
    conv = conversations.create(
        uow,
        owner,
        ConversationCreate.model_validate(
            {"kind": "apology", "title": "Apologize to the client", "counterpart": {"name": "Ana"}}
        ),
    )
    linked = mistakes.link(uow, owner, m.id, conv.id, "apology to the client")
    assert [(x.conversation_id, x.purpose) for x in linked.links] == [(conv.id, "apology to the client")]
    assert conversations.detail(uow, owner, conv.id).mistake_ids == [m.id]
    mistakes.tell(uow, owner, m.id, NotificationCreate(person="Finance"))
    mistakes.delete(uow, owner, m.id)
    with db.engine.connect() as conn:
        for table in (MistakeEvent, MistakeLink, Notification):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
    assert conversations.get(uow, owner, conv.id).id == conv.id


def test_team_board_shows_only_shared_without_private_notes(uow, owner: int, other_owner: int) -> None:  # type: ignore[no-untyped-def]
    mine = mistakes.create(uow, owner, MistakeCreate(title="Shared one", private_notes="secret", shared=True))
    mistakes.create(uow, owner, MistakeCreate(title="Private one"))
    theirs = mistakes.create(uow, other_owner, MistakeCreate(title="Theirs"))
    board = mistakes.team_board(uow, other_owner)
    assert [b.title for b in board] == ["Shared one"]
    assert "private_notes" not in board[0].model_dump()
    mistakes.update(uow, other_owner, theirs.id, MistakeUpdate(shared=True))
    assert {b.title for b in mistakes.team_board(uow, owner)} == {"Shared one", "Theirs"}
    with pytest.raises(NotFoundError):
        mistakes.update(uow, other_owner, mine.id, MistakeUpdate(shared=False))
