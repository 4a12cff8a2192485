"""Whatever the learner says, the counterpart's state stays sane."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from clearair.rehearsal.engine import EmptyTurnError, Rehearsal
from clearair.rehearsal.scenario import load_library

from .conftest import silent_analyzer

SCENARIOS = load_library().scenarios
PHRASES = [
    "Why did you do that?",
    "It was only an hour.",
    "It's your fault.",
    "You're being dramatic.",
    "I'm not blaming you; I want to understand.",
    "What happened from your side?",
    "I notice you've gone quiet.",
    "So you're saying the brief was late?",
    "I'm sorry I missed it.",
    "What should happen next?",
    "Okay.",
]
turn_text = st.one_of(
    st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3).map(" ".join),
    st.text(max_size=200),
)


@settings(max_examples=30, deadline=None)
@given(
    scenario_index=st.integers(0, len(SCENARIOS) - 1),
    seed=st.integers(0, 10_000),
    turns=st.lists(turn_text, max_size=14),
)
def test_state_stays_in_range_and_lines_never_repeat(
    scenario_index: int, seed: int, turns: list[str]
) -> None:
    run = Rehearsal(SCENARIOS[scenario_index], seed=seed, analyzer=silent_analyzer)
    for text in turns:
        if run.ended:
            break
        try:
            run.say(text)
        except EmptyTurnError:
            assert not text.strip()
    for turn in run.turns:
        assert 0 <= turn.safety <= 100
        assert 0 <= turn.openness <= 100
    lines = [t.text for t in run.turns if t.speaker == "counterpart"]
    assert all(a != b for a, b in itertools.pairwise(lines))
    speakers = [t.speaker for t in run.turns]
    assert speakers[0] == "counterpart"
    assert all(a != b for a, b in itertools.pairwise(speakers)), "learner and counterpart alternate"
    assert len(run.learner_turns) <= run.scenario.end.turn_limit
