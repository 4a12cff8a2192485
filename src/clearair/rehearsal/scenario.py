"""Scenarios are data: the schema, and a loader whose errors name the file,
the line and the field.

A scenario file is YAML (see ``docs/rehearsal.md`` for the format). Loading
a directory never stops at a bad file: good files load, every bad file
becomes a :class:`ScenarioError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from clearair.rehearsal.signals import SIGNALS, PoemsStep

Style = Literal["goes-quiet", "pushes-back", "cries", "blames-back", "agrees-too-fast"]
ScenarioKind = Literal["apology", "feedback", "trust", "disclosure", "conflict"]
Percent = Annotated[int, Field(ge=0, le=100)]
Wordings = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
Deck = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=2)]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_signals(values: Iterable[str]) -> None:
    unknown = sorted(set(values) - SIGNALS)
    if unknown:
        raise ValueError(f"unknown signal(s): {', '.join(unknown)} (see docs/rehearsal.md)")


class Brief(_Strict):
    """What the learner reads before the run."""

    your_role: str = Field(min_length=1)
    their_role: str = Field(min_length=1)
    situation: str = Field(min_length=1)
    facts: Wordings
    #: Other names that appear in the scenario (replaced before any LLM call).
    names: list[str] = Field(default_factory=list)


class Persona(_Strict):
    name: str = Field(min_length=1)
    style: Style
    description: str = ""
    start_safety: Percent = 40
    start_openness: Percent = 30


class Trigger(_Strict):
    """When a reaction fires: any of the signals (or none listed), within a safety range."""

    any: list[str] = Field(default_factory=list)
    safety_below: Percent | None = None
    safety_at_least: Percent | None = None

    @field_validator("any")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _check_signals(value)
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Trigger:
        if not self.any and self.safety_below is None and self.safety_at_least is None:
            raise ValueError("a trigger needs 'any' signals or a safety bound")
        return self


class Reaction(_Strict):
    """One card of the reaction deck: a flash or a roadbump."""

    id: str
    kind: Literal["flash", "roadbump"]
    trigger: Trigger
    wordings: Deck
    #: What the coach says this reaction means (optional).
    note: str = ""


class HiddenConcern(_Strict):
    """What the counterpart only says when it feels safe and is asked."""

    summary: str = Field(min_length=1)
    reveal_at: Percent = 70
    #: How open they must be as well (open questions and curiosity raise openness).
    openness_at_least: Percent = 35
    after: list[str] = Field(default_factory=lambda: ["open-question", "stay-curious"])
    wordings: Wordings

    @field_validator("after")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _check_signals(value)
        if not value:
            raise ValueError("list at least one signal")
        return value


class Replies(_Strict):
    """Ordinary answers, by how safe the counterpart feels."""

    guarded: Deck
    neutral: Deck
    open: Deck


class Agreement(_Strict):
    safety_at_least: Percent = 75
    needs_concern: bool = True
    after: list[str] = Field(default_factory=lambda: ["summary", "way-forward", "repair", "commitment"])
    wordings: Wordings

    @field_validator("after")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _check_signals(value)
        return value


class WalkOut(_Strict):
    below: Percent = 8
    wordings: Wordings


class EndConditions(_Strict):
    agreement: Agreement
    walk_out: WalkOut
    turn_limit: int = Field(default=12, ge=1, le=100)


class Effect(_Strict):
    """What one signal does to the counterpart's state."""

    safety: int = Field(default=0, ge=-100, le=100)
    openness: int = Field(default=0, ge=-100, le=100)
    remember: bool = False


class Examples(_Strict):
    """A run that follows POEMS and one that does not; tests play both."""

    good: Annotated[list[str], Field(min_length=2)]
    bad: Annotated[list[str], Field(min_length=2)]


