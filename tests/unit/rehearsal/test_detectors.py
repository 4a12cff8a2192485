"""Every technique detector carries examples, and they hold."""

from __future__ import annotations

import pytest

from clearair.rehearsal.detectors import default_detectors, detect, parse_detectors, sentences

DETECTORS = default_detectors()


def test_every_detector_has_both_kinds_of_examples() -> None:
    for detector in DETECTORS:
        assert detector.match_examples, f"{detector.id} has no match examples"
        assert detector.no_match_examples, f"{detector.id} has no no_match examples"


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_examples(detector) -> None:  # type: ignore[no-untyped-def]
    for example in detector.match_examples:
        assert detector.find(example), f"{detector.id} should detect: {example}"
    for example in detector.no_match_examples:
        assert not detector.find(example), f"{detector.id} should not detect: {example}"


def test_ids_are_unique() -> None:
    ids = [d.id for d in DETECTORS]
    assert len(ids) == len(set(ids))


def test_unknown_signal_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown signal"):
        parse_detectors([{"id": "x", "signal": "made-up", "patterns": ["a"]}])


def test_step_in_step_out_needs_a_statement_then_an_inviting_question() -> None:
    signals = {
        h.signal for h in detect("The report went out with 14 wrong rows on Monday. How do you see it?")
    }
    assert "step-in-step-out" in signals
    assert "step-in-step-out" not in {h.signal for h in detect("How do you see it?")}
    assert "step-in-step-out" not in {
        h.signal for h in detect("How do you see it? The report went out with 14 wrong rows.")
    }


def test_curly_quotes_are_read_like_straight_ones() -> None:
    assert "contrasting" in {h.signal for h in detect("I’m not blaming you; I’m trying to understand.")}


def test_sentences() -> None:
    assert sentences("Hi there. How are you?  Fine!") == ["Hi there.", "How are you?", "Fine!"]
