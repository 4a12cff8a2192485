"""A tiny, deterministic stand-in for the analyzer, for unit tests of the plan logic.

It flags " but " as ``excuse``, a leading "why" as ``why-question`` and "your
fault" as ``blame-shift``; everything else is clean. The real analyzer is
exercised in ``tests/integration/test_plan_analyzer.py``.
"""

from __future__ import annotations

import re

from clearair.language.model import Finding, Report, Sentence

PATTERNS = (
    (re.compile(r"\bbut\b", re.I), "excuse"),
    (re.compile(r"^\s*why\b", re.I), "why-question"),
    (re.compile(r"your fault", re.I), "blame-shift"),
)


def fake_check(text: str, kind: str) -> Report:
    findings = []
    for pattern, label in PATTERNS:
        m = pattern.search(text)
        if m:
            findings.append(Finding(label, "problem", m.start(), m.end(), 0, f"{label} here", "rewrite it"))
    score = max(0, 80 - 20 * len(findings))
    return Report(
        text=text,
        kind="apology" if kind == "apology" else "conversation",
        sentences=(Sentence(0, 0, len(text), text),),
        findings=tuple(findings),
        score=score,
        verdict="fine" if not findings else "needs work",
    )
