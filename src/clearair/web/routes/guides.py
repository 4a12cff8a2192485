"""Guides: the reference cards, the same as ``clearair guide``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from clearair.guides import get_card, load_cards
from clearair.web.deps import CurrentUser
from clearair.web.errors import NotFoundError
from clearair.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/guides")
def guides(request: Request, user: CurrentUser) -> Response:
    return render(request, "guides.html", {"cards": load_cards()})


@router.get("/guides/{slug}")
def guide(request: Request, user: CurrentUser, slug: str) -> Response:
    try:
        card = get_card(slug)
    except KeyError:
        raise NotFoundError("No guide card with that name.") from None
    titles = {c.slug: c.title for c in load_cards()}
    return render(request, "guide.html", {"card": card, "titles": titles})
