"""The message score (0-100) and verdict.

The score follows the research the labels come from: acknowledging
responsibility counts most, offering repair second, asking for forgiveness
least; every problem costs, and a problem that repeats costs again (less).
Each label's weight lives in its rule file (``weight``). The raw sum is
squashed with a logistic curve so the score stays in 0-100 without ties at
the ends: a worse message keeps scoring lower than a better one even when
both are very bad or very good.

Verdicts (docs/scoring.md):

- ``empty``: there is no text.
- ``neutral``: nothing to say: no label fired.
- ``risky``: blames, judges, polices feelings, pressures or dismisses: likely
  to make things worse.
- ``non-apology``: an apology that only apologizes conditionally, for their
  feelings, or for nothing specific.
- ``needs-work``: has a problem, or too little of what makes it work.
- ``good``: no problems, and enough of the essentials.
- ``strong``: no problems; owns it, names it and offers repair or change
  (an apology), or is calm, curious and clear (a conversation).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Protocol

from clearair.language.model import Finding

NON_APOLOGY = frozenset({"conditional-apology", "apology-for-feelings", "vague-apology"})
HOSTILE = frozenset(
    {"blame-shift", "feeling-policing", "forgiveness-pressure", "character-judgment", "dismissive"}
)
APOLOGY_SIGNS = NON_APOLOGY | {"regret", "responsibility", "forgiveness-request"}

#: Where the logistic curve is centred, and how quickly it rises. One centre
#: for every kind of message, so that two drafts for the same situation stay
#: comparable when only one of them apologizes.
CENTRE = 20.0
SPREAD = 22.0
REPEAT_COST = 0.5  # each repeat of the same problem costs this share again
SOFT_SHARE = 0.5  # the share of the model's below-threshold evidence that counts
VERDICTS = ("empty", "neutral", "risky", "non-apology", "needs-work", "good", "strong")


class _Weighted(Protocol):
    @property
    def weight(self) -> float: ...


def message_kind(findings: Sequence[Finding]) -> str:
    """``apology`` when the text apologizes (well or badly), else ``conversation``."""
    return "apology" if any(f.label in APOLOGY_SIGNS for f in findings) else "conversation"


def raw_points(findings: Sequence[Finding], weights: Mapping[str, _Weighted]) -> float:
    """Strengths add their weight once per label; problems cost on every repeat."""
    points = 0.0
    strengths = {f.label for f in findings if f.kind == "strength"}
    points += sum(weights[label].weight for label in strengths)
    problems = Counter(f.label for f in findings if f.kind == "problem")
    for label, count in problems.items():
        points -= weights[label].weight * (1 + REPEAT_COST * (count - 1))
    return points


def score(
    findings: Sequence[Finding],
    kind: str,
    weights: Mapping[str, _Weighted],
    *,
    empty: bool = False,
    leaning: float = 0.0,
) -> tuple[int, str]:
    """The score (0-100) and verdict of a message.

    ``leaning`` is the model's evidence below its threshold (weights times
    probabilities); a share of it nudges the score, so two drafts with the
    same findings still differ when one of them leans to an excuse.
    """
    if empty:
        return 0, "empty"
    raw = raw_points(findings, weights) + SOFT_SHARE * leaning
    # clamp the exponent: a long text's points run far past either end
    exponent = max(-50.0, min(50.0, -(raw - CENTRE) / SPREAD))
    value = 100.0 / (1.0 + math.exp(exponent))
    points = max(0, min(100, round(value)))
    return points, verdict(findings, kind, points)


def verdict(findings: Sequence[Finding], kind: str, points: int) -> str:
    if not findings:
        return "neutral"
    labels = {f.label for f in findings}
    problems = {f.label for f in findings if f.kind == "problem"}
    if problems & HOSTILE:
        return "risky"
    if kind == "apology" and labels & NON_APOLOGY and not labels & {"regret", "responsibility"}:
        return "non-apology"
    if problems:
        return "needs-work"
    if kind == "apology":
        owns = "responsibility" in labels or "specific-act" in labels
        if owns and labels & {"repair", "commitment"} and points >= 70:
            return "strong"
        return "good" if owns and points >= 50 else "needs-work"
    return "strong" if points >= 70 else "good"
