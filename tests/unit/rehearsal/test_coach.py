"""The coach quotes the learner's own turns and checks the run against a plan."""

from __future__ import annotations

from clearair.domain.plan import Plan
from clearair.rehearsal.coach import (
    PlanForRehearsal,
    coach,
    overlap,
    plan_from_domain,
    render_text,
    sparkline,
)
from clearair.rehearsal.engine import Rehearsal
from clearair.rehearsal.scenario import Scenario

from .conftest import silent_analyzer

GOOD = [
    "I want us both to feel good about our friendship. On Tuesday you waited an hour for me at Rosa's.",
    "I'm not calling to make excuses; I want to hear how it was for you. What was that hour like for you?",
    "So you're saying you always make the time? What should happen next?",
]
BAD = ["Why are you making such a big deal of this?", "It's your fault, you should have reminded me."]


def play(scenario: Scenario, turns: list[str]) -> Rehearsal:
    r = Rehearsal(scenario, seed=3, analyzer=silent_analyzer)
    for t in turns:
        if r.ended:
            break
        r.say(t)
    r.stop()
    return r


def test_poems_steps_and_techniques_quote_the_learner(lunch: Scenario) -> None:
    report = coach(play(lunch, GOOD)).to_dict()
    steps = {s["step"]: s for s in report["poems"]}
    assert steps["open"]["covered"]
    assert any(
        e["signal"] == "mutual-purpose" and "feel good" in e["quote"] for e in steps["open"]["evidence"]
    )
    assert steps["explore"]["covered"]
    assert steps["summarize"]["covered"]
    techniques = {t["id"]: t for t in report["techniques"]}
    assert techniques["contrasting"]["used"]
    assert techniques["contrasting"]["turns"][0]["quote"].startswith("I'm not calling")
    assert techniques["contrasting"]["turns"][0]["turn"] == 3
    assert not techniques["say-what-you-see"]["used"]
    assert report["hidden_concern"]["revealed"] is True
    assert report["problems"] == []


def test_problems_are_quoted_and_the_biggest_swings_explained(lunch: Scenario) -> None:
    report = coach(play(lunch, BAD)).to_dict()
    labels = [(p["turn"], p["label"]) for p in report["problems"]]
    assert (1, "why-question") in labels
    assert (3, "blame-shift") in labels
    why = next(p for p in report["problems"] if p["label"] == "why-question")
    assert why["quote"] == "Why are you making such a big deal of this?"
    swing = report["swings"][0]
    assert swing["delta"] < 0
    assert "fell" in swing["explanation"]
    assert "blame-shift" in swing["explanation"]
    assert report["hidden_concern"]["revealed"] is False
    assert "open question" in report["hidden_concern"]["how"]
    assert len(report["sparkline"]) == len(report["timeline"]) == 3
    missed = report["missed_steps"]
    assert "Explore" in missed
    assert "Make it safe" in missed


def test_text_rendering_has_every_section(lunch: Scenario) -> None:
    text = render_text(coach(play(lunch, BAD)).to_dict(), "Priya")
    for heading in ("Safety", "POEMS", "Techniques", "Problems", "Hidden concern"):
        assert heading in text
    assert '"Why are you making such a big deal of this?"' in text


def test_sparkline_spans_the_range() -> None:
    assert sparkline([0, 50, 100]) == "▁▄█"
    assert sparkline([]) == ""


def test_the_plan_check(lunch: Scenario) -> None:
    plan = PlanForRehearsal(
        mutual_purpose="We both want our friendship to feel good.",
        facts=("You waited an hour at Rosa's on Tuesday.",),
        questions=("What was that hour like for you?", "How can I make it up to you?"),
        contrasting=("I'm not calling to make excuses; I want to hear how it was for you.",),
    )
    r = play(lunch, ["Why didn't you just order?", "Okay.", *GOOD])
    check = coach(r, plan).to_dict()["plan"]
    assert check["opened_with_mutual_purpose"]["done"] is False  # not in the first two turns
    assert check["opened_with_facts"]["done"] is False
    asked = {q["question"]: q["asked"] for q in check["questions"]}
    assert asked == {"What was that hour like for you?": True, "How can I make it up to you?": False}
    (flash,) = check["contrasting_after_flashes"]
    assert flash["reaction"] == "flash"
    assert flash["used_contrasting"] is False

    r2 = play(lunch, GOOD)
    check2 = coach(r2, plan).to_dict()["plan"]
    assert check2["opened_with_mutual_purpose"]["done"] is True
    assert check2["opened_with_facts"]["done"] is True
    assert coach(r2, None).to_dict()["plan"] is None


def test_plan_from_a_conversation_plan() -> None:
    plan = Plan.model_validate(
        {
            "poems": {
                "opening": {
                    "mutual_purpose": "We both want the client to trust us.",
                    "facts": ["14 rows were wrong."],
                },
                "explore": {"questions": ["What happened on your side?"]},
                "make_safe": {"contrasting": ["I'm not blaming you; I want to fix it."]},
                "summarize": {"solution_questions": ["What should happen next?"]},
            }
        }
    )
    checked = plan_from_domain(plan)
    assert checked.mutual_purpose == "We both want the client to trust us."
    assert checked.facts == ("14 rows were wrong.",)
    assert checked.questions == ("What happened on your side?", "What should happen next?")
    assert checked.contrasting == ("I'm not blaming you; I want to fix it.",)
    assert plan_from_domain(Plan()).is_empty


def test_overlap() -> None:
    assert overlap("What was that hour like for you?", "so what was that hour like?") == 1.0
    assert overlap("How can I make it up to you?", "What time is it?") == 0.0
    assert overlap("", "anything") == 0.0
