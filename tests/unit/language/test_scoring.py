"""A better apology for the same situation scores higher than a worse one."""

from __future__ import annotations

import pytest

import clearair

PAIRS = [
    (
        "I'm sorry I missed our lunch and left you waiting an hour. That's on me. "
        "Can I take you out on Friday to make up for it?",
        "Sorry if you waited. Traffic was crazy, it wasn't my fault.",
    ),
    ("I'm sorry I was late. It was my fault.", "I'm sorry I was late, but the train was delayed."),
    (
        "I sent your email to the wrong person. I'm sorry, that's on me.",
        "I'm sorry you're upset about the email.",
    ),
    ("I'm really sorry. I've already fixed the invoice.", "I'm really sorry."),
    ("What happened on your side with the deadline?", "Why did you miss the deadline again?"),
    (
        "You sent the draft two days after the deadline.",
        "You're sloppy and you always miss deadlines.",
    ),
]


@pytest.mark.parametrize(("better", "worse"), PAIRS)
def test_better_scores_higher(better: str, worse: str) -> None:
    assert clearair.check(better).score > clearair.check(worse).score


def test_verdicts_are_plain_words() -> None:
    assert clearair.check("").verdict == "empty"
    assert clearair.check("The meeting is at noon.").verdict == "neutral"
    assert clearair.check("Sorry if you were offended.").verdict == "non-apology"
    assert clearair.check("Relax, you're overreacting.").verdict == "risky"
    strong = clearair.check(
        "I shared your salary figure with Tom. That was my mistake and I'm sorry. "
        "I've asked him to delete it, and from now on I'll check recipients before I send."
    )
    assert strong.verdict == "strong", strong.findings


@pytest.mark.parametrize("sentence", ["Relax, you're overreacting.", "I'm sorry, that's on me."])
def test_long_texts_score_without_overflow(sentence: str) -> None:
    # points run far past the logistic's range on a long text (once crashed)
    report = clearair.check(" ".join([sentence] * 2000))
    assert 0 <= report.score <= 100
