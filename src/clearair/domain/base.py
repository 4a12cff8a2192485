"""Shared pieces of the domain models: the base model and time helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints


class Model(BaseModel):
    """Base of every workspace model: unknown fields are errors, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime as local time (what a person types) and convert to UTC."""
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC)


#: A datetime that is always stored and returned timezone-aware in UTC.
UTCDateTime = Annotated[datetime, AfterValidator(as_utc)]

#: A required, non-empty, single-line-or-more piece of text.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]

#: A short required label such as a title or a name.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

#: Optional free text (empty string when not given).
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
