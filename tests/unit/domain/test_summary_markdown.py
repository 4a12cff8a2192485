"""The written summary is built from the plan, the outcome and the agreements."""

from __future__ import annotations

from datetime import UTC, date, datetime

from clearair.domain.plan import Plan
from clearair.domain.schemas import (
    AgreementPublic,
    CheckInPublic,
    ConversationDetail,
    ConversationPublic,
    OutcomePublic,
    PlanPublic,
)
from clearair.services.summary import render_markdown

NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)


def _detail(kind: str, result: str, plan: dict[str, object]) -> ConversationDetail:
    return ConversationDetail(
        conversation=ConversationPublic.model_validate(
            {
                "id": 1,
                "owner_id": 1,
                "kind": kind,
                "title": "Late | reports",
                "counterpart": {"name": "Sam"},
                "target_date": None,
                "status": "held",
                "overdue": False,
                "created_at": NOW,
                "updated_at": NOW,
                "version": 1,
            }
        ),
        plan=PlanPublic(conversation_id=1, plan=Plan.model_validate(plan), updated_at=NOW, version=1),
        drafts=[],
        outcome=OutcomePublic.model_validate(
            {
                "conversation_id": 1,
                "held_at": NOW,
                "result": result,
                "notes": "",
                "updated_at": NOW,
                "version": 1,
            }
        ),
        agreements=[
            AgreementPublic(
                id=1,
                conversation_id=1,
                action="Draft by the 1st | final by the 3rd",
                owner="Sam",
                due_date=date(2026, 12, 3),
                done=False,
                created_at=NOW,
                version=1,
            )
        ],
        check_ins=[
            CheckInPublic(
                id=1, conversation_id=1, date=date(2026, 12, 4), note="", done=True, created_at=NOW, version=1
            )
        ],
        mistake_ids=[],
    )


def test_expectation_and_consequence_are_written_down() -> None:
    md = render_markdown(
        _detail(
            "feedback",
            "expectation-set",
            {
                "poems": {
                    "summarize": {
                        "fallback": {
                            "kind": "expectation",
                            "expectation": "Reports by the 3rd",
                            "consequence": "A shared owner next quarter",
                        }
                    }
                }
            },
        )
    )
    assert "What I expect: Reports by the 3rd" in md
    assert "If it does not happen: A shared owner next quarter" in md
    assert "| Draft by the 1st \\| final by the 3rd | Sam | 2026-12-03 | no |" in md
    assert "Next check-ins" not in md  # the only check-in is done


def test_an_apology_summary_says_what_was_said_and_respects_a_refusal() -> None:
    md = render_markdown(
        _detail(
            "apology",
            "not-accepted",
            {"apology": {"what_i_did": "I shared your salary with Tom.", "repair": "I told Tom."}},
        )
    )
    assert "- I shared your salary with Tom." in md
    assert "not accepted, and that is yours to decide" in md
