"""The readiness check, drafts and summary with the real analyzer (``clearair.check``)."""

from __future__ import annotations

from clearair.domain.schemas import ConversationCreate, DraftCreate
from clearair.services import conversations, plans


def _conv(uow, owner: int, kind: str):  # type: ignore[no-untyped-def]
    return conversations.create(
        uow,
        owner,
        ConversationCreate.model_validate(
            {"kind": kind, "title": "t", "counterpart": {"name": "Sam"}, "target_date": "2026-12-01"}
        ),
    )


def test_blaming_purpose_why_opening_and_but_apology_are_reported_in_their_fields(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    feedback = _conv(uow, owner, "feedback")
    plans.patch(
        uow,
        owner,
        feedback.id,
        {
            "poems": {
                "opening": {
                    "mutual_purpose": "You never care about deadlines and it's your fault.",
                    "story": "Why did you skip the review?",
                },
                "explore": {"questions": ["How do you see the month end?"]},
            }
        },
    )
    found = {(f.field, f.label) for f in plans.check(uow, owner, feedback.id).findings}
    assert ("poems.opening.story", "why-question") in found
    purpose_labels = {label for field, label in found if field == "poems.opening.mutual_purpose"}
    assert purpose_labels & {"blame-shift", "absolute-language", "character-judgment"}
    assert not any(field == "poems.explore.questions[0]" for field, _ in found)

    apology = _conv(uow, owner, "apology")
    plans.patch(
        uow,
        owner,
        apology.id,
        {"apology": {"what_i_did": "I'm sorry I missed your review, but the train was late."}},
    )
    found = {(f.field, f.label) for f in plans.check(uow, owner, apology.id).findings}
    assert ("apology.what_i_did", "excuse") in found


def test_a_better_apology_draft_scores_higher(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = _conv(uow, owner, "apology")
    worse = plans.add_draft(
        uow,
        owner,
        conv.id,
        DraftCreate.model_validate(
            {"part": "apology", "text": "Sorry if you were upset, but I was really busy."}
        ),
    )
    better = plans.add_draft(
        uow,
        owner,
        conv.id,
        DraftCreate.model_validate(
            {
                "part": "apology",
                "text": "I'm sorry I missed your review on Tuesday. That was my mistake. "
                "You had to present alone because of me. I'll walk the directors through my "
                "part tomorrow, and from now on I'll accept invites the day they arrive.",
            }
        ),
    )
    assert better.score > worse.score
    assert better.number == worse.number + 1
    assert {f["label"] for f in worse.analysis["findings"]} & {"conditional-apology", "excuse"}
