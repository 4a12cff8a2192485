"""Presentation helpers shared by pages: highlight segments, labels, dates."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same findings (indices into the findings list)."""

    text: str
    findings: tuple[int, ...]


def highlight_segments(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` at every finding boundary so overlapping findings can be shown.

    Each segment lists the findings that cover it; a segment with none is
    plain text.
    """
    bounds = {0, len(text)}
    for f in findings:
        start, end = max(0, int(f["start"])), min(len(text), int(f["end"]))
        if start < end:
            bounds.update((start, end))
    cuts = sorted(bounds)
    segments: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(i for i, f in enumerate(findings) if int(f["start"]) <= a and int(f["end"]) >= b)
        segments.append(Segment(text=text[a:b], findings=covering))
    return segments


def segment_class(segment: Segment, findings: list[dict[str, Any]]) -> str:
    """CSS class of a highlighted segment: problem wins over strength."""
    kinds = {findings[i]["kind"] for i in segment.findings}
    if "problem" in kinds:
        return "hl hl-problem"
    if "strength" in kinds:
        return "hl hl-strength"
    return ""


def label_title(label: str) -> str:
    """``'conditional-apology'`` → ``'Conditional apology'``."""
    return label.replace("-", " ").capitalize()
