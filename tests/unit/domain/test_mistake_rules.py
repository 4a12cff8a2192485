from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clearair.domain.errors import InvalidInputError, InvalidTransitionError
from clearair.domain.mistakes import (
    ORDER,
    MistakeStage,
    check_advance,
    check_close,
    disclosure_clock,
    format_duration,
    next_stage,
)


def test_stages_in_order() -> None:
    assert [s.value for s in ORDER] == [
        "discovered",
        "disclosed",
        "quick-fixed",
        "understood",
        "options-weighed",
        "fixed",
        "communicated",
        "monitoring",
        "closed",
    ]
    assert next_stage(MistakeStage.MONITORING) == MistakeStage.CLOSED
    assert next_stage(MistakeStage.CLOSED) is None


def test_one_stage_at_a_time() -> None:
    check_advance(MistakeStage.DISCOVERED, MistakeStage.DISCLOSED)
    with pytest.raises(InvalidTransitionError, match="next stage is disclosed"):
        check_advance(MistakeStage.DISCOVERED, MistakeStage.FIXED)
    with pytest.raises(InvalidTransitionError, match="closed"):
        check_advance(MistakeStage.CLOSED, MistakeStage.CLOSED)


def test_disclosure_clock_runs_until_disclosed() -> None:
    found = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert disclosure_clock(found, found + timedelta(hours=3), found + timedelta(days=2)) == (
        timedelta(hours=3)
    )
    assert disclosure_clock(found, None, found + timedelta(days=2)) == timedelta(days=2)
    assert format_duration(timedelta(days=2, hours=3, minutes=5)) == "2d 3h"
    assert format_duration(timedelta(hours=4, minutes=10)) == "4h 10m"
    assert format_duration(timedelta(minutes=12)) == "12m"


def test_closing_early_needs_a_reason() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_close(date(2026, 12, 1), date(2026, 11, 21), "")
    assert err.value.field == "reason"
    check_close(date(2026, 12, 1), date(2026, 11, 21), "client ended the contract")
    check_close(date(2026, 11, 1), date(2026, 11, 21), "")
