"""The mistake log: create, advance through the stages, tell people, monitor, close.

Every stage is reached with :func:`advance` and a payload for that stage
(:data:`~clearair.domain.schemas.MistakeAdvance`); the time each stage was
reached is kept. The team board (:func:`team_board`) lists the shared
mistakes of every user, without private notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from clearair.domain import mistakes as rules
from clearair.domain.base import utcnow
from clearair.domain.errors import InvalidInputError
from clearair.domain.mistakes import MistakeStage
from clearair.domain.schemas import (
    CheckNoteCreate,
    Close,
    Communicate,
    Disclose,
    Fix,
    Lessons,
    MistakeAdvance,
    MistakeBoardItem,
    MistakeCreate,
    MistakePublic,
    MistakeUpdate,
    Monitor,
    NotificationCreate,
    QuickFix,
    Understand,
    Understanding,
    WeighOptions,
)
from clearair.services._common import check_version, mistake_public
from clearair.storage import repositories as repo
from clearair.storage.tables import (
    Mistake,
    MistakeCheck,
    MistakeEvent,
    MistakeLink,
    Notification,
    User,
)

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork


def create(uow: UnitOfWork, owner_id: int, data: MistakeCreate) -> MistakePublic:
    """Log a mistake at the ``discovered`` stage; the disclosure clock starts now."""
    discovered = data.discovered_at or utcnow()
    if discovered > utcnow():
        raise InvalidInputError("discovered_at", "cannot be in the future")
    with uow:
        row = Mistake(
            owner_id=owner_id,
            title=data.title,
            description=data.description,
            private_notes=data.private_notes,
            shared=data.shared,
            stage=MistakeStage.DISCOVERED,
            discovered_at=discovered,
            understanding=Understanding().model_dump(),
            options=[],
            lessons=Lessons().model_dump(),
        )
        row.events.append(MistakeEvent(stage=MistakeStage.DISCOVERED, at=discovered))
        uow.session.add(row)
        uow.commit()
        return mistake_public(row)


def get(uow: UnitOfWork, owner_id: int, mistake_id: int) -> MistakePublic:
    """One mistake, with everything recorded about it."""
    with uow:
        return mistake_public(repo.get_mistake(uow.session, owner_id, mistake_id))


def list_(uow: UnitOfWork, owner_id: int, *, include_closed: bool = True) -> list[MistakePublic]:
    """The owner's mistakes, newest first."""
    with uow:
        query = select(Mistake).where(Mistake.owner_id == owner_id)
        if not include_closed:
            query = query.where(Mistake.stage != MistakeStage.CLOSED)
        rows = uow.session.execute(query.order_by(Mistake.discovered_at.desc(), Mistake.id.desc()))
        return [mistake_public(r) for r in rows.scalars().all()]


def update(uow: UnitOfWork, owner_id: int, mistake_id: int, data: MistakeUpdate) -> MistakePublic:
    """Change the title, description, private notes, sharing or lessons."""
    with uow:
        row = repo.get_mistake(uow.session, owner_id, mistake_id)
        check_version(row, data.version, "mistake", mistake_id)
        for name in ("title", "description", "private_notes", "shared"):
            value = getattr(data, name)
            if name in data.model_fields_set and value is not None:
                setattr(row, name, value)
        if data.lessons is not None:
            row.lessons = data.lessons.model_dump()
        uow.commit()
        return mistake_public(row)


def advance(uow: UnitOfWork, owner_id: int, mistake_id: int, step: MistakeAdvance) -> MistakePublic:
    """Move the mistake to the next stage with that stage's fields.

    Only the next stage is allowed (:class:`InvalidTransitionError` otherwise).
    Closing before the monitoring window ends needs a reason
    (:class:`InvalidInputError` on ``reason``).
    """
    with uow:
        row = repo.get_mistake(uow.session, owner_id, mistake_id)
        check_version(row, step.version, "mistake", mistake_id)
        rules.check_advance(MistakeStage(row.stage), step.stage)
        at = step.at or utcnow()
        last = row.events[-1].at if row.events else row.discovered_at
        if at < last:
            raise InvalidInputError("at", f"cannot be before the previous stage ({last.isoformat()})")
        if isinstance(step, Disclose):
            row.disclosed_at = at
            row.disclosed_to = step.disclosed_to
        elif isinstance(step, QuickFix):
            row.quick_fix = step.quick_fix
        elif isinstance(step, Understand):
            row.understanding = step.understanding.model_dump()
        elif isinstance(step, WeighOptions):
            row.options = [o.model_dump() for o in step.options]
            row.chosen_option = step.chosen
        elif isinstance(step, Fix):
            row.fix = step.fix
        elif isinstance(step, Communicate):
            for person in step.told:
                row.notifications.append(_notification(person, at))
        elif isinstance(step, Monitor):
            if step.until < at.astimezone().date():
                raise InvalidInputError("until", "the monitoring window must end in the future")
            row.monitoring_until = step.until
        elif isinstance(step, Close):
            rules.check_close(row.monitoring_until, at.astimezone().date(), step.reason)
            if step.lessons is not None:
                row.lessons = step.lessons.model_dump()
            row.close_reason = step.reason
        row.stage = step.stage
        row.events.append(MistakeEvent(stage=step.stage, at=at))
        uow.commit()
        return mistake_public(row)


