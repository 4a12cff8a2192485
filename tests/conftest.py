"""Shared test configuration.

Tests that need something a fresh machine may lack (the PostgreSQL server,
Chromium) call ``require(...)``: they skip with a visible reason, unless
``CLEARAIR_REQUIRE_ALL=1`` is set (as ``.ci/run`` does), in which case every
such skip is a failure, so CI always runs the whole suite.
"""

from __future__ import annotations

import os

import pytest

STRICT = os.environ.get("CLEARAIR_REQUIRE_ALL") == "1"


def pytest_configure(config: pytest.Config) -> None:
    # Property tests draw the same examples on every run and every machine:
    # a failure reproduces, and CI never meets a new pathological example
    # (a random regex whose search backtracks for minutes) by chance.
    from hypothesis import settings

    settings.register_profile("clearair", derandomize=True, database=None)
    settings.load_profile("clearair")
    # The rule cache goes to a directory of this run, never the user's own.
    if "CLEARAIR_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["CLEARAIR_CACHE_DIR"] = tempfile.mkdtemp(prefix="clearair-cache-")


def require(condition: bool, reason: str) -> None:
    """Skip (or, in strict CI mode, fail) when ``condition`` is false."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"CLEARAIR_REQUIRE_ALL=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CLEARAIR_REQUIRE_ALL=1: {report.longrepr}"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own CLEARAIR_HOME so no test touches the user's data."""
    home = tmp_path_factory.mktemp("clearair-home")
    monkeypatch.setenv("CLEARAIR_HOME", str(home))
    monkeypatch.delenv("CLEARAIR_DATABASE_URL", raising=False)