class Scenario(_Strict):
    id: str
    title: str = Field(min_length=1)
    kind: ScenarioKind
    brief: Brief
    persona: Persona
    hidden_concern: HiddenConcern
    opening: Wordings
    reactions: Annotated[list[Reaction], Field(min_length=2)]
    replies: Replies
    goals: Annotated[list[PoemsStep], Field(min_length=1)]
    end: EndConditions
    rules: dict[str, Effect] = Field(default_factory=dict)
    examples: Examples

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("use lowercase letters, digits and hyphens (e.g. missed-lunch)")
        return value

    @field_validator("rules")
    @classmethod
    def _known(cls, value: dict[str, Effect]) -> dict[str, Effect]:
        _check_signals(value)
        return value

    @model_validator(mode="after")
    def _deck(self) -> Scenario:
        kinds = {r.kind for r in self.reactions}
        if kinds != {"flash", "roadbump"}:
            raise ValueError("the reaction deck needs at least one flash and one roadbump")
        ids = [r.id for r in self.reactions]
        if len(ids) != len(set(ids)):
            raise ValueError("reaction ids must be unique")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """Every proper name in the scenario (the persona's first)."""
        return (self.persona.name, *self.brief.names)


@dataclass(frozen=True, slots=True)
class ScenarioError:
    """One problem in one scenario file."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ScenarioLoadError(Exception):
    """Raised by :func:`load_file` when a file is not a valid scenario."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# -- YAML with line numbers ---------------------------------------------------


def _to_python(
    node: yaml.Node,
    path: tuple[str | int, ...],
    lines: dict[tuple[str | int, ...], int],
    constructor: yaml.SafeLoader,
) -> Any:
    """Turn a composed YAML node into plain data, recording each path's line."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            out[key] = _to_python(value_node, (*path, key), lines, constructor)
            # Point at the key ("brief:"), not at the first line of its value.
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines, constructor) for i, item in enumerate(node.value)]
    # Scalars: PyYAML's safe constructor resolves ints, bools and nulls.
    return constructor.construct_object(node, deep=True)


def _line_for(loc: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _field_name(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    """Validate one scenario's YAML text; raise :class:`ScenarioLoadError`."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioLoadError([ScenarioError(path, line, "", f"not valid YAML: {problem}")]) from None
    if node is None or not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        raise ScenarioLoadError([ScenarioError(path, line, "", "a scenario is a YAML mapping")])
    lines: dict[tuple[str | int, ...], int] = {}
    data = _to_python(node, (), lines, yaml.SafeLoader(""))
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
            # Pydantic appends the union/validator names to loc for some errors; keep real fields.
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "is required"
            elif err["type"] == "extra_forbidden":
                message = "is not a field of this section (check the spelling)"
            errors.append(ScenarioError(path, _line_for(loc, lines), _field_name(loc), message))
        raise ScenarioLoadError(errors) from None


def load_file(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioLoadError([ScenarioError(str(path), None, "", f"cannot read: {exc}")]) from None
    return parse_scenario(text, str(path))


@dataclass(frozen=True, slots=True)
class Library:
    """The scenarios that loaded, and the errors of those that did not."""

    scenarios: tuple[Scenario, ...]
    errors: tuple[ScenarioError, ...]

    def get(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenarios)


def builtin_dir() -> Path:
    return Path(str(resources.files("clearair.rehearsal") / "scenarios"))


def load_library(*directories: Path, builtin: bool = True) -> Library:
    """Load the built-in scenarios plus every ``*.yaml`` in ``directories``.

    A file with an error is reported and skipped; a later file whose id is
    already taken is reported as a duplicate.
    """
    dirs = ([builtin_dir()] if builtin else []) + list(directories)
    scenarios: dict[str, Scenario] = {}
    errors: list[ScenarioError] = []
    for directory in dirs:
        if not directory.is_dir():
            errors.append(ScenarioError(str(directory), None, "", "not a directory"))
            continue
        files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
        for file in files:
            try:
                scenario = load_file(file)
            except ScenarioLoadError as exc:
                errors.extend(exc.errors)
                continue
            if scenario.id in scenarios:
                errors.append(
                    ScenarioError(str(file), 1, "id", f"duplicate id {scenario.id!r}; this file is skipped")
                )
                continue
            scenarios[scenario.id] = scenario
    return Library(tuple(scenarios.values()), tuple(errors))