def _notification(person: NotificationCreate, default_at: datetime) -> Notification:
    told_at = person.told_at or default_at
    return Notification(
        person=person.person,
        told_at=told_at,
        acknowledged=person.acknowledged,
        acknowledged_at=told_at if person.acknowledged else None,
    )


def tell(uow: UnitOfWork, owner_id: int, mistake_id: int, person: NotificationCreate) -> MistakePublic:
    """Record that one more person was told (at any stage)."""
    with uow:
        row = repo.get_mistake(uow.session, owner_id, mistake_id)
        row.notifications.append(_notification(person, utcnow()))
        row.updated_at = utcnow()
        uow.commit()
        return mistake_public(row)


def acknowledge(uow: UnitOfWork, owner_id: int, notification_id: int) -> MistakePublic:
    """Record that a person who was told acknowledged it."""
    with uow:
        n = repo.get_notification(uow.session, owner_id, notification_id)
        n.acknowledged = True
        n.acknowledged_at = utcnow()
        row = repo.get_mistake(uow.session, owner_id, n.mistake_id)
        uow.commit()
        return mistake_public(row)


def add_check(uow: UnitOfWork, owner_id: int, mistake_id: int, data: CheckNoteCreate) -> MistakePublic:
    """Add a monitoring note (only while monitoring)."""
    with uow:
        row = repo.get_mistake(uow.session, owner_id, mistake_id)
        if row.stage != MistakeStage.MONITORING:
            raise InvalidInputError(
                "stage", f"check notes are taken while monitoring; this mistake is {row.stage}"
            )
        row.checks.append(MistakeCheck(at=data.at or utcnow(), note=data.note))
        row.updated_at = utcnow()
        uow.commit()
        return mistake_public(row)


def link(
    uow: UnitOfWork, owner_id: int, mistake_id: int, conversation_id: int, purpose: str = ""
) -> MistakePublic:
    """Link a conversation the mistake needs (both must be the owner's)."""
    with uow:
        row = repo.get_mistake(uow.session, owner_id, mistake_id)
        conv = repo.get_conversation(uow.session, owner_id, conversation_id)
        existing = next((x for x in row.links if x.conversation_id == conv.id), None)
        if existing is not None:
            existing.purpose = purpose.strip()
        else:
            row.links.append(MistakeLink(conversation_id=conv.id, purpose=purpose.strip()))
        uow.commit()
        return mistake_public(row)


def unlink(uow: UnitOfWork, owner_id: int, mistake_id: int, conversation_id: int) -> MistakePublic:
    """Remove a link (the conversation itself stays)."""
    with uow:
        row = repo.get_mistake(uow.session, owner_id, mistake_id)
        row.links = [x for x in row.links if x.conversation_id != conversation_id]
        uow.commit()
        return mistake_public(row)


def delete(uow: UnitOfWork, owner_id: int, mistake_id: int) -> None:
    """Delete the mistake and everything under it (the linked conversations stay)."""
    with uow:
        uow.session.delete(repo.get_mistake(uow.session, owner_id, mistake_id))
        uow.commit()


def team_board(uow: UnitOfWork, viewer_id: int) -> list[MistakeBoardItem]:
    """Every user's *shared* mistakes, newest first, without private notes.

    ``viewer_id`` must be an existing user.
    """
    with uow:
        repo.get_user(uow.session, viewer_id)
        rows = uow.session.execute(
            select(Mistake, User.display_name)
            .join(User, User.id == Mistake.owner_id)
            .where(Mistake.shared.is_(True))
            .order_by(Mistake.discovered_at.desc(), Mistake.id.desc())
        ).all()
        now = utcnow()
        return [
            MistakeBoardItem(
                id=m.id,
                author=name,
                title=m.title,
                description=m.description,
                stage=MistakeStage(m.stage),
                discovered_at=m.discovered_at,
                disclosed_at=m.disclosed_at,
                disclosure_clock=rules.format_duration(
                    rules.disclosure_clock(m.discovered_at, m.disclosed_at, now)
                ),
                quick_fix=m.quick_fix,
                fix=m.fix,
                told_count=len(m.notifications),
                monitoring_until=m.monitoring_until,
                lessons=Lessons.model_validate(m.lessons or {}),
                updated_at=m.updated_at,
            )
            for m, name in rows
        ]
