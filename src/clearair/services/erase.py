"""Delete everything one owner has (the web app's Settings → "Delete everything").

Conversations (with their plans, drafts, outcomes, agreements, check-ins),
mistakes and rehearsal runs go in one transaction; the account itself stays
(in team mode an admin removes accounts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from clearair.storage.tables import Conversation, Mistake, RehearsalRun

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork


def delete_everything(uow: UnitOfWork, owner_id: int) -> dict[str, int]:
    """Delete the owner's records; return how many of each kind were deleted."""
    counts: dict[str, int] = {}
    with uow:
        s = uow.session
        for name, table in (
            ("rehearsal_runs", RehearsalRun),
            ("mistakes", Mistake),
            ("conversations", Conversation),
        ):
            counts[name] = s.execute(
                select(func.count()).select_from(table).where(table.owner_id == owner_id)
            ).scalar_one()
            # ORM deletes so the cascades to child rows run on SQLite and PostgreSQL alike.
            for row in s.execute(select(table).where(table.owner_id == owner_id)).scalars():
                s.delete(row)
        uow.commit()
    return counts


__all__ = ["delete_everything"]
