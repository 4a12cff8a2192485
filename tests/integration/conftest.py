"""Database fixtures, run against SQLite and PostgreSQL (no mocked database).

``backend`` is parametrized over ``sqlite`` (a file in the test's temporary
directory) and ``postgres`` (a uniquely named database on the server named by
``CLEARAIR_TEST_POSTGRES_URL``, created for the test and dropped afterwards).
``database_url`` is an *empty* database (to test a fresh install);
``db`` is an opened :class:`Database` at the latest schema (copied from a
template migrated once per run); ``uow`` a unit of work on it; ``owner`` the
local user's id. Other test packages (the web
app's) can reuse them with ``pytest_plugins = ["tests.integration.conftest"]``
or by importing the fixtures.
"""

from __future__ import annotations

import contextlib
import os
import shutil
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
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgres``; the PostgreSQL variant needs ``CLEARAIR_TEST_POSTGRES_URL``."""
    if request.param == "postgres":
        require(
            os.environ.get(POSTGRES_ENV) is not None,
            f"{POSTGRES_ENV} is not set (PostgreSQL tests skipped)",
        )
    return str(request.param)


@contextlib.contextmanager
def _postgres_database(template: str | None = None) -> Iterator[str]:
    """Create a uniquely named database (optionally from a template); drop it afterwards."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    base = os.environ[POSTGRES_ENV]
    name = f"clearair_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(base)
    try:
        with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an *empty* database of each kind (dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'clearair-test.db'}"
        return
    with _postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def _migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Migrated databases made once per run and copied for each test (fast, still real)."""
    from sqlalchemy.engine import make_url

    from clearair.storage.database import open_database

    made: dict[str, str] = {}
    sqlite_path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(f"sqlite:///{sqlite_path}")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    made["sqlite"] = str(sqlite_path)
    with contextlib.ExitStack() as stack:
        if os.environ.get(POSTGRES_ENV):
            url = stack.enter_context(_postgres_database())
            pg = open_database(url)
            pg.close()
            made["postgres"] = str(make_url(url).database)
        yield made


@pytest.fixture
def db(backend: str, tmp_path: Path, _migrated_templates: dict[str, str]):  # type: ignore[no-untyped-def]
    """An opened database at the latest schema (a copy of a migrated template); closed afterwards."""
    from clearair.storage.database import open_database

    if backend == "sqlite":
        path = tmp_path / "clearair-test.db"
        shutil.copyfile(_migrated_templates["sqlite"], path)
        database = open_database(f"sqlite:///{path}")
        try:
            yield database
        finally:
            database.close()
        return
    with _postgres_database(template=_migrated_templates["postgres"]) as url:
        database = open_database(url)
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
