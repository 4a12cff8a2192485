"""Export and import: everything an owner has, as one versioned JSON document.

The format (``"format": "clearair.export", "version": 1``) is documented in
``docs/export-format.md``. :func:`import_data` validates the whole document
before writing anything and writes it in one transaction: a bad document
(its error names the path, e.g. ``conversations[2].plan.poems.prepare.time_minutes``)
leaves the database exactly as it was. Records get new ids on import; the
references inside the document (a mistake's linked conversations, a
rehearsal run's conversation) are remapped.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, Field, ValidationError

from clearair.domain.base import Model, utcnow
from clearair.domain.conversations import ConversationKind, ConversationStatus
from clearair.domain.errors import InvalidInputError
from clearair.domain.mistakes import MistakeStage
from clearair.domain.plan import Plan
from clearair.domain.schemas import (
    Counterpart,
    DraftPart,
    Lessons,
    MistakeOption,
    OutcomeResult,
    Understanding,
)
from clearair.services.plans import first_error
from clearair.storage.tables import (
    Agreement,
    CheckIn,
    Conversation,
    Draft,
    Mistake,
    MistakeCheck,
    MistakeEvent,
    MistakeLink,
    Notification,
    Outcome,
    PlanRow,
    RehearsalRun,
)

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork

FORMAT = "clearair.export"
VERSION = 1

# The export document, as models (datetimes must carry a time zone).


class DraftDoc(Model):
    part: DraftPart
    number: int = Field(ge=1)
    text: str
    score: int
    verdict: str
    analysis: dict[str, Any]
    created_at: AwareDatetime


class OutcomeDoc(Model):
    held_at: AwareDatetime
    result: OutcomeResult
    notes: str = ""
    updated_at: AwareDatetime


class AgreementDoc(Model):
    action: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    due_date: dt.date | None = None
    done: bool = False
    created_at: AwareDatetime


class CheckInDoc(Model):
    date: dt.date
    note: str = ""
    done: bool = False
    created_at: AwareDatetime


class ConversationDoc(Model):
    id: int
    kind: ConversationKind
    title: str = Field(min_length=1, max_length=200)
    counterpart: Counterpart
    target_date: dt.date | None = None
    status: ConversationStatus
    created_at: AwareDatetime
    updated_at: AwareDatetime
    plan: Plan
    plan_updated_at: AwareDatetime
    drafts: list[DraftDoc] = Field(default_factory=list)
    outcome: OutcomeDoc | None = None
    agreements: list[AgreementDoc] = Field(default_factory=list)
    check_ins: list[CheckInDoc] = Field(default_factory=list)


class StageDoc(Model):
    stage: MistakeStage
    at: AwareDatetime


class NotificationDoc(Model):
    person: str = Field(min_length=1)
    told_at: AwareDatetime
    acknowledged: bool = False
    acknowledged_at: AwareDatetime | None = None


class CheckNoteDoc(Model):
    at: AwareDatetime
    note: str = Field(min_length=1)


class LinkDoc(Model):
    conversation_id: int
    purpose: str = ""


class MistakeDoc(Model):
    id: int
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    private_notes: str = ""
    shared: bool = False
    stage: MistakeStage
    discovered_at: AwareDatetime
    disclosed_at: AwareDatetime | None = None
    disclosed_to: str = ""
    quick_fix: str = ""
    understanding: Understanding = Field(default_factory=Understanding)
    options: list[MistakeOption] = Field(default_factory=list)
    chosen_option: int | None = None
    fix: str = ""
    monitoring_until: dt.date | None = None
    lessons: Lessons = Field(default_factory=Lessons)
    close_reason: str = ""
    created_at: AwareDatetime
    updated_at: AwareDatetime
    stages: list[StageDoc] = Field(default_factory=list)
    told: list[NotificationDoc] = Field(default_factory=list)
    checks: list[CheckNoteDoc] = Field(default_factory=list)
    links: list[LinkDoc] = Field(default_factory=list)


class RehearsalRunDoc(Model):
    conversation_id: int | None = None
    scenario_id: str = Field(min_length=1)
    seed: int
    transcript: list[dict[str, Any]]
    report: dict[str, Any]
    created_at: AwareDatetime


class ExportDoc(Model):
    """The whole document."""

    format: Literal["clearair.export"]
    version: Literal[1]
    exported_at: AwareDatetime
    conversations: list[ConversationDoc] = Field(default_factory=list)
    mistakes: list[MistakeDoc] = Field(default_factory=list)
    rehearsal_runs: list[RehearsalRunDoc] = Field(default_factory=list)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def export_data(uow: UnitOfWork, owner_id: int) -> dict[str, Any]:
    """Everything the owner has, as a JSON-ready dict (see ``docs/export-format.md``)."""
    from sqlalchemy import select

    with uow:
        s = uow.session
        convs = s.execute(
            select(Conversation).where(Conversation.owner_id == owner_id).order_by(Conversation.id)
        ).scalars()
        mistakes = s.execute(
            select(Mistake).where(Mistake.owner_id == owner_id).order_by(Mistake.id)
        ).scalars()
        runs = s.execute(
            select(RehearsalRun).where(RehearsalRun.owner_id == owner_id).order_by(RehearsalRun.id)
        ).scalars()
        doc = ExportDoc(
            format=FORMAT,
            version=VERSION,
            exported_at=utcnow(),
            conversations=[
                ConversationDoc(
                    id=c.id,
                    kind=ConversationKind(c.kind),
                    title=c.title,
                    counterpart=Counterpart(name=c.counterpart_name, relationship=c.counterpart_relationship),
                    target_date=c.target_date,
                    status=ConversationStatus(c.status),
                    created_at=c.created_at,
                    updated_at=c.updated_at,
                    plan=Plan.model_validate(c.plan.data),
                    plan_updated_at=c.plan.updated_at,
                    drafts=[
                        DraftDoc(
                            part=DraftPart(d.part),
                            number=d.number,
                            text=d.text,
                            score=d.score,
                            verdict=d.verdict,
                            analysis=d.analysis,
                            created_at=d.created_at,
                        )
                        for d in c.drafts
                    ],
                    outcome=OutcomeDoc(
                        held_at=c.outcome.held_at,
                        result=OutcomeResult(c.outcome.result),
                        notes=c.outcome.notes,
                        updated_at=c.outcome.updated_at,
                    )
                    if c.outcome
                    else None,
                    agreements=[
                        AgreementDoc(
                            action=a.action,
                            owner=a.owner,
                            due_date=a.due_date,
                            done=a.done,
                            created_at=a.created_at,
                        )
                        for a in c.agreements
                    ],
                    check_ins=[
                        CheckInDoc(date=ci.date, note=ci.note, done=ci.done, created_at=ci.created_at)
                        for ci in c.check_ins
                    ],
                )
                for c in convs
            ],
            mistakes=[
                MistakeDoc(
                    id=m.id,
                    title=m.title,
                    description=m.description,
                    private_notes=m.private_notes,
                    shared=m.shared,
                    stage=MistakeStage(m.stage),
                    discovered_at=m.discovered_at,
                    disclosed_at=m.disclosed_at,
                    disclosed_to=m.disclosed_to,
                    quick_fix=m.quick_fix,
                    understanding=Understanding.model_validate(m.understanding or {}),
                    options=[MistakeOption.model_validate(o) for o in m.options or []],
                    chosen_option=m.chosen_option,
                    fix=m.fix,
                    monitoring_until=m.monitoring_until,
                    lessons=Lessons.model_validate(m.lessons or {}),
                    close_reason=m.close_reason,
                    created_at=m.created_at,
                    updated_at=m.updated_at,
                    stages=[StageDoc(stage=MistakeStage(e.stage), at=e.at) for e in m.events],
                    told=[
                        NotificationDoc(
                            person=n.person,
                            told_at=n.told_at,
                            acknowledged=n.acknowledged,
                            acknowledged_at=n.acknowledged_at,
                        )
                        for n in m.notifications
                    ],
                    checks=[CheckNoteDoc(at=x.at, note=x.note) for x in m.checks],
                    links=[LinkDoc(conversation_id=x.conversation_id, purpose=x.purpose) for x in m.links],
                )
                for m in mistakes
            ],
            rehearsal_runs=[
                RehearsalRunDoc(
                    conversation_id=r.conversation_id,
                    scenario_id=r.scenario_id,
                    seed=r.seed,
                    transcript=r.transcript,
                    report=r.report,
                    created_at=r.created_at,
                )
                for r in runs
            ],
        )
        return doc.model_dump(mode="json")


def parse_document(data: Any) -> ExportDoc:
    """Validate a decoded document; :class:`InvalidInputError` names the path on error."""
    if not isinstance(data, dict):
        raise InvalidInputError("", "an export document is a JSON object")
    if data.get("format") != FORMAT:
        raise InvalidInputError("format", f"not a clearair export (expected {FORMAT!r})")
    if data.get("version") != VERSION:
        raise InvalidInputError(
            "version", f"unsupported export version {data.get('version')!r} (this clearair reads 1)"
        )
    try:
        doc = ExportDoc.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc) from None
    conv_ids = [c.id for c in doc.conversations]
    if len(set(conv_ids)) != len(conv_ids):
        raise InvalidInputError("conversations", "two conversations have the same id")
    for i, m in enumerate(doc.mistakes):
        for j, link in enumerate(m.links):
            if link.conversation_id not in conv_ids:
                raise InvalidInputError(
                    f"mistakes[{i}].links[{j}].conversation_id",
                    f"no conversation with id {link.conversation_id} in the document",
                )
    for i, r in enumerate(doc.rehearsal_runs):
        if r.conversation_id is not None and r.conversation_id not in conv_ids:
            raise InvalidInputError(
                f"rehearsal_runs[{i}].conversation_id",
                f"no conversation with id {r.conversation_id} in the document",
            )
    return doc


def import_data(uow: UnitOfWork, owner_id: int, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Restore a document into the owner's workspace; return how many records of each kind.

    With ``replace=True`` the owner's existing conversations, mistakes and
    rehearsal runs are deleted first (in the same transaction).
    """
    from sqlalchemy import delete

    doc = parse_document(data)
    with uow:
        s = uow.session
        if replace:
            for table in (RehearsalRun, Mistake, Conversation):
                s.execute(delete(table).where(table.owner_id == owner_id))
        conv_map: dict[int, Conversation] = {}
        for c in doc.conversations:
            row = Conversation(
                owner_id=owner_id,
                kind=c.kind,
                title=c.title,
                counterpart_name=c.counterpart.name,
                counterpart_relationship=c.counterpart.relationship,
                target_date=c.target_date,
                status=c.status,
                created_at=c.created_at,
                updated_at=c.updated_at,
            )
            row.plan = PlanRow(data=c.plan.model_dump(mode="json"), updated_at=c.plan_updated_at)
            row.drafts = [
                Draft(
                    part=d.part,
                    number=d.number,
                    text=d.text,
                    score=d.score,
                    verdict=d.verdict,
                    analysis=d.analysis,
                    created_at=d.created_at,
                )
                for d in c.drafts
            ]
            if c.outcome is not None:
                row.outcome = Outcome(
                    held_at=c.outcome.held_at,
                    result=c.outcome.result,
                    notes=c.outcome.notes,
                    updated_at=c.outcome.updated_at,
                )
            row.agreements = [
                Agreement(
                    action=a.action,
                    owner=a.owner,
                    due_date=a.due_date,
                    done=a.done,
                    created_at=a.created_at,
                )
                for a in c.agreements
            ]
            row.check_ins = [
                CheckIn(date=x.date, note=x.note, done=x.done, created_at=x.created_at) for x in c.check_ins
            ]
            s.add(row)
            conv_map[c.id] = row
        uow.flush()
        for m in doc.mistakes:
            mrow = Mistake(
                owner_id=owner_id,
                title=m.title,
                description=m.description,
                private_notes=m.private_notes,
                shared=m.shared,
                stage=m.stage,
                discovered_at=m.discovered_at,
                disclosed_at=m.disclosed_at,
                disclosed_to=m.disclosed_to,
                quick_fix=m.quick_fix,
                understanding=m.understanding.model_dump(),
                options=[o.model_dump() for o in m.options],
                chosen_option=m.chosen_option,
                fix=m.fix,
                monitoring_until=m.monitoring_until,
                lessons=m.lessons.model_dump(),
                close_reason=m.close_reason,
                created_at=m.created_at,
                updated_at=m.updated_at,
            )
            mrow.events = [MistakeEvent(stage=e.stage, at=e.at) for e in m.stages]
            mrow.notifications = [
                Notification(
                    person=n.person,
                    told_at=n.told_at,
                    acknowledged=n.acknowledged,
                    acknowledged_at=n.acknowledged_at,
                )
                for n in m.told
            ]
            mrow.checks = [MistakeCheck(at=x.at, note=x.note) for x in m.checks]
            mrow.links = [
                MistakeLink(conversation_id=conv_map[x.conversation_id].id, purpose=x.purpose)
                for x in m.links
            ]
            s.add(mrow)
        for r in doc.rehearsal_runs:
            s.add(
                RehearsalRun(
                    owner_id=owner_id,
                    conversation_id=conv_map[r.conversation_id].id if r.conversation_id is not None else None,
                    scenario_id=r.scenario_id,
                    seed=r.seed,
                    transcript=r.transcript,
                    report=r.report,
                    created_at=r.created_at,
                )
            )
        uow.commit()
    return {
        "conversations": len(doc.conversations),
        "mistakes": len(doc.mistakes),
        "rehearsal_runs": len(doc.rehearsal_runs),
    }
