"""The vocabulary of signals a learner turn can carry.

A *signal* is anything the engine can react to: one of the analyzer's
28 labels (the public ids of ``language-labels.md``) or one of the
rehearsal's own technique signals, which the detectors in
``detectors.yaml`` (and two structural checks in :mod:`.detectors`) add.
Scenario files name signals in their rules and triggers; the loader rejects
names that are not in this vocabulary.
"""

from __future__ import annotations

from typing import Final, Literal

from clearair.language.ruleset import PROBLEMS, STRENGTHS

#: The analyzer's problem and strength labels (language-labels.md), from the
#: one place that defines them.
PROBLEM_LABELS: Final = frozenset(PROBLEMS)
STRENGTH_LABELS: Final = frozenset(STRENGTHS)

#: Signals only the rehearsal detects.
TECHNIQUE_SIGNALS: Final = frozenset(
    {
        "say-what-you-see",  # "I notice you've gone quiet."
        "say-sorry",  # a sincere, specific, unconditional apology
        "stay-curious",  # curiosity about their reaction ("help me understand")
        "step-in-step-out",  # say your piece, then hand the turn over
        "facts",  # concrete, checkable evidence: dates, times, counts, what was seen
        "way-forward",  # asks how to resolve it, what should happen next
    }
)

SIGNALS: Final = PROBLEM_LABELS | STRENGTH_LABELS | TECHNIQUE_SIGNALS

#: The five POEMS steps, in order.
PoemsStep = Literal["prepare", "open", "explore", "make-it-safe", "summarize"]
POEMS_STEPS: Final[tuple[PoemsStep, ...]] = (
    "prepare",
    "open",
    "explore",
    "make-it-safe",
    "summarize",
)

#: The five techniques of the "make it safe" step.
TECHNIQUES: Final[dict[str, str]] = {
    "contrasting": "Contrasting",
    "stay-curious": "Stay curious",
    "step-in-step-out": "Step in and step out",
    "say-what-you-see": "Say what you see",
    "say-sorry": "Say sorry",
}

#: Which signals count as evidence for which POEMS step (used by the coach).
POEMS_EVIDENCE: Final[dict[str, frozenset[str]]] = {
    "prepare": frozenset({"facts"}),
    "open": frozenset({"mutual-purpose", "facts"}),
    "explore": frozenset({"open-question", "stay-curious", "say-what-you-see"}),
    "make-it-safe": frozenset(
        {
            "contrasting",
            "stay-curious",
            "step-in-step-out",
            "say-what-you-see",
            "say-sorry",
            "space-giving",
        }
    ),
    "summarize": frozenset({"summary", "way-forward", "repair", "commitment"}),
}


def is_problem(signal: str) -> bool:
    return signal in PROBLEM_LABELS
