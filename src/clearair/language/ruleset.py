"""Rules as data: load, validate and compile the rule files.

Each label is one YAML file under ``language/rules/`` (see docs/rules.md).
Files named ``_lexicon*.yaml`` hold named regular-expression fragments
("macros") that patterns use as ``{NAME}``. Loading validates every file and raises
:class:`RuleError` naming the file and the field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from clearair.language.model import Kind

#: The 28 label ids of the public contract (../shared/spec/language-labels.md).
PROBLEMS: tuple[str, ...] = (
    "conditional-apology",
    "apology-for-feelings",
    "excuse",
    "blame-shift",
    "minimizing",
    "feeling-policing",
    "forgiveness-pressure",
    "evasive-passive",
    "vague-apology",
    "intent-defense",
    "self-flagellation",
    "why-question",
    "absolute-language",
    "character-judgment",
    "dismissive",
)
STRENGTHS: tuple[str, ...] = (
    "regret",
    "responsibility",
    "specific-act",
    "impact",
    "repair",
    "commitment",
    "forgiveness-request",
    "space-giving",
    "explanation-offer",
    "open-question",
    "contrasting",
    "mutual-purpose",
    "summary",
)
LABELS: tuple[str, ...] = PROBLEMS + STRENGTHS

#: The fewest must-flag and must-pass examples a rule file may carry.
MIN_EXAMPLES = 15

_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class RuleError(ValueError):
    """A rule file is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(_Strict):
    """One way a label shows up in a sentence."""

    name: str = Field(min_length=1)
    match: str = Field(min_length=1, description="regular expression searched in the sentence")
    unless: tuple[str, ...] = Field(default=(), description="regexes that veto this pattern")
    question: bool | None = Field(
        default=None, description="true: only in questions; false: never in questions"
    )


class Examples(_Strict):
    flag: tuple[str, ...]
    pass_: tuple[str, ...] = Field(alias="pass")


class RuleSpec(_Strict):
    """A label's rule file, as written."""

    label: str
    kind: Literal["problem", "strength"]
    title: str = Field(min_length=1)
    message: str = Field(min_length=20)
    suggestion: str = Field(min_length=10)
    weight: float = Field(gt=0, le=100, description="scoring weight (value or cost)")
    suppresses: tuple[str, ...] = ()
    unless: tuple[str, ...] = Field(default=(), description="regexes that veto every pattern")
    patterns: tuple[PatternSpec, ...] = Field(min_length=1)
    examples: Examples

    @field_validator("label")
    @classmethod
    def _known_label(cls, value: str) -> str:
        if value not in LABELS:
            raise ValueError(f"unknown label {value!r}; expected one of the 28 label ids")
        return value

    @field_validator("suppresses")
    @classmethod
    def _known_suppressed(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for label in value:
            if label not in LABELS:
                raise ValueError(f"unknown label {label!r}")
        return value


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    unless: tuple[re.Pattern[str], ...]
    question: bool | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: what the engine runs."""

    label: str
    kind: Kind
    title: str
    message: str
    suggestion: str
    weight: float
    suppresses: frozenset[str]
    unless: tuple[re.Pattern[str], ...]
    patterns: tuple[Pattern, ...]
    flag_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    source: str


def expand_macros(pattern: str, macros: Mapping[str, str], where: str) -> str:
    """Replace ``{NAME}`` with ``(?:macro)``, recursively."""

    def sub(m: re.Match[str], depth: int = 0) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{name}}}")
        if depth > 10:
            raise RuleError(f"{where}: macro {{{name}}} refers to itself")
        return "(?:" + _MACRO_REF.sub(lambda n: sub(n, depth + 1), macros[name]) + ")"

    return _MACRO_REF.sub(sub, pattern)


def _compile(pattern: str, macros: Mapping[str, str], where: str) -> re.Pattern[str]:
    source = expand_macros(pattern, macros, where)
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{where}: invalid regular expression: {exc}") from exc


def _read_yaml(path: Path | Any) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from exc


def _field_path(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def load_macros(path: Path | Any) -> dict[str, str]:
    data = _read_yaml(path)
    macros = data.get("macros") if isinstance(data, dict) else None
    if not isinstance(macros, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in macros.items()
    ):
        raise RuleError(f"{path.name}: field 'macros' must map NAME to a regex string")
    return macros


def compile_rule(data: Any, macros: Mapping[str, str], source: str) -> Rule:
    """Validate one rule file's data and compile it."""
    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RuleError(f"{source}: field '{_field_path(first['loc'])}': {first['msg']}") from exc
    patterns = tuple(
        Pattern(
            name=p.name,
            regex=_compile(p.match, macros, f"{source}: field 'patterns.{i}.match'"),
            unless=tuple(
                _compile(u, macros, f"{source}: field 'patterns.{i}.unless.{j}'")
                for j, u in enumerate(p.unless)
            ),
            question=p.question,
        )
        for i, p in enumerate(spec.patterns)
    )
    return Rule(
        label=spec.label,
        kind=spec.kind,
        title=spec.title,
        message=" ".join(spec.message.split()),
        suggestion=" ".join(spec.suggestion.split()),
        weight=spec.weight,
        suppresses=frozenset(spec.suppresses),
        unless=tuple(_compile(u, macros, f"{source}: field 'unless.{j}'") for j, u in enumerate(spec.unless)),
        patterns=patterns,
        flag_examples=spec.examples.flag,
        pass_examples=spec.examples.pass_,
        source=source,
    )


def load_rules(directory: Path | None = None, *, require_all: bool = True) -> tuple[Rule, ...]:
    """Load every rule file (default: the package's built-in rules).

    Raises :class:`RuleError` if a file is invalid, a label is defined twice,
    or one of the 28 labels has no rule file.
    """
    root: Any = directory if directory is not None else resources.files("clearair.language") / "rules"
    files = sorted((p for p in root.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    macros: dict[str, str] = {}
    for path in files:
        if path.name.startswith("_lexicon"):
            for name, value in load_macros(path).items():
                if name in macros:
                    raise RuleError(f"{path.name}: field 'macros.{name}': defined twice")
                macros[name] = value
    rules: dict[str, Rule] = {}
    for path in files:
        if path.name.startswith("_"):
            continue
        rule = compile_rule(_read_yaml(path), macros, path.name)
        if rule.label in rules:
            raise RuleError(
                f"{path.name}: field 'label': {rule.label!r} is already defined in {rules[rule.label].source}"
            )
        rules[rule.label] = rule
    missing = [label for label in LABELS if label not in rules]
    if missing and require_all:
        raise RuleError(f"rules: no rule file for label(s): {', '.join(missing)}")
    return tuple(rules[label] for label in LABELS if label in rules)
