"""Helpers for the rehearsal unit tests.

The unit tests exercise the engine's rules with the technique detectors
alone: ``silent_analyzer`` is an analyzer that finds nothing, so each test
controls exactly which signals a turn carries. The integration tests
(``tests/integration/test_rehearsal*.py``) use the real analyzer.
"""

from __future__ import annotations

from typing import Any

import pytest

from clearair.language.model import Report
from clearair.rehearsal.scenario import Library, Scenario, load_library


def silent_analyzer(text: str, kind: str = "auto", **_: Any) -> Report:
    return Report(text=text, kind="conversation", sentences=(), findings=(), score=50, verdict="")


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def lunch(library: Library) -> Scenario:
    return library.get("missed-lunch")
