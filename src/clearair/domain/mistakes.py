"""The mistake log: its stages, the disclosure clock and the closing rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from clearair.domain.errors import InvalidInputError, InvalidTransitionError


class MistakeStage(StrEnum):
    """The stages a mistake moves through, in order."""

    DISCOVERED = "discovered"
    DISCLOSED = "disclosed"
    QUICK_FIXED = "quick-fixed"
    UNDERSTOOD = "understood"
    OPTIONS_WEIGHED = "options-weighed"
    FIXED = "fixed"
    COMMUNICATED = "communicated"
    MONITORING = "monitoring"
    CLOSED = "closed"


ORDER: tuple[MistakeStage, ...] = tuple(MistakeStage)

#: One line per stage, in the project's words (shown by the CLI and the web app).
STAGE_HELP: dict[MistakeStage, str] = {
    MistakeStage.DISCOVERED: "You found it. Tell it before anyone else finds out.",
    MistakeStage.DISCLOSED: "You told the people who need to know first.",
    MistakeStage.QUICK_FIXED: "Do no harm: the quick fix stopped it getting worse.",
    MistakeStage.UNDERSTOOD: "Every touch point, association and implication is understood.",
    MistakeStage.OPTIONS_WEIGHED: "The options are weighed and one is chosen.",
    MistakeStage.FIXED: "The real fix is in.",
    MistakeStage.COMMUNICATED: "Everyone involved knows what happened, why, and what you did.",
    MistakeStage.MONITORING: "Watching for a while that the fix keeps working.",
    MistakeStage.CLOSED: "Closed, with what you learned.",
}


def next_stage(current: MistakeStage) -> MistakeStage | None:
    """The stage after ``current`` (``None`` once closed)."""
    i = ORDER.index(current)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def check_advance(current: MistakeStage, new: MistakeStage) -> None:
    """A mistake moves one stage at a time, forward only."""
    if next_stage(current) != new:
        expected = next_stage(current)
        if expected is None:
            raise InvalidTransitionError("this mistake is closed; it cannot move any further")
        raise InvalidTransitionError(
            f"a mistake moves one stage at a time: from {current} the next stage is "
            f"{expected}, not {new}"
        )


def disclosure_clock(
    discovered_at: datetime, disclosed_at: datetime | None, now: datetime
) -> timedelta:
    """Time from discovery to disclosure (still running while not disclosed)."""
    end = disclosed_at if disclosed_at is not None else now
    return max(end - discovered_at, timedelta(0))


def format_duration(delta: timedelta) -> str:
    """``2d 3h``, ``4h 10m`` or ``12m``: short and readable."""
    minutes = int(delta.total_seconds() // 60)
    days, rem = divmod(minutes, 24 * 60)
    hours, mins = divmod(rem, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {mins}m"
    return f"{mins}m"


def check_close(monitoring_until: date | None, today: date, reason: str) -> None:
    """A mistake cannot close before its monitoring window ends unless a reason is given."""
    if monitoring_until is not None and today < monitoring_until and not reason.strip():
        raise InvalidInputError(
            "reason",
            f"the monitoring window runs until {monitoring_until.isoformat()}; "
            "give a reason to close it early",
        )
