from __future__ import annotations

from clearair.domain.conversations import ConversationKind
from clearair.domain.plan import Plan, deep_merge, free_text_fields, readiness
from tests.unit.domain.fake_checker import fake_check

FULL_POEMS = {
    "mindset": {
        "difficult_for_me": "I like working with Sam",
        "problem_for_them": "They may feel judged",
        "how_i_feel": "Nervous",
        "my_contribution": "I never set a clear deadline",
        "outcome_for_me": "Reports on time",
        "outcome_for_them": "Less pressure at month end",
        "outcome_for_relationship": "We stay open with each other",
        "how_to_behave": "Calm and curious",
    },
    "beliefs": {
        "needs_to_be_had": True,
        "prepared": True,
        "can_stay_calm": True,
        "can_make_it_safe": True,
    },
    "derailers": [{"derailer": "minimizing", "response": "Say the real numbers"}],
    "poems": {
        "prepare": {
            "calm": True,
            "evidence": ["Report due 3 Nov arrived 7 Nov"],
            "safe_place": "Small meeting room",
            "place_booked": True,
            "time_minutes": 30,
        },
        "opening": {
            "mutual_purpose": "I want us both to have an easy month end.",
            "facts": ["The last two reports arrived four days late."],
            "story": "I am starting to worry the deadline does not work for you.",
        },
        "explore": {"questions": ["How is the month end looking from your side?"]},
        "make_safe": {
            "expected_flashes": ["a sigh"],
            "contrasting": ["I'm not doubting your work; I'm asking about the timing."],
        },
        "summarize": {
            "solution_questions": ["What would help you hit the date?"],
            "fallback": {
                "kind": "expectation",
                "expectation": "Reports by the 3rd",
                "consequence": "We move the report to a shared owner",
            },
        },
    },
}


def test_empty_plan_lists_everything_missing() -> None:
    result = readiness(Plan(), ConversationKind.FEEDBACK, fake_check, has_target_date=False)
    fields = {m.field for m in result.missing}
    assert "target_date" in fields
    assert "mindset.how_i_feel" in fields
    assert "poems.opening.mutual_purpose" in fields
    assert "poems.summarize.fallback" in fields
    assert "apology.what_i_did" not in fields
    assert result.score == 0
    assert not result.ready


def test_complete_clean_plan_is_ready() -> None:
    plan = Plan.model_validate(FULL_POEMS)
    result = readiness(plan, ConversationKind.FEEDBACK, fake_check)
    assert result.missing == []
    assert result.findings == []
    assert result.ready
    assert result.score == 100


def test_findings_name_their_field() -> None:
    data = deep_merge(
        FULL_POEMS,
        {
            "poems": {
                "opening": {"mutual_purpose": "This is your fault and we both know it."},
                "explore": {"questions": ["How do you see it?", "Why did you skip the review?"]},
            }
        },
    )
    result = readiness(Plan.model_validate(data), ConversationKind.FEEDBACK, fake_check)
    found = {(f.field, f.label) for f in result.findings}
    assert ("poems.opening.mutual_purpose", "blame-shift") in found
    assert ("poems.explore.questions[1]", "why-question") in found
    assert not result.ready
    assert result.score == 70 + 30 - 2 * 10


def test_apology_plan_is_read_as_an_apology_and_excuses_left_out_are_not_flagged() -> None:
    plan = Plan.model_validate(
        {
            "apology": {
                "what_i_did": "I missed your review, but I was swamped.",
                "excuses_left_out": ["but the train was late"],
            }
        }
    )
    fields = list(free_text_fields(plan, ConversationKind.APOLOGY))
    assert ("apology.what_i_did", "I missed your review, but I was swamped.", "apology") in fields
    assert all(not f.startswith("apology.excuses_left_out") for f, _, _ in fields)
    result = readiness(plan, ConversationKind.APOLOGY, fake_check)
    assert [(f.field, f.label) for f in result.findings] == [("apology.what_i_did", "excuse")]
    assert {m.field for m in result.missing} >= {"apology.repair", "apology.may_not_accept"}


def test_deep_merge_merges_sections_and_replaces_lists() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 2}
    assert deep_merge(base, {"a": {"y": [3]}}) == {"a": {"x": 1, "y": [3]}, "b": 2}
    assert base == {"a": {"x": 1, "y": [1, 2]}, "b": 2}
