"""Helpers shared by the services: version checks and row → public mapping."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearair.domain import conversations as conv_rules
from clearair.domain import mistakes as mistake_rules
from clearair.domain.base import utcnow
from clearair.domain.errors import ConflictError
from clearair.domain.plan import Plan
from clearair.domain.schemas import (
    AgreementPublic,
    CheckInPublic,
    CheckNotePublic,
    ConversationPublic,
    Counterpart,
    DraftPart,
    DraftPublic,
    Lessons,
    MistakeLinkPublic,
    MistakeOption,
    MistakePublic,
    NotificationPublic,
    OutcomePublic,
    OutcomeResult,
    PlanPublic,
    StageEvent,
    Understanding,
)
from clearair.storage import tables as t


def today() -> dt.date:
    """Today's date where the person is (local time)."""
    return dt.date.today()


def check_version(row: Any, expected: int | None, what: str, ident: object) -> None:
    """Raise :class:`ConflictError` when the caller read an older version of ``row``."""
    if expected is not None and expected != row.version:
        raise ConflictError(what, ident, f"you edited version {expected}, it is now at version {row.version}")


def conversation_public(row: t.Conversation) -> ConversationPublic:
    status = conv_rules.ConversationStatus(row.status)
    return ConversationPublic(
        id=row.id,
        owner_id=row.owner_id,
        kind=conv_rules.ConversationKind(row.kind),
        title=row.title,
        counterpart=Counterpart(name=row.counterpart_name, relationship=row.counterpart_relationship),
        target_date=row.target_date,
        status=status,
        overdue=conv_rules.is_overdue(status, row.target_date, today()),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def plan_public(row: t.PlanRow) -> PlanPublic:
    return PlanPublic(
        conversation_id=row.conversation_id,
        plan=Plan.model_validate(row.data),
        updated_at=row.updated_at,
        version=row.version,
    )


def draft_public(row: t.Draft) -> DraftPublic:
    return DraftPublic(
        id=row.id,
        conversation_id=row.conversation_id,
        part=DraftPart(row.part),
        number=row.number,
        text=row.text,
        score=row.score,
        verdict=row.verdict,
        analysis=row.analysis,
        created_at=row.created_at,
    )


def outcome_public(row: t.Outcome) -> OutcomePublic:
    return OutcomePublic(
        conversation_id=row.conversation_id,
        held_at=row.held_at,
        result=OutcomeResult(row.result),
        notes=row.notes,
        updated_at=row.updated_at,
        version=row.version,
    )


def agreement_public(row: t.Agreement) -> AgreementPublic:
    return AgreementPublic(
        id=row.id,
        conversation_id=row.conversation_id,
        action=row.action,
        owner=row.owner,
        due_date=row.due_date,
        done=row.done,
        created_at=row.created_at,
        version=row.version,
    )


def check_in_public(row: t.CheckIn) -> CheckInPublic:
    return CheckInPublic(
        id=row.id,
        conversation_id=row.conversation_id,
        date=row.date,
        note=row.note,
        done=row.done,
        created_at=row.created_at,
        version=row.version,
    )


def mistake_public(row: t.Mistake) -> MistakePublic:
    clock = mistake_rules.disclosure_clock(row.discovered_at, row.disclosed_at, utcnow())
    return MistakePublic(
        id=row.id,
        owner_id=row.owner_id,
        title=row.title,
        description=row.description,
        private_notes=row.private_notes,
        shared=row.shared,
        stage=mistake_rules.MistakeStage(row.stage),
        discovered_at=row.discovered_at,
        disclosed_at=row.disclosed_at,
        disclosed_to=row.disclosed_to,
        disclosure_clock_seconds=int(clock.total_seconds()),
        disclosure_clock=mistake_rules.format_duration(clock),
        quick_fix=row.quick_fix,
        understanding=Understanding.model_validate(row.understanding or {}),
        options=[MistakeOption.model_validate(o) for o in row.options or []],
        chosen_option=row.chosen_option,
        fix=row.fix,
        monitoring_until=row.monitoring_until,
        checks=[CheckNotePublic(id=c.id, at=c.at, note=c.note) for c in row.checks],
        told=[
            NotificationPublic(
                id=n.id,
                person=n.person,
                told_at=n.told_at,
                acknowledged=n.acknowledged,
                acknowledged_at=n.acknowledged_at,
            )
            for n in row.notifications
        ],
        lessons=Lessons.model_validate(row.lessons or {}),
        close_reason=row.close_reason,
        stages=[StageEvent(stage=mistake_rules.MistakeStage(e.stage), at=e.at) for e in row.events],
        links=[
            MistakeLinkPublic(conversation_id=link.conversation_id, purpose=link.purpose)
            for link in row.links
        ],
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
