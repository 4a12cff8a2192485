"""The calendar file parses back; export → import → export is lossless; bad files change nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter

from clearair.domain.errors import InvalidInputError
from clearair.domain.schemas import (
    AgreementCreate,
    CheckInCreate,
    CheckNoteCreate,
    ConversationCreate,
    DraftCreate,
    MistakeAdvance,
    MistakeCreate,
    OutcomeCreate,
    RehearsalRunCreate,
)
from clearair.services import calendar, conversations, data, followup, mistakes, plans, rehearsals
from tests.unit.domain.fake_checker import fake_check

STEP = TypeAdapter(MistakeAdvance)


def _populate(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = conversations.create(
        uow,
        owner,
        ConversationCreate.model_validate(
            {
                "kind": "apology",
                "title": "Shared Ana's salary",
                "counterpart": {"name": "Ana", "relationship": "colleague"},
                "target_date": "2026-11-25",
            }
        ),
    )
    plans.patch(
        uow,
        owner,
        conv.id,
        {
            "apology": {"what_i_did": "I told Tom your salary.", "excuses_left_out": ["busy"]},
            "derailers": [{"derailer": "avoidance", "response": "Book it today"}],
            "poems": {"summarize": {"fallback": {"kind": "escalation", "next_step": "HR"}}},
        },
    )
    plans.add_draft(uow, owner, conv.id, DraftCreate(part="apology", text="I'm sorry."), checker=fake_check)  # type: ignore[arg-type]
    followup.record_outcome(
        uow,
        owner,
        conv.id,
        OutcomeCreate(held_at=datetime(2026, 11, 25, 15, tzinfo=UTC), result="agreement", notes="ok"),  # type: ignore[arg-type]
    )
    followup.add_agreement(
        uow,
        owner,
        conv.id,
        AgreementCreate(action="Tell Tom it was confidential", owner="me", due_date=date(2026, 11, 26)),
    )
    followup.add_check_in(
        uow, owner, conv.id, CheckInCreate(date=date(2026, 12, 9), note="Ask Ana how it feels now")
    )
    followup.add_check_in(uow, owner, conv.id, CheckInCreate(date=date(2026, 12, 1), done=True))
    m = mistakes.create(
        uow,
        owner,
        MistakeCreate(
            title="Salary leak",
            private_notes="mine",
            shared=True,
            discovered_at=datetime.now(UTC) - timedelta(days=1),
        ),
    )
    mistakes.advance(uow, owner, m.id, STEP.validate_python({"stage": "disclosed"}))
    for s in (
        {"stage": "quick-fixed", "quick_fix": "Asked Tom to delete the message"},
        {"stage": "understood", "understanding": {"contributing_factors": ["copy-paste"]}},
        {"stage": "options-weighed", "options": [{"description": "a", "pros": "p"}], "chosen": 0},
        {"stage": "fixed", "fix": "Salaries only in the HR tool"},
        {"stage": "communicated", "told": [{"person": "Ana", "acknowledged": True}]},
        {"stage": "monitoring", "until": (date.today() + timedelta(days=3)).isoformat()},
    ):
        mistakes.advance(uow, owner, m.id, STEP.validate_python(s))
    mistakes.add_check(uow, owner, m.id, CheckNoteCreate(note="fine"))
    mistakes.link(uow, owner, m.id, conv.id, "apology")
    rehearsals.save(
        uow,
        owner,
        RehearsalRunCreate(
            conversation_id=conv.id, scenario_id="s1", seed=7, transcript=[{"a": 1}], report={"score": 1}
        ),
    )


def _normalized(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with ids replaced by their position (ids are renumbered on import)."""
    doc = json.loads(json.dumps(doc))
    doc.pop("exported_at")
    ids = {c["id"]: i for i, c in enumerate(doc["conversations"])}
    for c in doc["conversations"]:
        c["id"] = ids[c["id"]]
    for i, m in enumerate(doc["mistakes"]):
        m["id"] = i
        for link in m["links"]:
            link["conversation_id"] = ids[link["conversation_id"]]
    for r in doc["rehearsal_runs"]:
        if r["conversation_id"] is not None:
            r["conversation_id"] = ids[r["conversation_id"]]
    return doc


def test_calendar_parses_back_neutral_by_default(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    _populate(uow, owner)
    cal = Calendar.from_ical(calendar.build_ics(uow, owner))
    events = list(cal.walk("VEVENT"))
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts == [date(2026, 11, 26), date(2026, 12, 9)]  # the done check-in is left out
    text = b"".join(e.to_ical() for e in events).decode()
    assert "Ana" not in text
    assert "salary" not in text.lower()
    assert {str(e["summary"]) for e in events} == {"clearair check-in", "clearair: agreement due"}
    detailed = Calendar.from_ical(calendar.build_ics(uow, owner, detailed=True))
    summaries = {str(e["summary"]) for e in detailed.walk("VEVENT")}
    assert "Check in with Ana: Shared Ana's salary" in summaries
    assert all(e["uid"] for e in events)


def test_export_import_round_trip_is_lossless(db, owner: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    uow = db.unit_of_work()
    _populate(uow, owner)
    first = data.export_data(uow, owner)
    assert first["format"] == "clearair.export"
    assert first["version"] == 1
    # Restore into a second, empty workspace (another user on the same database).
    from clearair.domain.schemas import AdminCreate
    from clearair.services import accounts

    other = accounts.create_admin(
        uow, AdminCreate(email="b@example.org", display_name="B", password="p" * 12)
    ).id
    counts = data.import_data(uow, other, json.loads(json.dumps(first)))
    assert counts == {"conversations": 1, "mistakes": 1, "rehearsal_runs": 1}
    second = data.export_data(uow, other)
    assert _normalized(second) == _normalized(first)


def test_bad_import_names_the_field_and_writes_nothing(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    _populate(uow, owner)
    doc = data.export_data(uow, owner)
    doc["conversations"].append(json.loads(json.dumps(doc["conversations"][0])))
    doc["conversations"][1]["id"] = 999
    doc["conversations"][1]["plan"]["poems"]["prepare"]["time_minutes"] = "soon"
    with pytest.raises(InvalidInputError) as err:
        data.import_data(uow, owner, doc, replace=True)
    assert err.value.field == "conversations[1].plan.poems.prepare.time_minutes"
    doc["conversations"][1]["plan"]["poems"]["prepare"]["time_minutes"] = 20
    doc["mistakes"][0]["links"][0]["conversation_id"] = 12345
    with pytest.raises(InvalidInputError) as err2:
        data.import_data(uow, owner, doc, replace=True)
    assert err2.value.field == "mistakes[0].links[0].conversation_id"
    assert len(conversations.list_(uow, owner)) == 1
    with pytest.raises(InvalidInputError, match="not a clearair export"):
        data.import_data(uow, owner, {"format": "other"})
