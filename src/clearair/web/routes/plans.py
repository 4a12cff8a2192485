"""The plan wizard: one step per page, every field saved as it is typed.

``POST /conversations/{id}/plan/{step}`` stores the step's fields. With htmx
(``_field`` names the field that changed) it answers with that field's
analyzer findings and, out of band, the readiness panel; without JavaScript
the step's "Save and continue" button posts the same form and moves on.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from clearair.domain.conversations import ConversationKind
from clearair.domain.errors import InvalidInputError
from clearair.domain.plan import Readiness
from clearair.services import conversations, plans
from clearair.web.analysis import check as analyze
from clearair.web.deps import Csrf, CurrentUser, Uow
from clearair.web.errors import NotFoundError
from clearair.web.plan_form import (
    FALLBACK_FIELDS,
    Step,
    derailer_rows,
    display_value,
    only_field,
    step_changes,
    step_of_path,
    steps_for,
)
from clearair.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)


def _step(kind: ConversationKind, slug: str | None) -> tuple[Step, tuple[Step, ...]]:
    steps = steps_for(kind)
    if slug is None:
        return steps[0], steps
    for step in steps:
        if step.slug == slug:
            return step, steps
    raise NotFoundError("No such step in this plan.")


def findings_by_field(readiness: Readiness) -> dict[str, list[dict[str, str]]]:
    """Problem findings grouped by the wizard field they belong to (list items merged)."""
    out: dict[str, list[dict[str, str]]] = {}
    for f in readiness.findings:
        base = f.field.split("[", 1)[0]
        out.setdefault(base, []).append(
            {
                "label": f.label,
                "kind": "problem",
                "message": f.message,
                "suggestion": f.suggestion,
                "excerpt": f.excerpt,
            }
        )
    return out


def field_findings(text: str, kind: str) -> list[dict[str, str]]:
    """The analyzer's findings (problems and strengths) on one field's text."""
    if not text.strip():
        return []
    report = analyze(text, kind)
    return [
        {
            "label": f.label,
            "kind": f.kind,
            "message": f.message,
            "suggestion": f.suggestion,
            "excerpt": text[f.start : f.end],
        }
        for f in report.findings
    ]


def _missing_links(readiness: Readiness, kind: ConversationKind, cid: int) -> list[dict[str, str]]:
    links = []
    for m in readiness.missing:
        slug = step_of_path(kind, m.field)
        href = f"/conversations/{cid}/plan/{slug}" if slug else f"/conversations/{cid}"
        links.append({"field": m.field, "message": m.message, "href": href})
    return links


def _context(uow: Uow, user: CurrentUser, cid: int, slug: str | None) -> dict[str, Any]:
    conv = conversations.get(uow, user.user_id, cid)
    step, steps = _step(conv.kind, slug)
    plan = plans.get(uow, user.user_id, cid).plan
    readiness = plans.check(uow, user.user_id, cid, checker=analyze)
    index = steps.index(step)
    values = {f.path: display_value(plan, f) for f in step.fields}
    fallback = plan.poems.summarize.fallback
    if step.special == "fallback":
        values["poems.summarize.fallback.kind"] = fallback.kind.value if fallback else ""
        for f in FALLBACK_FIELDS:
            name = f.path.rsplit(".", 1)[1]
            values[f.path] = getattr(fallback, name) if fallback else ""
    return {
        "c": conv,
        "step": step,
        "steps": steps,
        "prev": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "values": values,
        "derailers": derailer_rows(plan),
        "fallback_fields": FALLBACK_FIELDS,
        "readiness": readiness,
        "missing": _missing_links(readiness, conv.kind, cid),
        "findings": findings_by_field(readiness),
        "error": None,
    }


@router.get("/conversations/{conversation_id}/plan")
def first_step(request: Request, user: CurrentUser, uow: Uow, conversation_id: int) -> Response:
    return render(request, "plan.html", _context(uow, user, conversation_id, None))


@router.get("/conversations/{conversation_id}/plan/{slug}")
def step_page(request: Request, user: CurrentUser, uow: Uow, conversation_id: int, slug: str) -> Response:
    ctx = _context(uow, user, conversation_id, slug)
    if is_htmx(request):
        return render(request, "_readiness.html", ctx)
    return render(request, "plan.html", ctx)


@router.post("/conversations/{conversation_id}/plan/{slug}", dependencies=[Csrf])
async def save_step(
    request: Request, user: CurrentUser, uow: Uow, conversation_id: int, slug: str
) -> Response:
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    return _save(request, user, uow, conversation_id, slug, form)


def _save(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    conversation_id: int,
    slug: str,
    form: dict[str, str],
) -> Response:
    conv = conversations.get(uow, user.user_id, conversation_id)
    step, steps = _step(conv.kind, slug)
    plan = plans.get(uow, user.user_id, conversation_id).plan
    error: str | None = None
    changes = step_changes(step, form, plan)
    if is_htmx(request) and form.get("_field"):
        changes = only_field(changes, form["_field"])
    try:
        if changes:
            plans.patch(uow, user.user_id, conversation_id, changes)
    except InvalidInputError as exc:
        error = str(exc)
    if is_htmx(request):
        field = form.get("_field", "")
        ctx = _context(uow, user, conversation_id, slug)
        akind = "apology" if field.startswith("apology.") else "conversation"
        ctx.update(
            {
                "field": field,
                "field_id": "f-" + field.replace(".", "-").replace("_", "-"),
                "live": field_findings(form.get(field, ""), akind),
                "error": error,
            }
        )
        # 200 even on error so htmx swaps the message in; the header tells the script.
        headers = {"X-Saved": "no" if error else "yes"}
        return render(request, "_field_saved.html", ctx, headers=headers)
    if error:
        ctx = _context(uow, user, conversation_id, slug)
        ctx["error"] = error
        return render(request, "plan.html", ctx, status_code=422)
    index = steps.index(step)
    if form.get("go") == "back" and index > 0:
        target = f"/conversations/{conversation_id}/plan/{steps[index - 1].slug}"
    elif index + 1 < len(steps):
        target = f"/conversations/{conversation_id}/plan/{steps[index + 1].slug}"
    else:
        target = f"/conversations/{conversation_id}"
    return RedirectResponse(target, status_code=303)
