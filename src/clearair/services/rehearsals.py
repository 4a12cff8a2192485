"""Rehearsal runs: saved by the rehearsal feature, optionally with a conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from clearair.domain.schemas import RehearsalRunCreate, RehearsalRunPublic
from clearair.storage import repositories as repo
from clearair.storage.tables import RehearsalRun

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork


def _public(row: RehearsalRun) -> RehearsalRunPublic:
    return RehearsalRunPublic(
        id=row.id,
        owner_id=row.owner_id,
        conversation_id=row.conversation_id,
        scenario_id=row.scenario_id,
        seed=row.seed,
        transcript=row.transcript,
        report=row.report,
        created_at=row.created_at,
    )


def save(uow: UnitOfWork, owner_id: int, data: RehearsalRunCreate) -> RehearsalRunPublic:
    """Keep a run; ``conversation_id`` (if set) must be one of the owner's conversations."""
    with uow:
        if data.conversation_id is not None:
            repo.get_conversation(uow.session, owner_id, data.conversation_id)
        row = RehearsalRun(
            owner_id=owner_id,
            conversation_id=data.conversation_id,
            scenario_id=data.scenario_id,
            seed=data.seed,
            transcript=data.transcript,
            report=data.report,
        )
        uow.session.add(row)
        uow.commit()
        return _public(row)


def list_(uow: UnitOfWork, owner_id: int, *, conversation_id: int | None = None) -> list[RehearsalRunPublic]:
    """The owner's runs, newest first (optionally of one conversation)."""
    with uow:
        query = select(RehearsalRun).where(RehearsalRun.owner_id == owner_id)
        if conversation_id is not None:
            query = query.where(RehearsalRun.conversation_id == conversation_id)
        rows = uow.session.execute(query.order_by(RehearsalRun.created_at.desc(), RehearsalRun.id.desc()))
        return [_public(r) for r in rows.scalars().all()]


def get(uow: UnitOfWork, owner_id: int, run_id: int) -> RehearsalRunPublic:
    """One run."""
    with uow:
        return _public(repo.get_rehearsal_run(uow.session, owner_id, run_id))


def delete(uow: UnitOfWork, owner_id: int, run_id: int) -> None:
    """Delete a run."""
    with uow:
        uow.session.delete(repo.get_rehearsal_run(uow.session, owner_id, run_id))
        uow.commit()
