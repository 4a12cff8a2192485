"""Technique detectors: data-driven patterns plus two structural checks.

The patterns live in ``detectors.yaml`` (one entry per detector, each with
examples that the tests play). :func:`detect` returns the signals found in
one learner turn; the engine adds them to the analyzer's labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from clearair.rehearsal.signals import SIGNALS

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True, slots=True)
class Hit:
    """One detector that fired, on which sentence of the turn."""

    signal: str
    detector: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    signal: str
    scope: Literal["sentence", "turn"]
    question: bool | None
    patterns: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    match_examples: tuple[str, ...]
    no_match_examples: tuple[str, ...]

    def find(self, text: str) -> list[Hit]:
        units = [normalize(text)] if self.scope == "turn" else sentences(text)
        hits = []
        for unit in units:
            if self.question is not None and unit.rstrip().endswith("?") != self.question:
                continue
            if any(p.search(unit) for p in self.exclude):
                continue
            if any(p.search(unit) for p in self.patterns):
                hits.append(Hit(self.signal, self.id, unit.strip()))
        return hits


def normalize(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def sentences(text: str) -> list[str]:
    """Split a turn into sentences (good enough for spoken turns)."""
    return [s.strip() for s in _SENTENCE.findall(normalize(text)) if s.strip(" .!?")]


def _compile(items: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if items is None:
        return ()
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"{where}: expected a list of regular expressions")
    return tuple(re.compile(i, re.IGNORECASE) for i in items)


def parse_detectors(data: Any) -> tuple[Detector, ...]:
    """Build detectors from the parsed YAML; raise ``ValueError`` on a bad entry."""
    if not isinstance(data, list):
        raise ValueError("detectors: expected a list")
    out: list[Detector] = []
    for entry in data:
        if not isinstance(entry, dict) or "id" not in entry:
            raise ValueError(f"detectors: each entry needs an id, got {entry!r}")
        ident = str(entry["id"])
        signal = entry.get("signal")
        if signal not in SIGNALS:
            raise ValueError(f"detector {ident}: unknown signal {signal!r}")
        scope = entry.get("scope", "sentence")
        if scope not in ("sentence", "turn"):
            raise ValueError(f"detector {ident}: scope must be sentence or turn")
        examples = entry.get("examples") or {}
        out.append(
            Detector(
                id=ident,
                signal=signal,
                scope=scope,
                question=entry.get("question"),
                patterns=_compile(entry.get("patterns"), f"detector {ident}: patterns"),
                exclude=_compile(entry.get("exclude"), f"detector {ident}: exclude"),
                match_examples=tuple(examples.get("match") or ()),
                no_match_examples=tuple(examples.get("no_match") or ()),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def default_detectors() -> tuple[Detector, ...]:
    text = (resources.files("clearair.rehearsal") / "detectors.yaml").read_text(encoding="utf-8")
    return parse_detectors(yaml.safe_load(text))


#: Explicit hand-overs ("step out") that need no question mark.
_HANDOVER = re.compile(
    r"\b(?:i'?ve (?:been doing|done) (?:all )?the talking|i'?ll stop (?:talking|there)|"
    r"over to you|your turn|i'?d like to hear (?:your side|from you)|i'?ll listen)\b",
    re.IGNORECASE,
)
_INVITING = frozenset({"open-question", "stay-curious", "way-forward"})


def detect(text: str, detectors: tuple[Detector, ...] | None = None) -> list[Hit]:
    """Every detector hit in one turn, plus the structural *step in, step out*.

    Step in and step out: the turn says something of the speaker's own (at
    least one statement of four words or more) and then hands the turn over,
    with an inviting question as its last sentence or an explicit hand-over.
    """
    found: list[Hit] = []
    for detector in detectors or default_detectors():
        found.extend(detector.find(text))
    parts = sentences(text)
    statements = [s for s in parts if not s.endswith("?") and len(s.split()) >= 4]
    if statements and len(parts) >= 2:
        last = parts[-1]
        inviting = any(h.sentence == last and h.signal in _INVITING for h in found)
        if inviting or _HANDOVER.search(last):
            found.append(Hit("step-in-step-out", "step-in-step-out", last))
    return found
