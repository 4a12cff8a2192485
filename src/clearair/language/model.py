"""The analyzer's result types: plain, typed, serializable."""

from __future__ import annotations

from collections.abc import Callable
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


def _setters(cls: type) -> tuple[Any, ...]:
    """The ``__set__`` of each slot of a slots dataclass, in field order."""
    return tuple(vars(cls)[name].__set__ for name in cls.__dataclass_fields__)  # type: ignore[attr-defined]


def _sentence_maker() -> Callable[[int, int, int, str], Sentence]:
    new = object.__new__
    index, start, end, text = _setters(Sentence)

    def make_sentence(i: int, s: int, e: int, t: str) -> Sentence:
        sentence = new(Sentence)
        index(sentence, i)
        start(sentence, s)
        end(sentence, e)
        text(sentence, t)
        return sentence

    return make_sentence


def _finding_maker() -> Callable[[str, Kind, int, int, int, str, str], Finding]:
    new = object.__new__
    label, kind, start, end, sentence, message, suggestion = _setters(Finding)

    def make_finding(la: str, k: Kind, s: int, e: int, i: int, m: str, su: str) -> Finding:
        finding = new(Finding)
        label(finding, la)
        kind(finding, k)
        start(finding, s)
        end(finding, e)
        sentence(finding, i)
        message(finding, m)
        suggestion(finding, su)
        return finding

    return make_finding


#: ``make_sentence(index, start, end, text)`` and ``make_finding(label, kind,
#: start, end, sentence, message, suggestion)`` equal ``Sentence(...)`` and
#: ``Finding(...)`` called with positional fields, in half the time: they set
#: the slots just as the dataclasses' own ``__init__`` does (neither has a
#: ``__post_init__``), without its per-field ``object.__setattr__`` look-ups.
#: The analyzer builds tens of thousands of both per megabyte of text.
make_sentence = _sentence_maker()
make_finding = _finding_maker()


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

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False)``: the same string,
        written directly and several times faster on a long text (each
        distinct message and suggestion is encoded once, not once per finding,
        and no dict is built per finding or sentence)."""
        import json

        encode = json.JSONEncoder(ensure_ascii=False).encode
        encoded: dict[str, str] = {}

        def string(value: str) -> str:
            found = encoded.get(value)
            if found is None:
                found = encoded[value] = encode(value)
            return found

        sentences = ", ".join(
            [f'{{"index": {s.index}, "start": {s.start}, "end": {s.end}}}' for s in self.sentences]
        )
        findings = ", ".join(
            [
                f'{{"label": {string(f.label)}, "kind": {string(f.kind)}, "start": {f.start}, '
                f'"end": {f.end}, "sentence": {f.sentence}, "message": {string(f.message)}, '
                f'"suggestion": {string(f.suggestion)}}}'
                for f in self.findings
            ]
        )
        return (
            f'{{"schema": {encode(SCHEMA)}, "kind": {encode(self.kind)}, "score": {self.score}, '
            f'"verdict": {encode(self.verdict)}, "sentences": [{sentences}], "findings": [{findings}]}}'
        )
