"""The JSON API under ``/api/v1``: thin translations of HTTP into service calls.

Every call needs the session cookie (plus ``X-CSRF-Token`` on a change) or,
in single-user mode, ``Authorization: Bearer <api token>``; without either
it gets 401.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from clearair.web.analysis import check as analyze
from clearair.web.deps import Csrf, current_user

router = APIRouter(prefix="/api/v1", dependencies=[Depends(current_user), Csrf])


class CheckRequest(BaseModel):
    """A draft to check."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=50_000, description="The draft, as plain text.")
    kind: Literal["auto", "apology", "conversation"] = "auto"


class SentencePublic(BaseModel):
    index: int
    start: int
    end: int


class FindingPublic(BaseModel):
    label: str
    kind: Literal["problem", "strength"]
    start: int
    end: int
    sentence: int
    message: str
    suggestion: str


class CheckPublic(BaseModel):
    """The ``clearair.check/1`` document, the same as ``clearair check --format json``."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: str = Field(alias="schema", examples=["clearair.check/1"])
    kind: Literal["apology", "conversation"]
    score: int
    verdict: str
    sentences: list[SentencePublic]
    findings: list[FindingPublic]


@router.post("/check", responses={200: {"model": CheckPublic}}, tags=["check"])
def check(body: CheckRequest) -> JSONResponse:
    """Check a draft: findings, score and verdict."""
    return JSONResponse(analyze(body.text, body.kind).to_dict())


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> dict[str, Any]:
    """The OpenAPI document of this API."""
    schema: dict[str, Any] = request.app.openapi()
    return schema
