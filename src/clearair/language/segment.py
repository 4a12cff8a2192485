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

from clearair.language.model import Sentence, make_sentence

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


# The last two letters of every abbreviation (all have two or more).
_ENDINGS = frozenset(word[-2:] for word in _ABBREVIATIONS)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the '.' at ``dot`` the end of an abbreviation or an initial?"""
    if dot >= 2 and text[dot - 1] != "\n":
        # Most dots end a plain word, told in a few steps: the two characters
        # before the dot belong to it (the first is no space or opening
        # quote/bracket, so it is no initial), and no abbreviation ends in them.
        before = text[dot - 2]
        if before not in "(\"'" and not before.isspace() and text[dot - 2 : dot].lower() not in _ENDINGS:
            return False
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
    return [(start, end) for start, end, _ in _pieces(text)]


def _pieces(text: str) -> list[tuple[int, int, str]]:
    """The (start, end, text) of each non-blank sentence, without surrounding whitespace."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for end in _ends(text):
        piece = text[start:end]
        kept = piece.strip()
        if kept:
            at = start + piece.find(kept[0])  # the first non-space character
            out.append((at, at + len(kept), kept))
        start = end
    return out


def _ends(text: str) -> Iterator[int]:
    """Where each sentence ends (the last at the end of the text)."""
    for m in _END.finditer(text):
        dot, end = m.span()
        if end - dot == 1 and text[dot] == "." and _is_abbreviation(text, dot):
            continue
        if text[end - 1] in _CLOSING_QUOTES and _lower_follows(text, end):
            # a quotation inside the sentence: "'Why did you leave?' she asked",
            # 'The song "Why Me?" was a hit'
            continue
        yield end
    yield len(text)


def sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into :class:`Sentence` objects with exact offsets."""
    return tuple([make_sentence(i, start, end, kept) for i, (start, end, kept) in enumerate(_pieces(text))])
