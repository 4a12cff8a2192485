"""Done means: for every built-in scenario, a run that follows POEMS ends far
safer than a run of blame, why questions and minimizing, and only the POEMS
run brings out the hidden concern. These runs use the real analyzer."""

from __future__ import annotations

import pytest

from clearair.rehearsal.coach import coach
from clearair.rehearsal.engine import Rehearsal
from clearair.rehearsal.scenario import Scenario, load_library

LIBRARY = load_library()
#: "Clearly higher": at least this many points of safety between the two runs.
MARGIN = 40


def play(scenario: Scenario, turns: list[str], seed: int) -> Rehearsal:
    run = Rehearsal(scenario, seed=seed)  # the real analyzer: clearair.check
    for turn in turns:
        if run.ended:
            break
        run.say(turn)
    run.stop()
    return run


@pytest.mark.parametrize("scenario", LIBRARY.scenarios, ids=lambda s: s.id)
@pytest.mark.parametrize("seed", [0, 11])
def test_poems_beats_blame_why_and_minimizing(scenario: Scenario, seed: int) -> None:
    good = play(scenario, scenario.examples.good, seed)
    bad = play(scenario, scenario.examples.bad, seed)
    assert good.state.safety >= bad.state.safety + MARGIN, (
        f"{scenario.id}: good {good.state.safety} vs bad {bad.state.safety}"
    )
    assert good.state.revealed, f"{scenario.id}: the POEMS run did not bring out the hidden concern"
    assert not bad.state.revealed
    assert good.ended != "walked-out"
    assert bad.ended == "walked-out" or bad.state.safety < 30


@pytest.mark.parametrize("scenario", LIBRARY.scenarios, ids=lambda s: s.id)
def test_the_coach_sees_the_difference(scenario: Scenario) -> None:
    good = coach(play(scenario, scenario.examples.good, 0)).to_dict()
    bad = coach(play(scenario, scenario.examples.bad, 0)).to_dict()
    covered = {s["step"] for s in good["poems"] if s["covered"]}
    assert {"open", "explore", "summarize"} <= covered
    assert sum(t["used"] for t in good["techniques"]) >= 2
    assert bad["problems"], "the bad run's problems are quoted"
    bad_labels = {p["label"] for p in bad["problems"]}
    assert bad_labels & {"blame-shift", "why-question", "minimizing"}
    assert good["hidden_concern"]["revealed"]
    assert not bad["hidden_concern"]["revealed"]
    assert any(s["delta"] < 0 for s in bad["swings"])


def test_the_analyzer_labels_reach_the_engine() -> None:
    scenario = LIBRARY.get("missed-lunch")
    run = Rehearsal(scenario, seed=0)
    run.say("Why didn't you just order without me?")
    assert "why-question" in run.turns[-2].signals
    assert run.state.safety < scenario.persona.start_safety
