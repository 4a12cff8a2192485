"""Settings: export, import, delete everything, and the calendar feed's secret URL."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from clearair.domain.errors import InvalidInputError
from clearair.services import accounts, data, erase
from clearair.web.deps import Csrf, CurrentUser, Uow
from clearair.web.forms import checkbox
from clearair.web.templating import render

router = APIRouter(include_in_schema=False)

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def feed_url(request: Request, token: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/calendar/{token}.ics"


def _page(
    request: Request, user: CurrentUser, uow: Uow, message: str | None = None, error: str | None = None
) -> dict[str, Any]:
    token = accounts.calendar_token(uow, user.user_id)
    return {"feed": feed_url(request, token), "message": message, "error": error}


@router.get("/settings")
def settings_page(request: Request, user: CurrentUser, uow: Uow) -> Response:
    return render(request, "settings.html", _page(request, user, uow))


@router.get("/settings/export.json")
def export(user: CurrentUser, uow: Uow) -> Response:
    document = data.export_data(uow, user.user_id)
    name = f"clearair-export-{date.today().isoformat()}.json"
    return Response(
        json.dumps(document, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/settings/import", dependencies=[Csrf])
async def import_(request: Request, user: CurrentUser, uow: Uow) -> Response:
    form = await request.form()
    upload = form.get("file")
    flag = form.get("replace")
    replace = isinstance(flag, str) and checkbox(flag)
    error: str | None = None
    message: str | None = None
    raw = b""
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(MAX_IMPORT_BYTES + 1)
    await form.close()
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = "file: choose an export file (.json) to import"
    else:
        if len(raw) > MAX_IMPORT_BYTES:
            error = "file: the file is larger than 20 MB"
        else:
            try:
                document = json.loads(raw.decode("utf-8"))
                counts = data.import_data(uow, user.user_id, document, replace=replace)
                message = "Imported: " + ", ".join(
                    f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items()
                )
            except (UnicodeDecodeError, json.JSONDecodeError):
                error = "file: this is not a JSON export file"
            except InvalidInputError as exc:
                error = f"file: {exc}"
    status = 422 if error else 200
    return render(request, "settings.html", _page(request, user, uow, message, error), status_code=status)


@router.post("/settings/delete-everything", dependencies=[Csrf])
async def delete_everything(request: Request, user: CurrentUser, uow: Uow) -> Response:
    form = await request.form()
    if form.get("confirm") != "delete everything":
        page = _page(request, user, uow, error='confirm: type "delete everything" to confirm')
        return render(request, "settings.html", page, status_code=422)
    counts = erase.delete_everything(uow, user.user_id)
    message = "Deleted: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    return render(request, "settings.html", _page(request, user, uow, message))


@router.post("/settings/calendar/rotate", dependencies=[Csrf])
def rotate(request: Request, user: CurrentUser, uow: Uow) -> Response:
    accounts.rotate_calendar_token(uow, user.user_id)
    return RedirectResponse("/settings#calendar", status_code=303)
