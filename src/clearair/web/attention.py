"""What needs the person today: the Home page's list, built from the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clearair.domain.conversations import ConversationStatus
from clearair.domain.mistakes import MistakeStage
from clearair.services import conversations, followup, mistakes
from clearair.storage.uow import UnitOfWork

SOON_DAYS = 7


@dataclass(frozen=True)
class Item:
    """One thing to look at: ``tone`` is ``overdue``, ``due`` or ``soon``."""

    title: str
    what: str
    href: str
    tone: str
    when: date


def attention(uow: UnitOfWork, owner_id: int, today: date | None = None) -> list[Item]:
    """Overdue and coming conversations, check-ins and agreements due, mistakes to tell or watch."""
    today = today or date.today()
    soon = today + timedelta(days=SOON_DAYS)
    items: list[Item] = []
    for c in conversations.list_(uow, owner_id, include_finished=False):
        href = f"/conversations/{c.id}"
        if c.overdue:
            items.append(
                Item(
                    c.title,
                    f"with {c.counterpart.name}: overdue since {c.target_date}; plan it, but don't delay",
                    href,
                    "overdue",
                    c.target_date or today,
                )
            )
        elif (
            c.target_date
            and c.target_date <= soon
            and c.status
            in (
                ConversationStatus.PLANNING,
                ConversationStatus.READY,
            )
        ):
            tone = "due" if c.target_date <= today else "soon"
            items.append(
                Item(
                    c.title,
                    f"with {c.counterpart.name} on {c.target_date} ({c.status.value})",
                    href,
                    tone,
                    c.target_date,
                )
            )
        if c.status != ConversationStatus.CANCELLED:
            for ci in followup.list_check_ins(uow, owner_id, c.id):
                if not ci.done and ci.date <= soon:
                    tone = "overdue" if ci.date < today else ("due" if ci.date == today else "soon")
                    items.append(
                        Item(c.title, f"check-in with {c.counterpart.name} on {ci.date}", href, tone, ci.date)
                    )
            for ag in followup.list_agreements(uow, owner_id, c.id):
                if not ag.done and ag.due_date and ag.due_date <= soon:
                    tone = "overdue" if ag.due_date < today else "due"
                    items.append(
                        Item(
                            c.title,
                            f"agreement due {ag.due_date}: {ag.action} ({ag.owner})",
                            href,
                            tone,
                            ag.due_date,
                        )
                    )
    for m in mistakes.list_(uow, owner_id, include_closed=False):
        href = f"/mistakes/{m.id}"
        if m.stage == MistakeStage.DISCOVERED:
            items.append(
                Item(
                    m.title,
                    f"not told yet ({m.disclosure_clock} since you found it): "
                    "tell it before anyone else finds out",
                    href,
                    "overdue",
                    today,
                )
            )
        elif m.stage == MistakeStage.MONITORING and m.monitoring_until:
            left = (m.monitoring_until - today).days
            what = (
                f"monitoring: {left} day{'' if left == 1 else 's'} left"
                if left >= 0
                else "monitoring window ended: close it with what you learned"
            )
            items.append(Item(m.title, what, href, "due" if left < 0 else "soon", m.monitoring_until))
    order = {"overdue": 0, "due": 1, "soon": 2}
    return sorted(items, key=lambda i: (order[i.tone], i.when))
