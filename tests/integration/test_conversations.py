"""Conversations, plans, drafts and follow-up through the services, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clearair.domain.errors import InvalidInputError, InvalidTransitionError, NotFoundError
from clearair.domain.schemas import (
    AgreementCreate,
    AgreementUpdate,
    CheckInCreate,
    ConversationCreate,
    DraftCreate,
    OutcomeCreate,
)
from clearair.services import conversations, followup, plans, summary
from tests.unit.domain.fake_checker import fake_check


def _create(uow, owner: int, **kw: object):  # type: ignore[no-untyped-def]
    data = {
        "kind": "feedback",
        "title": "Late reports",
        "counterpart": {"name": "Sam", "relationship": "report"},
        **kw,
    }
    return conversations.create(uow, owner, ConversationCreate.model_validate(data))


def test_status_moves_and_invalid_transition_changes_nothing(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _create(uow, owner)
    assert conv.status == "planning"
    with pytest.raises(InvalidTransitionError, match="cannot go from planning to closed"):
        conversations.set_status(uow, owner, conv.id, "closed")  # type: ignore[arg-type]
    after = conversations.get(uow, owner, conv.id)
    assert after.status == "planning"
    assert after.version == conv.version
    assert conversations.set_status(uow, owner, conv.id, "ready").status == "ready"  # type: ignore[arg-type]


def test_overdue_shows_in_listing(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    late = _create(uow, owner, title="Late one", target_date=date.today() - timedelta(days=2))
    soon = _create(uow, owner, title="Soon", target_date=date.today() + timedelta(days=2))
    listed = {c.id: c for c in conversations.list_(uow, owner)}
    assert listed[late.id].overdue
    assert not listed[soon.id].overdue
    conversations.set_status(uow, owner, late.id, "ready")  # type: ignore[arg-type]
    assert not conversations.get(uow, owner, late.id).overdue


def test_plan_patch_names_the_bad_field_and_keeps_the_old_plan(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _create(uow, owner)
    plans.patch(uow, owner, conv.id, {"poems": {"prepare": {"time_minutes": 30}}})
    with pytest.raises(InvalidInputError) as err:
        plans.patch(uow, owner, conv.id, {"poems": {"prepare": {"time_minutes": "half an hour"}}})
    assert err.value.field == "poems.prepare.time_minutes"
    with pytest.raises(InvalidInputError) as err2:
        plans.patch(uow, owner, conv.id, {"poems": {"opening": {"mutual_porpose": "x"}}})
    assert err2.value.field == "poems.opening.mutual_porpose"
    assert plans.get(uow, owner, conv.id).plan.poems.prepare.time_minutes == 30


def test_plan_check_reports_fields_and_score(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _create(uow, owner)
    plans.patch(
        uow,
        owner,
        conv.id,
        {"poems": {"explore": {"questions": ["Why did you skip the review?"]}}},
    )
    result = plans.check(uow, owner, conv.id, checker=fake_check)
    assert ("poems.explore.questions[0]", "why-question") in {(f.field, f.label) for f in result.findings}
    assert "target_date" in {m.field for m in result.missing}
    assert 0 <= result.score < 50


def test_drafts_keep_versions_with_their_analysis(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _create(uow, owner, kind="apology")
    first = plans.add_draft(
        uow,
        owner,
        conv.id,
        DraftCreate(part="apology", text="Sorry I missed it, but I was busy."),  # type: ignore[arg-type]
        checker=fake_check,
    )
    second = plans.add_draft(
        uow,
        owner,
        conv.id,
        DraftCreate(part="apology", text="I missed your review. I'm sorry."),  # type: ignore[arg-type]
        checker=fake_check,
    )
    assert (first.number, second.number) == (1, 2)
    assert second.score > first.score
    assert first.analysis["findings"][0]["label"] == "excuse"
    assert [d.number for d in plans.list_drafts(uow, owner, conv.id)] == [1, 2]


def test_outcome_agreements_check_ins_and_summary(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _create(uow, owner, target_date=date.today())
    plans.patch(
        uow,
        owner,
        conv.id,
        {"poems": {"opening": {"mutual_purpose": "I want month end to be easy for us both."}}},
    )
    outcome = followup.record_outcome(
        uow,
        owner,
        conv.id,
        OutcomeCreate(
            held_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
            result="agreement",  # type: ignore[arg-type]
            notes="Sam suggested a mid-month check.",
        ),
    )
    assert outcome.result == "agreement"
    assert conversations.get(uow, owner, conv.id).status == "held"
    ag = followup.add_agreement(
        uow,
        owner,
        conv.id,
        AgreementCreate(action="Send the draft by the 1st", owner="Sam", due_date=date(2026, 12, 1)),
    )
    followup.add_check_in(uow, owner, conv.id, CheckInCreate(date=date(2026, 12, 2), note="How did it go?"))
    done = followup.update_agreement(uow, owner, ag.id, AgreementUpdate(done=True))
    assert done.done
    assert done.due_date == date(2026, 12, 1)
    result = summary.build(uow, owner, conv.id, checker=fake_check)
    assert "# Summary: Late reports" in result.markdown
    assert "| Send the draft by the 1st | Sam | 2026-12-01 | yes |" in result.markdown
    assert "2026-12-02: How did it go?" in result.markdown
    assert "I want month end to be easy for us both." in result.markdown


def test_agreement_of_another_owner_is_not_found(uow, owner: int, other_owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _create(uow, owner)
    ag = followup.add_agreement(uow, owner, conv.id, AgreementCreate(action="x", owner="me"))
    with pytest.raises(NotFoundError):
        followup.update_agreement(uow, other_owner, ag.id, AgreementUpdate(done=True))


def test_delete_removes_everything_under_it(db, uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from clearair.storage.tables import Agreement, CheckIn, Draft, Outcome, PlanRow

    conv = _create(uow, owner)
    plans.add_draft(uow, owner, conv.id, DraftCreate(part="opening", text="Hi."), checker=fake_check)  # type: ignore[arg-type]
    followup.record_outcome(
        uow,
        owner,
        conv.id,
        OutcomeCreate(held_at=datetime.now(UTC), result="postponed"),  # type: ignore[arg-type]
    )
    followup.add_agreement(uow, owner, conv.id, AgreementCreate(action="x", owner="me"))
    followup.add_check_in(uow, owner, conv.id, CheckInCreate(date=date.today()))
    conversations.delete(uow, owner, conv.id)
    with db.engine.connect() as conn:
        for table in (PlanRow, Draft, Outcome, Agreement, CheckIn):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
