"""The analyzer's result types: plain, typed, serializable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["problem", "strength"]
MessageKind = Literal["apology", "conversation"]

#: Version of the JSON document printed by ``clearair check --format json``.
SCHEMA = "clearair.check/1"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the text, with its character offsets."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One label given to one span of one sentence.

    ``start``/``end`` are character offsets into the whole text (``end``
    exclusive); ``sentence`` is the index of the sentence the span is in.
    """

    label: str
    kind: Kind
    start: int
    end: int
    sentence: int
    message: str
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """What the analyzer says about a whole text."""

    text: str
    kind: MessageKind
    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...]
    score: int
    verdict: str

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "problem")

    @property
    def strengths(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "strength")

    @property
    def labels(self) -> frozenset[str]:
        """Every label found anywhere in the text."""
        return frozenset(f.label for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The versioned document (``"schema": "clearair.check/1"``)."""
        return {
            "schema": SCHEMA,
            "kind": self.kind,
            "score": self.score,
            "verdict": self.verdict,
            "sentences": [{"index": s.index, "start": s.start, "end": s.end} for s in self.sentences],
            "findings": [f.to_dict() for f in self.findings],
        }
