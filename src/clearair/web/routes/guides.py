"""Guides: the reference cards, the same as ``clearair guide``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from clearair.web.deps import CurrentUser
from clearair.web.errors import NotFoundError
from clearair.web.templating import render

router = APIRouter(include_in_schema=False)


def _cards() -> list[dict[str, object]]:
    from clearair.web.guides_source import load_cards

    return load_cards()


@router.get("/guides")
def guides(request: Request, user: CurrentUser) -> Response:
    return render(request, "guides.html", {"cards": _cards()})


@router.get("/guides/{slug}")
def guide(request: Request, user: CurrentUser, slug: str) -> Response:
    for card in _cards():
        if card["slug"] == slug:
            return render(request, "guide.html", {"card": card})
    raise NotFoundError("No guide card with that name.")
