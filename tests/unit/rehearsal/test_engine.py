"""The counterpart's state and rules, with the detectors as the only reader.

``silent_analyzer`` finds nothing, so these tests control exactly which
signals a turn carries; the real analyzer is exercised in
tests/integration/test_rehearsal_runs.py.
"""

from __future__ import annotations

import itertools

import pytest

from clearair.rehearsal.engine import EmptyTurnError, Rehearsal, RunOverError
from clearair.rehearsal.scenario import Library, Scenario

from .conftest import silent_analyzer

NEUTRAL = "Okay."
OPEN = "What was that like for you?"
CONTRASTING = "I'm not here to blame you; I want to understand."
WHY = "Why didn't you order without me?"
BLAME = "It's your fault, you should have reminded me."
JUDGMENT = "You're being dramatic."


def run(scenario: Scenario, seed: int = 1) -> Rehearsal:
    return Rehearsal(scenario, seed=seed, analyzer=silent_analyzer)


def test_the_run_starts_with_the_opening_at_the_persona_safety(lunch: Scenario) -> None:
    r = run(lunch)
    (opening,) = r.turns
    assert opening.reaction == "opening"
    assert opening.text in lunch.opening
    assert opening.safety == lunch.persona.start_safety


def test_same_seed_same_run_and_wordings_vary_with_the_seed(lunch: Scenario) -> None:
    turns = [NEUTRAL, WHY, NEUTRAL, OPEN, NEUTRAL, CONTRASTING, NEUTRAL]

    def play(seed: int) -> list[tuple[str, int, str | None]]:
        r = run(lunch, seed)
        for t in turns:
            r.say(t)
        return [(t.text, t.safety, t.reaction) for t in r.turns]

    assert play(7) == play(7)
    runs = {tuple(play(seed)) for seed in range(6)}
    assert len(runs) > 1
    # The state never depends on the seed, only the wordings do.
    assert len({tuple((s, k) for _, s, k in r) for r in runs}) == 1


def test_wordings_do_not_repeat_back_to_back(library: Library) -> None:
    for scenario in library.scenarios:
        for seed in range(3):
            r = run(scenario, seed)
            while r.ended is None:
                r.say(NEUTRAL)
            lines = [t.text for t in r.turns if t.speaker == "counterpart"]
            assert all(a != b for a, b in itertools.pairwise(lines)), (scenario.id, lines)


def test_blame_lowers_safety_and_brings_a_roadbump(lunch: Scenario) -> None:
    r = run(lunch)
    reply = r.say(BLAME)
    assert reply.safety < lunch.persona.start_safety - 10
    assert reply.reaction == "roadbump"
    assert "blame-shift" in r.turns[-2].signals


def test_a_why_question_lowers_safety_and_brings_a_flash(lunch: Scenario) -> None:
    r = run(lunch)
    reply = r.say(WHY)
    assert reply.safety < lunch.persona.start_safety
    assert reply.reaction == "flash"
    assert reply.reaction_id == "sharp-comeback"


def test_contrasting_and_open_questions_raise_safety(lunch: Scenario) -> None:
    r = run(lunch)
    start = r.state.safety
    r.say(CONTRASTING)
    after_contrasting = r.state.safety
    r.say(OPEN)
    assert start < after_contrasting < r.state.safety


def test_a_judgmental_remark_is_remembered_and_keeps_costing(lunch: Scenario) -> None:
    plain, judged = run(lunch), run(lunch)
    plain.say(CONTRASTING)
    judged.say(CONTRASTING)
    judged.say(JUDGMENT)
    assert [m.signal for m in judged.state.memory] == ["character-judgment"]
    before = judged.state.safety
    judged.say(NEUTRAL)
    assert judged.state.safety < before, "a remembered remark costs trust on later turns"
    for _ in range(4):
        plain.say(CONTRASTING + " " + OPEN)
        judged.say(CONTRASTING + " " + OPEN)
    assert judged.state.safety < plain.state.safety
    assert judged.state.safety <= 100 - 10, "a remembered remark caps how safe they feel again"


