"""Sentence segmentation.

A small rule-based splitter instead of spaCy's sentencizer: it keeps exact
character offsets, handles texting (no capitals, line breaks as sentence ends)
and common abbreviations, and costs no import time. spaCy's blank pipeline
took about half a second to import and segmented several times slower, which
would break the cold-start and throughput targets (docs/performance.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clearair.language.model import Sentence

# A sentence ends at a run of terminal punctuation (plus closing quotes or
# brackets) followed by whitespace or the end, or at a line break.
_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s|$)|\n""")
_LAST_WORD = re.compile(r"(\S+)$")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vol",
        "ca",
        "cf",
    ]
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the '.' at ``dot`` the end of an abbreviation or an initial?"""
    m = _LAST_WORD.search(text, max(0, dot - 24), dot)  # a short window: linear, not quadratic
    if m is None:
        return False
    word = m.group(1).lower().lstrip("(\"'")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return True
    return word in _ABBREVIATIONS


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of each non-blank sentence of ``text``."""
    start = 0
    for m in _END.finditer(text):
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        end = m.end()
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into :class:`Sentence` objects with exact offsets."""
    return tuple(Sentence(index=i, start=s, end=e, text=text[s:e]) for i, (s, e) in enumerate(spans(text)))
