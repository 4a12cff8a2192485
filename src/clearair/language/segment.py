"""Sentence segmentation.

A small rule-based splitter instead of spaCy's sentencizer: it keeps exact
character offsets, handles texting (no capitals, line breaks as sentence ends)
and common abbreviations, and costs no import time. spaCy's blank pipeline
took about half a second to import and segmented several times slower, which
would break the cold-start and throughput targets (docs/performance.md).
"""

from __future__ import annotations

import re

from clearair.language.model import Sentence

# A sentence ends at a run of terminal punctuation (plus closing quotes or
# brackets) followed by whitespace or the end, or at a line break. Written to
# start with one character class, so the regex engine skips ahead to the next
# candidate character in C (twice as fast as the plain alternation).
_END = re.compile(r"""[\n.!?…](?:(?<=\n)|[.!?…]*["'”’)\]]*(?=\s|$))""")
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
    window = text[max(0, dot - 24) : dot]  # a short window: linear, not quadratic
    if window.endswith("\n"):
        window = window[:-1]
    if not window or window[-1].isspace():
        return False
    word = window.rsplit(None, 1)[-1].lower().lstrip("(\"'")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return True
    return word in _ABBREVIATIONS


_CLOSING_QUOTES = frozenset("\"'”’")


def _lower_follows(text: str, end: int) -> bool:
    """Does a lower-case word follow ``end`` on the same line (after spaces)?"""
    n = len(text)
    j = end
    while j < n and text[j] in " \t":
        j += 1
    return j < n and text[j].islower()


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each non-blank sentence of ``text``."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        dot = m.start()
        end = m.end()
        if end - dot == 1 and text[dot] == "." and _is_abbreviation(text, dot):
            continue
        if text[end - 1] in _CLOSING_QUOTES and _lower_follows(text, end):
            # a quotation inside the sentence: "'Why did you leave?' she asked",
            # 'The song "Why Me?" was a hit'
            continue
        _trimmed(text, start, end, out)
        start = end
    _trimmed(text, start, len(text), out)
    return out


def _trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the span without its surrounding whitespace, unless it is blank."""
    piece = text[start:end]
    kept = piece.strip()
    if kept:
        start += len(piece) - len(piece.lstrip())
        out.append((start, start + len(kept)))


def sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into :class:`Sentence` objects with exact offsets."""
    return tuple(Sentence(index=i, start=s, end=e, text=text[s:e]) for i, (s, e) in enumerate(spans(text)))
