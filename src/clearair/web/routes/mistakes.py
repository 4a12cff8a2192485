"""The mistake log: a board by stage, one mistake with its stage form, the team board.

A mistake is private to its owner; it appears on the team board (team mode)
only while its owner shares it, and then without its private notes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from clearair.domain.conversations import ConversationKind
from clearair.domain.errors import InvalidInputError, InvalidTransitionError
from clearair.domain.mistakes import ORDER, STAGE_HELP, MistakeStage, next_stage
from clearair.domain.schemas import (
    CheckNoteCreate,
    ConversationCreate,
    MistakeAdvance,
    MistakeCreate,
    MistakePublic,
    MistakeUpdate,
    NotificationCreate,
)
from clearair.services import conversations, mistakes
from clearair.web.deps import Csrf, CurrentUser, Uow
from clearair.web.forms import blank_to_none, checkbox, validate
from clearair.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

STAGE_TITLES: dict[MistakeStage, str] = {
    MistakeStage.DISCOVERED: "Discovered",
    MistakeStage.DISCLOSED: "Told early",
    MistakeStage.QUICK_FIXED: "Quick fix",
    MistakeStage.UNDERSTOOD: "Understood",
    MistakeStage.OPTIONS_WEIGHED: "Options weighed",
    MistakeStage.FIXED: "Real fix",
    MistakeStage.COMMUNICATED: "Everyone told",
    MistakeStage.MONITORING: "Monitoring",
    MistakeStage.CLOSED: "Learned and closed",
}

UNDERSTANDING_FIELDS = ("touch_points", "associations", "implications", "contributing_factors")
LESSON_FIELDS = ("went_well", "went_wrong", "got_lucky")
OPTION_ROWS = 3

_advance_adapter: TypeAdapter[Any] = TypeAdapter(MistakeAdvance)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


def monitoring_days_left(m: MistakePublic, today: date | None = None) -> int | None:
    """Days until the monitoring window ends (negative once past), or ``None``."""
    if m.monitoring_until is None or m.stage == MistakeStage.CLOSED:
        return None
    return (m.monitoring_until - (today or date.today())).days


def advance_payload(stage: str, form: dict[str, str]) -> dict[str, Any]:
    """The service payload for reaching ``stage`` from the stage form's values."""
    data: dict[str, Any] = {"stage": stage}
    if stage == MistakeStage.DISCLOSED:
        data["disclosed_to"] = form.get("disclosed_to", "")
    elif stage == MistakeStage.QUICK_FIXED:
        data["quick_fix"] = form.get("quick_fix", "")
    elif stage == MistakeStage.UNDERSTOOD:
        data["understanding"] = {k: _lines(form.get(k)) for k in UNDERSTANDING_FIELDS}
    elif stage == MistakeStage.OPTIONS_WEIGHED:
        options: list[dict[str, str]] = []
        chosen_row = form.get("chosen", "")
        chosen: int | str = chosen_row
        for i in range(OPTION_ROWS):
            description = form.get(f"option_{i}_description", "").strip()
            if not description:
                continue
            if str(i) == chosen_row:
                chosen = len(options)
            options.append(
                {
                    "description": description,
                    "pros": form.get(f"option_{i}_pros", ""),
                    "cons": form.get(f"option_{i}_cons", ""),
                }
            )
        data["options"] = options
        data["chosen"] = chosen
    elif stage == MistakeStage.FIXED:
        data["fix"] = form.get("fix", "")
    elif stage == MistakeStage.COMMUNICATED:
        data["told"] = [{"person": p} for p in _lines(form.get("told"))]
    elif stage == MistakeStage.MONITORING:
        data["until"] = blank_to_none(form.get("until"))
    elif stage == MistakeStage.CLOSED:
        data["lessons"] = {k: _lines(form.get(k)) for k in LESSON_FIELDS}
        data["reason"] = form.get("reason", "")
    return data


def _parse_advance(data: dict[str, Any]) -> Any:
    try:
        return _advance_adapter.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        if loc and loc[0] == data.get("stage"):
            loc = loc[1:]  # the discriminator's own tag is not a field
        message = "is required" if err.get("type") == "missing" else str(err["msg"])
        raise InvalidInputError(".".join(loc), message) from None


def _board(items: list[MistakePublic]) -> list[dict[str, Any]]:
    return [
        {
            "stage": stage,
            "title": STAGE_TITLES[stage],
            "mistakes": [m for m in items if m.stage == stage],
        }
        for stage in ORDER
    ]


def _detail_context(uow: Uow, user: CurrentUser, mistake_id: int) -> dict[str, Any]:
    m = mistakes.get(uow, user.user_id, mistake_id)
    linked = [
        {"conversation": conversations.get(uow, user.user_id, link.conversation_id), "purpose": link.purpose}
        for link in m.links
    ]
    return {
        "m": m,
        "linked": linked,
        "next": next_stage(m.stage),
        "stage_titles": STAGE_TITLES,
        "stage_help": STAGE_HELP,
        "order": ORDER,
        "days_left": monitoring_days_left(m),
        "option_rows": range(OPTION_ROWS),
        "understanding_fields": UNDERSTANDING_FIELDS,
        "lesson_fields": LESSON_FIELDS,
        "error": None,
        "today": date.today().isoformat(),
    }


def _after_change(
    request: Request, uow: Uow, user: CurrentUser, mistake_id: int, error: str | None = None
) -> Response:
    if is_htmx(request) or error:
        ctx = _detail_context(uow, user, mistake_id)
        ctx["error"] = error
        name = "_mistake_body.html" if is_htmx(request) else "mistake.html"
        return render(request, name, ctx, status_code=422 if error else 200)
    return RedirectResponse(f"/mistakes/{mistake_id}", status_code=303)


