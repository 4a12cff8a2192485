"""Conversation pages: the list, a new one, and one conversation's timeline.

Forms post back and redirect (they work without JavaScript); with htmx the
same posts return the ``_conversation_body.html`` fragment instead.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from clearair.domain.conversations import TRANSITIONS, ConversationKind, ConversationStatus
from clearair.domain.errors import InvalidInputError, InvalidTransitionError
from clearair.domain.schemas import (
    AgreementCreate,
    AgreementUpdate,
    CheckInCreate,
    CheckInUpdate,
    ConversationCreate,
    ConversationDetail,
    ConversationUpdate,
    DraftCreate,
    OutcomeCreate,
    OutcomeResult,
)
from clearair.services import conversations, followup, plans, summary
from clearair.web.analysis import check as analyze
from clearair.web.deps import Csrf, CurrentUser, Uow
from clearair.web.forms import blank_to_none, checkbox, validate
from clearair.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

KIND_LABELS: dict[ConversationKind, str] = {
    ConversationKind.APOLOGY: "An apology I owe",
    ConversationKind.FEEDBACK: "Something I need to raise",
    ConversationKind.MISTAKE_DISCLOSURE: "Telling someone about a mistake",
    ConversationKind.TRUST_REPAIR: "Rebuilding trust",
    ConversationKind.OTHER: "Another hard conversation",
}

RESULT_LABELS: dict[OutcomeResult, str] = {
    OutcomeResult.AGREEMENT: "We agreed a way forward",
    OutcomeResult.EXPECTATION_SET: "No agreement: I stated what I expect and the consequence",
    OutcomeResult.ESCALATED: "No agreement: I escalated",
    OutcomeResult.NOT_ACCEPTED: "The apology was not accepted",
    OutcomeResult.POSTPONED: "We postponed it",
}


def timeline(detail: ConversationDetail) -> list[dict[str, Any]]:
    """Everything that happened or is due, in date order."""
    c = detail.conversation
    items: list[dict[str, Any]] = [
        {"when": c.created_at.date(), "what": "Started planning", "kind": "created"}
    ]
    if c.target_date:
        items.append({"when": c.target_date, "what": "Target date", "kind": "target"})
    for d in detail.drafts:
        items.append(
            {
                "when": d.created_at.date(),
                "what": f"{d.part.value.capitalize()} draft {d.number}: score {d.score}",
                "kind": "draft",
            }
        )
    if detail.outcome:
        items.append(
            {
                "when": detail.outcome.held_at.astimezone().date(),
                "what": f"Held: {RESULT_LABELS[detail.outcome.result]}",
                "kind": "outcome",
            }
        )
    for a in detail.agreements:
        if a.due_date:
            state = "done" if a.done else "due"
            items.append({"when": a.due_date, "what": f"Agreement {state}: {a.action}", "kind": "agreement"})
    for ci in detail.check_ins:
        state = "done" if ci.done else "planned"
        what = f"Check-in {state}" + (f": {ci.note}" if ci.note else "")
        items.append({"when": ci.date, "what": what, "kind": "check-in"})
    return sorted(items, key=lambda item: item["when"])


def _body_context(uow: Uow, user: CurrentUser, conversation_id: int) -> dict[str, Any]:
    detail = conversations.detail(uow, user.user_id, conversation_id)
    readiness = plans.check(uow, user.user_id, conversation_id, checker=analyze)
    text = summary.build(uow, user.user_id, conversation_id, checker=analyze)
    return {
        "d": detail,
        "c": detail.conversation,
        "readiness": readiness,
        "summary": text,
        "timeline": timeline(detail),
        "next_statuses": sorted(TRANSITIONS[detail.conversation.status]),
        "kind_labels": KIND_LABELS,
        "result_labels": RESULT_LABELS,
        "today": date.today().isoformat(),
        "now": datetime.now().strftime("%Y-%m-%dT%H:%M"),
    }


def _after_change(
    request: Request, uow: Uow, user: CurrentUser, conversation_id: int, error: str | None = None
) -> Response:
    """Back to the conversation: the body fragment for htmx, a redirect otherwise."""
    if is_htmx(request) or error:
        ctx = _body_context(uow, user, conversation_id)
        ctx["error"] = error
        name = "_conversation_body.html" if is_htmx(request) else "conversation.html"
        return render(request, name, ctx, status_code=422 if error else 200)
    return RedirectResponse(f"/conversations/{conversation_id}", status_code=303)


@router.get("/conversations")
def list_page(request: Request, user: CurrentUser, uow: Uow) -> Response:
    items = conversations.list_(uow, user.user_id)
    return render(request, "conversations.html", {"items": items, "kind_labels": KIND_LABELS})


@router.get("/conversations/new")
def new_page(request: Request, user: CurrentUser, kind: str = "feedback") -> Response:
    chosen = kind if kind in {k.value for k in ConversationKind} else "feedback"
    return render(
        request,
        "conversation_new.html",
        {"kind": chosen, "kind_labels": KIND_LABELS, "error": None, "form": {}},
    )


@router.post("/conversations", dependencies=[Csrf])
def create(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    kind: str = Form(""),
    title: str = Form(""),
    name: str = Form(""),
    relationship: str = Form(""),
    target_date: str = Form(""),
) -> Response:
    form = {"kind": kind, "title": title, "name": name, "relationship": relationship}
    form["target_date"] = target_date
    try:
        data = validate(
            ConversationCreate,
            {
                "kind": kind,
                "title": title,
                "counterpart": {"name": name, "relationship": relationship},
                "target_date": blank_to_none(target_date),
            },
        )
    except InvalidInputError as exc:
        return render(
            request,
            "conversation_new.html",
            {"kind": kind, "kind_labels": KIND_LABELS, "error": str(exc), "form": form},
            status_code=422,
        )
    created = conversations.create(uow, user.user_id, data)
    return RedirectResponse(f"/conversations/{created.id}/plan", status_code=303)


@router.get("/conversations/{conversation_id}")
def detail_page(request: Request, user: CurrentUser, uow: Uow, conversation_id: int) -> Response:
    ctx = _body_context(uow, user, conversation_id)
    ctx["error"] = None
    name = "_conversation_body.html" if is_htmx(request) else "conversation.html"
    return render(request, name, ctx)


@router.post("/conversations/{conversation_id}/edit", dependencies=[Csrf])
def edit(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    title: str = Form(""),
    name: str = Form(""),
    relationship: str = Form(""),
    target_date: str = Form(""),
) -> Response:
    try:
        data = validate(
            ConversationUpdate,
            {
                "title": title,
                "counterpart": {"name": name, "relationship": relationship},
                "target_date": blank_to_none(target_date),
            },
        )
    except InvalidInputError as exc:
        return _after_change(request, uow, user, conversation_id, str(exc))
    conversations.update(uow, user.user_id, conversation_id, data)
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/status", dependencies=[Csrf])
def change_status(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    status: str = Form(""),
) -> Response:
    try:
        new = ConversationStatus(status)
        conversations.set_status(uow, user.user_id, conversation_id, new)
    except ValueError:
        return _after_change(request, uow, user, conversation_id, f"status: unknown {status!r}")
    except InvalidTransitionError as exc:
        return _after_change(request, uow, user, conversation_id, f"status: {exc}")
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/delete", dependencies=[Csrf])
def delete(request: Request, user: CurrentUser, uow: Uow, conversation_id: int) -> Response:
    conversations.delete(uow, user.user_id, conversation_id)
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": "/conversations"})
    return RedirectResponse("/conversations", status_code=303)


@router.post("/conversations/{conversation_id}/drafts", dependencies=[Csrf])
def add_draft(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    part: str = Form("opening"),
    text: str = Form(""),
) -> Response:
    try:
        data = validate(DraftCreate, {"part": part, "text": text})
    except InvalidInputError as exc:
        return _after_change(request, uow, user, conversation_id, f"draft {exc}")
    plans.add_draft(uow, user.user_id, conversation_id, data)
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/outcome", dependencies=[Csrf])
def record_outcome(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    held_at: str = Form(""),
    result: str = Form(""),
    notes: str = Form(""),
) -> Response:
    try:
        data = validate(OutcomeCreate, {"held_at": blank_to_none(held_at), "result": result, "notes": notes})
        followup.record_outcome(uow, user.user_id, conversation_id, data)
    except (InvalidInputError, InvalidTransitionError) as exc:
        return _after_change(request, uow, user, conversation_id, f"outcome {exc}")
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/agreements", dependencies=[Csrf])
def add_agreement(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    action: str = Form(""),
    owner: str = Form(""),
    due_date: str = Form(""),
) -> Response:
    try:
        data = validate(
            AgreementCreate,
            {"action": action, "owner": owner, "due_date": blank_to_none(due_date)},
        )
    except InvalidInputError as exc:
        return _after_change(request, uow, user, conversation_id, f"agreement {exc}")
    followup.add_agreement(uow, user.user_id, conversation_id, data)
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/agreements/{agreement_id}", dependencies=[Csrf])
def update_agreement(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    agreement_id: int,
    done: str | None = Form(None),
    remove: str | None = Form(None),
) -> Response:
    _owned_by(uow, user, conversation_id, agreement_id=agreement_id)
    if checkbox(remove):
        followup.delete_agreement(uow, user.user_id, agreement_id)
    else:
        followup.update_agreement(uow, user.user_id, agreement_id, AgreementUpdate(done=checkbox(done)))
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/check-ins", dependencies=[Csrf])
def add_check_in(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    when: str = Form(""),
    note: str = Form(""),
) -> Response:
    try:
        data = validate(CheckInCreate, {"date": blank_to_none(when), "note": note})
    except InvalidInputError as exc:
        return _after_change(request, uow, user, conversation_id, f"check-in {exc}")
    followup.add_check_in(uow, user.user_id, conversation_id, data)
    return _after_change(request, uow, user, conversation_id)


@router.post("/conversations/{conversation_id}/check-ins/{check_in_id}", dependencies=[Csrf])
def update_check_in(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    check_in_id: int,
    done: str | None = Form(None),
    remove: str | None = Form(None),
) -> Response:
    _owned_by(uow, user, conversation_id, check_in_id=check_in_id)
    if checkbox(remove):
        followup.delete_check_in(uow, user.user_id, check_in_id)
    else:
        followup.update_check_in(uow, user.user_id, check_in_id, CheckInUpdate(done=checkbox(done)))
    return _after_change(request, uow, user, conversation_id)


@router.get("/conversations/{conversation_id}/summary.md")
def download_summary(user: CurrentUser, uow: Uow, conversation_id: int) -> Response:
    text = summary.build(uow, user.user_id, conversation_id, checker=analyze)
    return Response(
        text.markdown,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="conversation-{conversation_id}-summary.md"'},
    )


def _owned_by(
    uow: Uow,
    user: CurrentUser,
    conversation_id: int,
    *,
    agreement_id: int | None = None,
    check_in_id: int | None = None,
) -> None:
    """The agreement or check-in must belong to this conversation (and so to the user)."""
    from clearair.web.errors import NotFoundError

    detail = conversations.detail(uow, user.user_id, conversation_id)
    if agreement_id is not None and agreement_id not in {a.id for a in detail.agreements}:
        raise NotFoundError("No such agreement in this conversation.")
    if check_in_id is not None and check_in_id not in {c.id for c in detail.check_ins}:
        raise NotFoundError("No such check-in in this conversation.")
