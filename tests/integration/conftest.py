"""Database fixtures, run against SQLite and PostgreSQL (no mocked database).

``database_url`` is parametrized over ``sqlite`` (a file in the test's
temporary directory) and ``postgres`` (a uniquely named database on the server
named by ``CLEARAIR_TEST_POSTGRES_URL``, created for the test and dropped
afterwards). ``db`` is the opened, migrated :class:`Database`; ``uow`` a unit
of work on it; ``owner`` the local user's id. Other test packages (the web
app's) can reuse them with ``pytest_plugins = ["tests.integration.conftest"]``
or by importing the fixtures.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require

POSTGRES_ENV = "CLEARAIR_TEST_POSTGRES_URL"


def _admin_engine(url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each kind; the PostgreSQL one is dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clearair-test.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    require(base is not None, f"{POSTGRES_ENV} is not set (PostgreSQL tests skipped)")
    assert base is not None
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"clearair_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(base)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db(database_url: str):  # type: ignore[no-untyped-def]
    """The opened database, migrated to the latest schema; closed afterwards."""
    from clearair.storage.database import open_database

    database = open_database(database_url)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def uow(db):  # type: ignore[no-untyped-def]
    """A unit of work on ``db``."""
    return db.unit_of_work()


@pytest.fixture
def owner(uow) -> int:  # type: ignore[no-untyped-def]
    """The local user's id (single-user mode)."""
    from clearair.services import accounts

    return accounts.ensure_local_user(uow).id


@pytest.fixture
def other_owner(uow) -> int:  # type: ignore[no-untyped-def]
    """A second user (an admin with a password) to check owner isolation."""
    from clearair.domain.schemas import AdminCreate
    from clearair.services import accounts

    return accounts.create_admin(
        uow, AdminCreate(email="other@example.org", display_name="Other", password="x" * 12)
    ).id
