"""The rule file schema (pydantic), imported only when rule files are validated."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clearair.language.ruleset import LABELS


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
