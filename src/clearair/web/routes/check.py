"""The Check page: findings highlighted as you type."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from clearair.web.analysis import check as analyze
from clearair.web.deps import Csrf, CurrentUser
from clearair.web.templating import is_htmx, render
from clearair.web.views import highlight_segments

router = APIRouter(include_in_schema=False)

KINDS = ("auto", "apology", "conversation")
MAX_TEXT = 50_000


def analysis(text: str, kind: str = "auto") -> dict[str, Any]:
    """The context the ``_check_result.html`` fragment needs for ``text``."""
    if kind not in KINDS:
        kind = "auto"
    text = text[:MAX_TEXT]
    if not text.strip():
        return {"text": text, "report": None, "segments": [], "findings": []}
    report = analyze(text, kind).to_dict()
    findings = report["findings"]
    return {
        "text": text,
        "report": report,
        "findings": findings,
        "segments": highlight_segments(text, findings),
    }


@router.get("/check")
def check_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "check.html", {"result": analysis(""), "kind": "auto"})


@router.post("/check", dependencies=[Csrf])
def check_submit(
    request: Request,
    user: CurrentUser,
    text: str = Form(""),
    kind: str = Form("auto"),
) -> Response:
    result = analysis(text, kind)
    if is_htmx(request):
        return render(request, "_check_result.html", {"result": result})
    return render(request, "check.html", {"result": result, "kind": kind})
