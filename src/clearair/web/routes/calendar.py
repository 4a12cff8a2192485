"""The calendar feed at a secret URL, for calendar apps to subscribe to.

The token in the URL is the only credential (calendar apps cannot sign in);
it can be rotated in Settings, which turns the old URL off.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from clearair.domain.errors import NotFoundError
from clearair.services import accounts, calendar
from clearair.web.deps import Uow
from clearair.web.errors import NotFoundError as WebNotFound

router = APIRouter(include_in_schema=False)


@router.get("/calendar/{token}.ics")
def feed(uow: Uow, token: str, detailed: bool = False) -> Response:
    try:
        user = accounts.user_by_calendar_token(uow, token)
    except NotFoundError:
        raise WebNotFound("No calendar feed at this address (was it rotated?).") from None
    body = calendar.build_ics(uow, user.id, detailed=detailed)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="clearair.ics"'},
    )
