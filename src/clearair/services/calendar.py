"""Check-ins and agreement due dates as an iCalendar file.

Event titles are neutral by default (nothing about the person or the topic),
so a shared or synced calendar leaks nothing; ``detailed=True`` includes them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from clearair.domain.base import utcnow
from clearair.storage.tables import Agreement, CheckIn, Conversation

if TYPE_CHECKING:
    from clearair.storage.uow import UnitOfWork

PRODID = "-//clearair//workspace//EN"


def build_ics(uow: UnitOfWork, owner_id: int, *, detailed: bool = False, include_done: bool = False) -> bytes:
    """The owner's open check-ins and agreement due dates as all-day events (``.ics`` bytes)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "clearair")
    stamp = utcnow()
    with uow:
        check_ins = uow.session.execute(
            select(CheckIn, Conversation)
            .join(Conversation, Conversation.id == CheckIn.conversation_id)
            .where(Conversation.owner_id == owner_id)
            .order_by(CheckIn.date, CheckIn.id)
        ).all()
        agreements = uow.session.execute(
            select(Agreement, Conversation)
            .join(Conversation, Conversation.id == Agreement.conversation_id)
            .where(Conversation.owner_id == owner_id, Agreement.due_date.is_not(None))
            .order_by(Agreement.due_date, Agreement.id)
        ).all()
        for ci, conv in check_ins:
            if ci.done and not include_done:
                continue
            ev = Event()
            ev.add("uid", f"check-in-{ci.id}@clearair")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", ci.date)
            ev.add("dtend", ci.date + timedelta(days=1))
            if detailed:
                ev.add("summary", f"Check in with {conv.counterpart_name}: {conv.title}")
                if ci.note:
                    ev.add("description", ci.note)
            else:
                ev.add("summary", "clearair check-in")
            cal.add_component(ev)
        for ag, conv in agreements:
            if ag.done and not include_done:
                continue
            assert ag.due_date is not None
            ev = Event()
            ev.add("uid", f"agreement-{ag.id}@clearair")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", ag.due_date)
            ev.add("dtend", ag.due_date + timedelta(days=1))
            if detailed:
                ev.add("summary", f"Due ({ag.owner}): {ag.action}")
                ev.add("description", f"Agreed in: {conv.title} (with {conv.counterpart_name})")
            else:
                ev.add("summary", "clearair: agreement due")
            cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data
