"""Turning HTML form values into the services' schemas, with errors that name the field."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from clearair.domain.errors import InvalidInputError

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any]) -> M:
    """``model(**data)``, or :class:`InvalidInputError` naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        message = str(err["msg"])
        if err.get("type") == "missing":
            message = "is required"
        raise InvalidInputError(loc, message) from None


def blank_to_none(value: str | None) -> str | None:
    """Empty form fields mean "not given"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def checkbox(value: str | None) -> bool:
    return value is not None and value not in ("", "false", "off", "0")
