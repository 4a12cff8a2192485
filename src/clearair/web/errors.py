"""Errors as the JSON API shows them: a message that names the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.responses import JSONResponse

from clearair.domain.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    WorkspaceError,
)
from clearair.domain.errors import NotFoundError as DomainNotFound


class NotFoundError(Exception):
    """The thing does not exist, or is not the caller's (the two look the same)."""


def _union_tags() -> frozenset[str]:
    from clearair.domain.mistakes import MistakeStage

    return frozenset(s.value for s in MistakeStage)


def _field(loc: Sequence[Any]) -> str:
    """``("body", "quick-fixed", "quick_fix")`` → ``"quick_fix"``.

    The location's kind and a discriminated union's tag (a mistake stage)
    are not part of the field's name.
    """
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "header")]
    tags = _union_tags()
    parts = [p for i, p in enumerate(parts) if not (p in tags and i < len(parts) - 1)]
    return ".".join(parts) or "body"


def validation_errors(errors: Sequence[Any]) -> list[dict[str, str]]:
    """FastAPI/pydantic validation errors as ``{"field", "message"}`` pairs."""
    result: list[dict[str, str]] = []
    for error in errors:
        field = _field(error.get("loc", ()))
        msg = str(error.get("msg", "is invalid"))
        if error.get("type") == "missing":
            msg = "is required"
        elif error.get("type") == "json_invalid":
            field, msg = "body", "is not valid JSON"
        result.append({"field": field, "message": f"{field}: {msg}"})
    return result or [{"field": "body", "message": "body: is invalid"}]


def workspace_status(exc: WorkspaceError) -> tuple[int, str | None, str]:
    """HTTP status, field and message for an error the services raised."""
    if isinstance(exc, DomainNotFound):
        return 404, None, f"{str(exc).capitalize()}."
    if isinstance(exc, ConflictError):
        return 409, None, str(exc)
    if isinstance(exc, AuthenticationError):
        return 401, None, str(exc)
    if isinstance(exc, InvalidInputError):
        return 422, exc.field or None, str(exc)
    return 422, None, str(exc)


def api_error(
    status: int,
    message: str,
    *,
    field: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> JSONResponse:
    """The one shape of every API error: ``{"error": {"message", "field", ...}}``."""
    body: dict[str, Any] = {"message": message, "status": status}
    if field is not None:
        body["field"] = field
    if errors is not None:
        body["errors"] = errors
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)
