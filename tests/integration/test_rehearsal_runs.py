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
def test_poems_beats_blame_why_and_minimizing(scenario: Scenario) -> None:
    good_run = play(scenario, scenario.examples.good, seed=0)
    bad_run = play(scenario, scenario.examples.bad, seed=0)
    assert good_run.state.safety >= bad_run.state.safety + MARGIN, (
        f"{scenario.id}: good {good_run.state.safety} vs bad {bad_run.state.safety}"
    )
    assert good_run.state.revealed, f"{scenario.id}: the POEMS run did not bring out the hidden concern"
    assert not bad_run.state.revealed
    assert good_run.ended != "walked-out"
    assert bad_run.ended == "walked-out" or bad_run.state.safety < 30

    # The coach sees the difference, in the learner's own words.
    good = coach(good_run).to_dict()
    bad = coach(bad_run).to_dict()
    covered = {s["step"] for s in good["poems"] if s["covered"]}
    assert {"open", "explore", "summarize"} <= covered
    assert sum(t["used"] for t in good["techniques"]) >= 2
    assert bad["problems"], "the bad run's problems are quoted"
    assert {p["label"] for p in bad["problems"]} & {"blame-shift", "why-question", "minimizing"}
    assert all(p["quote"] in " ".join(scenario.examples.bad) for p in bad["problems"])
    assert good["hidden_concern"]["revealed"]
    assert not bad["hidden_concern"]["revealed"]
    assert any(s["delta"] < 0 for s in bad["swings"])


def test_the_seed_changes_wordings_not_the_outcome() -> None:
    scenario = LIBRARY.get("missed-deadlines")
    runs = [play(scenario, scenario.examples.good, seed) for seed in (0, 1, 2, 3)]
    assert len({r.state.safety for r in runs}) == 1
    assert len({tuple(t.text for t in r.turns) for r in runs}) > 1
    again = play(scenario, scenario.examples.good, 2)
    assert [t.text for t in again.turns] == [t.text for t in runs[2].turns]


def test_the_analyzer_labels_reach_the_engine() -> None:
    scenario = LIBRARY.get("missed-lunch")
    run = Rehearsal(scenario, seed=0)
    run.say("Why didn't you just order without me?")
    assert "why-question" in run.turns[-2].signals
    assert run.state.safety < scenario.persona.start_safety
