"""Plans, the readiness check and drafts of the opening or the apology.

The plan is one document per conversation (:class:`~clearair.domain.plan.Plan`);
:func:`replace` stores a whole plan, :func:`patch` merges changes into it
(nested sections merge, lists and values replace) and validates the result,
naming the field on error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import func, select

from clearair.domain.conversations import ConversationKind
from clearair.domain.errors import InvalidInputError
from clearair.domain.plan import Checker, Plan, Readiness, deep_merge, readiness
from clearair.domain.schemas import DraftCreate, DraftPart, DraftPublic, PlanPublic
from clearair.services._common import check_version, draft_public, plan_public
from clearair.storage import repositories as repo
from clearair.storage.tables import Draft

if TYPE_CHECKING:
    from clearair.language.model import Report
    from clearair.storage.uow import UnitOfWork


def default_checker(text: str, kind: str) -> Report:
    """The analyzer (``clearair.check``)."""
    import clearair

    return clearair.check(text, kind=kind)


def first_error(exc: ValidationError, prefix: str = "") -> InvalidInputError:
    """Turn a pydantic error into an :class:`InvalidInputError` naming the (first) field."""
    err = exc.errors()[0]
    loc = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in err["loc"]).replace(".[", "[")
    path = ".".join(p for p in (prefix, loc) if p)
    return InvalidInputError(path, err["msg"])


def get(uow: UnitOfWork, owner_id: int, conversation_id: int) -> PlanPublic:
    """The conversation's plan."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        return plan_public(conv.plan)


def replace(
    uow: UnitOfWork,
    owner_id: int,
    conversation_id: int,
    plan: Plan,
    *,
    version: int | None = None,
) -> PlanPublic:
    """Store ``plan`` as the whole plan."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        check_version(conv.plan, version, "plan", conversation_id)
        conv.plan.data = plan.model_dump(mode="json")
        uow.commit()
        return plan_public(conv.plan)


def patch(
    uow: UnitOfWork,
    owner_id: int,
    conversation_id: int,
    changes: dict[str, Any],
    *,
    version: int | None = None,
) -> PlanPublic:
    """Merge ``changes`` into the stored plan and store it if it is valid.

    :class:`InvalidInputError` names the field (``poems.prepare.time_minutes``)
    when the merged plan does not validate; nothing is stored then.
    """
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        check_version(conv.plan, version, "plan", conversation_id)
        merged = deep_merge(conv.plan.data, changes)
        try:
            plan = Plan.model_validate(merged)
        except ValidationError as exc:
            raise first_error(exc) from None
        conv.plan.data = plan.model_dump(mode="json")
        uow.commit()
        return plan_public(conv.plan)


def check(
    uow: UnitOfWork,
    owner_id: int,
    conversation_id: int,
    *,
    checker: Checker | None = None,
) -> Readiness:
    """What is still missing, what the analyzer finds in every free-text field, a score."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        plan = Plan.model_validate(conv.plan.data)
        kind = ConversationKind(conv.kind)
        return readiness(plan, kind, checker or default_checker, has_target_date=conv.target_date is not None)


def add_draft(
    uow: UnitOfWork,
    owner_id: int,
    conversation_id: int,
    data: DraftCreate,
    *,
    checker: Checker | None = None,
) -> DraftPublic:
    """Keep a new version of the opening or the apology, analyzed as it is saved."""
    akind = "apology" if data.part == DraftPart.APOLOGY else "conversation"
    report = (checker or default_checker)(data.text, akind)
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        last = uow.session.execute(
            select(func.max(Draft.number)).where(Draft.conversation_id == conv.id, Draft.part == data.part)
        ).scalar_one()
        row = Draft(
            conversation_id=conv.id,
            part=data.part,
            number=(last or 0) + 1,
            text=data.text,
            score=report.score,
            verdict=report.verdict,
            analysis=report.to_dict(),
        )
        uow.session.add(row)
        uow.commit()
        return draft_public(row)


def list_drafts(
    uow: UnitOfWork, owner_id: int, conversation_id: int, part: DraftPart | None = None
) -> list[DraftPublic]:
    """Every stored version, oldest first (optionally of one part)."""
    with uow:
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        return [draft_public(d) for d in conv.drafts if part is None or d.part == part]