def test_the_hidden_concern_needs_high_safety_and_an_open_question(lunch: Scenario) -> None:
    low = run(lunch)
    low.say(OPEN)  # an open question at low safety: not yet
    assert not low.state.revealed

    high = run(lunch)
    for _ in range(3):  # safety climbs, but nobody asks
        high.say(CONTRASTING)
        high.say("I can see this matters to you.")
    assert high.state.safety >= lunch.hidden_concern.reveal_at
    assert not high.state.revealed
    reply = high.say(OPEN)
    assert reply.reaction == "reveal"
    assert reply.text in lunch.hidden_concern.wordings
    assert high.state.revealed
    assert high.state.revealed_at == reply.number


def test_agreement_ends_the_run_after_the_concern_is_out(lunch: Scenario) -> None:
    r = run(lunch)
    r.say("I want us both to feel good about our friendship. " + CONTRASTING)
    r.say(CONTRASTING + " " + OPEN)
    assert r.state.revealed
    reply = r.say("So you're saying you always make the time? What should happen next?")
    assert reply.reaction == "agreement"
    assert r.ended == "agreement"
    with pytest.raises(RunOverError):
        r.say(NEUTRAL)


def test_they_walk_out_when_safety_collapses(lunch: Scenario) -> None:
    r = run(lunch)
    for text in (WHY + " It was only an hour.", BLAME, JUDGMENT):
        if r.ended:
            break
        r.say(text)
    assert r.ended == "walked-out"
    assert r.turns[-1].reaction == "walk-out"
    assert r.state.safety < lunch.end.walk_out.below


def test_the_turn_limit_ends_the_run(lunch: Scenario) -> None:
    r = run(lunch)
    for _ in range(lunch.end.turn_limit):
        r.say(NEUTRAL)
    assert r.ended == "turn-limit"
    assert len(r.learner_turns) == lunch.end.turn_limit


def test_an_empty_turn_is_not_played(lunch: Scenario) -> None:
    r = run(lunch)
    with pytest.raises(EmptyTurnError):
        r.say("   \n ")
    assert len(r.turns) == 1


def test_a_very_long_turn_is_analyzed(lunch: Scenario) -> None:
    r = run(lunch)
    long_turn = ("We had a long week and there is a lot to say. " * 800) + CONTRASTING
    reply = r.say(long_turn)
    assert "contrasting" in r.turns[-2].signals
    assert reply.safety > lunch.persona.start_safety


def test_a_sorry_with_a_but_is_not_a_sincere_sorry(lunch: Scenario) -> None:
    r = run(lunch)
    r.say("I'm sorry I kept you waiting.")
    assert "say-sorry" in r.turns[-2].signals
    r.say("I'm sorry I was late, but my meeting ran over.")
    assert "say-sorry" not in r.turns[-2].signals


def test_staying_curious_after_a_flash(lunch: Scenario) -> None:
    r = run(lunch)
    assert r.say(WHY).reaction == "flash"
    r.say(OPEN)
    assert "stay-curious" in r.turns[-2].signals


def test_the_json_document(lunch: Scenario) -> None:
    r = run(lunch)
    r.say(WHY)
    r.stop()
    doc = r.to_dict()
    assert doc["scenario"] == "missed-lunch"
    assert doc["ended"] == "stopped"
    assert [t["speaker"] for t in doc["turns"]] == ["counterpart", "learner", "counterpart"]
    assert all({"speaker", "text", "safety", "reaction"} <= set(t) for t in doc["turns"])
    assert doc["final_safety"] == doc["turns"][-1]["safety"]
    assert doc["revealed"] is False


def test_replay_rebuilds_the_same_run(lunch: Scenario) -> None:
    turns = [WHY, "", OPEN, CONTRASTING]
    live = run(lunch, seed=5)
    for t in turns:
        if t:
            live.say(t)
    again = Rehearsal.replay(lunch, 5, turns, analyzer=silent_analyzer)
    assert [(t.text, t.safety) for t in again.turns] == [(t.text, t.safety) for t in live.turns]


def test_the_hidden_concern_also_needs_openness(lunch: Scenario) -> None:
    closed = lunch.model_copy(
        update={"hidden_concern": lunch.hidden_concern.model_copy(update={"openness_at_least": 100})}
    )
    r = run(closed)
    for _ in range(3):
        r.say(CONTRASTING)
        r.say("I can see this matters to you.")
    r.say(OPEN)
    assert r.state.safety >= closed.hidden_concern.reveal_at
    assert r.state.openness < 100
    assert not r.state.revealed
