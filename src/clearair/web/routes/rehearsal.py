"""The Rehearse pages: a chat with the counterpart, then the coach's report.

The engine is deterministic for a seed, so the page keeps no server state:
the form carries the scenario's seed and the learner's turns so far, and
each request replays them before playing the new turn. When the rehearsal
is linked to a conversation (``?conversation=ID``), the run is checked
against that conversation's plan and saved with it when it ends.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from clearair.web.deps import Csrf, CurrentUser, Uow
from clearair.web.errors import NotFoundError
from clearair.web.templating import is_htmx, render

if TYPE_CHECKING:
    from clearair.rehearsal.coach import PlanForRehearsal
    from clearair.rehearsal.engine import Rehearsal
    from clearair.rehearsal.scenario import Library, Scenario
    from clearair.storage.uow import UnitOfWork

router = APIRouter(include_in_schema=False)

CHART_WIDTH = 320
CHART_HEIGHT = 80


@lru_cache(maxsize=1)
def _library() -> Library:
    from clearair.rehearsal.scenario import load_library

    return load_library()


def _scenario(scenario_id: str) -> Scenario:
    try:
        return _library().get(scenario_id)
    except KeyError:
        raise NotFoundError("No such scenario.") from None


def _linked(uow: UnitOfWork, owner_id: int, conversation: int | None) -> tuple[Any, PlanForRehearsal | None]:
    """The linked conversation and its plan (the services raise NotFoundError for others' ids)."""
    if conversation is None:
        return None, None
    from clearair.rehearsal.coach import plan_from_domain
    from clearair.services import conversations, plans

    conv = conversations.get(uow, owner_id, conversation)
    plan = plans.get(uow, owner_id, conversation)
    return conv, plan_from_domain(plan.plan)


def safety_chart(values: list[int]) -> dict[str, Any]:
    """Points of an SVG polyline for the safety timeline (0-100, left to right)."""
    n = len(values)
    step = CHART_WIDTH / (n - 1) if n > 1 else 0
    points = [
        (round(i * step, 1), round(CHART_HEIGHT - v * CHART_HEIGHT / 100, 1)) for i, v in enumerate(values)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": [{"x": x, "y": y, "value": v} for (x, y), v in zip(points, values, strict=True)],
        "label": ", ".join(str(v) for v in values),
    }


def _context(
    run: Rehearsal,
    *,
    conversation: Any,
    report: dict[str, Any] | None,
    notice: str | None = None,
    saved_id: int | None = None,
) -> dict[str, Any]:
    return {
        "scenario": run.scenario,
        "run": run,
        "seed": run.seed,
        "turns": run.turns,
        "learner_turns": [t.text for t in run.learner_turns],
        "conversation": conversation,
        "report": report,
        "chart": safety_chart(report["timeline"]) if report else None,
        "notice": notice,
        "saved_id": saved_id,
    }


@router.get("/rehearse")
def rehearse_index(
    request: Request, user: CurrentUser, uow: Uow, conversation: int | None = None
) -> Response:
    conv, _ = _linked(uow, user.user_id, conversation)
    runs: list[Any] = []
    if conv is not None:
        from clearair.services import rehearsals

        runs = rehearsals.list_(uow, user.user_id, conversation_id=conv.id)
    library = _library()
    titles = {s.id: s.title for s in library.scenarios}
    return render(
        request,
        "rehearsal_index.html",
        {"scenarios": library.scenarios, "conversation": conv, "runs": runs, "titles": titles},
    )


@router.get("/rehearse/{scenario_id}")
def rehearse_page(
    request: Request, user: CurrentUser, uow: Uow, scenario_id: str, conversation: int | None = None
) -> Response:
    from clearair.rehearsal.engine import Rehearsal

    scenario = _scenario(scenario_id)
    conv, _ = _linked(uow, user.user_id, conversation)
    run = Rehearsal(scenario, seed=random.SystemRandom().randrange(1_000_000))
    return render(request, "rehearsal.html", _context(run, conversation=conv, report=None))


@router.post("/rehearse/{scenario_id}", dependencies=[Csrf])
def rehearse_turn(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    scenario_id: str,
    seed: int = Form(...),
    turns: list[str] = Form(default_factory=list),
    text: str = Form(""),
    action: str = Form("say"),
    conversation: int | None = Form(None),
) -> Response:
    from clearair.rehearsal.coach import coach
    from clearair.rehearsal.engine import Rehearsal

    scenario = _scenario(scenario_id)
    conv, plan = _linked(uow, user.user_id, conversation)
    run = Rehearsal.replay(scenario, seed, turns)
    notice = None
    already_over = run.ended is not None
    if not already_over:
        if text.strip():
            run.say(text)
        elif action != "end":
            notice = "Say something first: an empty turn is not played."
        if action == "end":
            run.stop()
    report = coach(run, plan).to_dict() if run.ended is not None else None
    saved_id = None
    if report is not None and conv is not None and not already_over:
        saved_id = _save(uow, user.user_id, conv.id, run, report)
    context = _context(run, conversation=conv, report=report, notice=notice, saved_id=saved_id)
    if is_htmx(request):
        return render(request, "_rehearsal_chat.html", context)
    return render(request, "rehearsal.html", context)


def _save(
    uow: UnitOfWork, owner_id: int, conversation_id: int, run: Rehearsal, report: dict[str, Any]
) -> int:
    from clearair.domain.schemas import RehearsalRunCreate
    from clearair.services import rehearsals

    data = run.to_dict()
    saved = rehearsals.save(
        uow,
        owner_id,
        RehearsalRunCreate(
            conversation_id=conversation_id,
            scenario_id=run.scenario.id,
            seed=run.seed,
            transcript=data["turns"],
            report={**report, "final_safety": data["final_safety"], "revealed": data["revealed"]},
        ),
    )
    return saved.id