async def _form(request: Request) -> dict[str, str]:
    raw = await request.form()
    return {k: v for k, v in raw.items() if isinstance(v, str)}


@router.get("/mistakes")
def board(request: Request, user: CurrentUser, uow: Uow) -> Response:
    items = mistakes.list_(uow, user.user_id)
    ctx = {
        "columns": _board(items),
        "days_left": {m.id: monitoring_days_left(m) for m in items},
    }
    return render(request, "_mistake_board.html" if is_htmx(request) else "mistakes.html", ctx)


@router.get("/mistakes/new")
def new_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "mistake_new.html", {"error": None, "form": {}})


@router.post("/mistakes", dependencies=[Csrf])
async def create(request: Request, user: CurrentUser, uow: Uow) -> Response:
    form = await _form(request)
    try:
        data = validate(
            MistakeCreate,
            {
                "title": form.get("title", ""),
                "description": form.get("description", ""),
                "private_notes": form.get("private_notes", ""),
                "discovered_at": blank_to_none(form.get("discovered_at")),
                "shared": checkbox(form.get("shared")),
            },
        )
        created = mistakes.create(uow, user.user_id, data)
    except InvalidInputError as exc:
        return render(request, "mistake_new.html", {"error": str(exc), "form": form}, status_code=422)
    return RedirectResponse(f"/mistakes/{created.id}", status_code=303)


@router.get("/mistakes/team")
def team_board(request: Request, user: CurrentUser, uow: Uow) -> Response:
    items = mistakes.team_board(uow, user.user_id)
    return render(request, "team_board.html", {"items": items, "stage_titles": STAGE_TITLES})


@router.get("/mistakes/{mistake_id}")
def detail(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    ctx = _detail_context(uow, user, mistake_id)
    return render(request, "_mistake_body.html" if is_htmx(request) else "mistake.html", ctx)


@router.post("/mistakes/{mistake_id}/advance", dependencies=[Csrf])
async def advance(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    form = await _form(request)
    try:
        step = _parse_advance(advance_payload(form.get("stage", ""), form))
        mistakes.advance(uow, user.user_id, mistake_id, step)
    except (InvalidInputError, InvalidTransitionError) as exc:
        return _after_change(request, uow, user, mistake_id, str(exc))
    return _after_change(request, uow, user, mistake_id)


@router.post("/mistakes/{mistake_id}/edit", dependencies=[Csrf])
async def edit(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    form = await _form(request)
    try:
        data = validate(
            MistakeUpdate,
            {
                "title": form.get("title", ""),
                "description": form.get("description", ""),
                "private_notes": form.get("private_notes", ""),
                "shared": checkbox(form.get("shared")),
            },
        )
        mistakes.update(uow, user.user_id, mistake_id, data)
    except InvalidInputError as exc:
        return _after_change(request, uow, user, mistake_id, str(exc))
    return _after_change(request, uow, user, mistake_id)


@router.post("/mistakes/{mistake_id}/tell", dependencies=[Csrf])
async def tell(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    form = await _form(request)
    try:
        person = validate(NotificationCreate, {"person": form.get("person", "")})
        mistakes.tell(uow, user.user_id, mistake_id, person)
    except InvalidInputError as exc:
        return _after_change(request, uow, user, mistake_id, str(exc))
    return _after_change(request, uow, user, mistake_id)


@router.post("/mistakes/{mistake_id}/told/{notification_id}/ack", dependencies=[Csrf])
def acknowledge(
    request: Request, user: CurrentUser, uow: Uow, mistake_id: int, notification_id: int
) -> Response:
    m = mistakes.get(uow, user.user_id, mistake_id)
    if notification_id not in {n.id for n in m.told}:
        from clearair.web.errors import NotFoundError

        raise NotFoundError("No such person told about this mistake.")
    mistakes.acknowledge(uow, user.user_id, notification_id)
    return _after_change(request, uow, user, mistake_id)


@router.post("/mistakes/{mistake_id}/checks", dependencies=[Csrf])
async def add_check(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    form = await _form(request)
    try:
        note = validate(CheckNoteCreate, {"note": form.get("note", "")})
        mistakes.add_check(uow, user.user_id, mistake_id, note)
    except InvalidInputError as exc:
        return _after_change(request, uow, user, mistake_id, str(exc))
    return _after_change(request, uow, user, mistake_id)


@router.post("/mistakes/{mistake_id}/conversation", dependencies=[Csrf])
async def plan_conversation(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    """Start the conversation that tells someone about this mistake, linked to it."""
    form = await _form(request)
    m = mistakes.get(uow, user.user_id, mistake_id)
    try:
        data = validate(
            ConversationCreate,
            {
                "kind": ConversationKind.MISTAKE_DISCLOSURE,
                "title": f"Telling {form.get('name', '').strip()} about: {m.title}"[:200],
                "counterpart": {"name": form.get("name", "")},
                "target_date": blank_to_none(form.get("target_date")),
            },
        )
    except InvalidInputError as exc:
        return _after_change(request, uow, user, mistake_id, str(exc))
    created = conversations.create(uow, user.user_id, data)
    mistakes.link(uow, user.user_id, mistake_id, created.id, "tell them what happened")
    target = f"/conversations/{created.id}/plan"
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


@router.post("/mistakes/{mistake_id}/delete", dependencies=[Csrf])
def delete(request: Request, user: CurrentUser, uow: Uow, mistake_id: int) -> Response:
    mistakes.delete(uow, user.user_id, mistake_id)
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": "/mistakes"})
    return RedirectResponse("/mistakes", status_code=303)
