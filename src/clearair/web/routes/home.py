"""Home: what needs attention today, and three ways in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from clearair.web.attention import attention
from clearair.web.deps import CurrentUser, Uow
from clearair.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, user: CurrentUser, uow: Uow) -> Response:
    return render(request, "home.html", {"attention": attention(uow, user.user_id)})
