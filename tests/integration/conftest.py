"""Database fixtures, run against SQLite and PostgreSQL (no mocked database).

``backend`` is parametrized over ``sqlite`` (a file in the test's temporary
directory) and ``postgres`` (a uniquely named database on the server named by
``CLEARAIR_TEST_POSTGRES_URL``, created for the test and dropped afterwards).
``database_url`` is an *empty* database (to test a fresh install);
``db`` is an opened :class:`Database` at the latest schema with no rows (a
copy of a SQLite template migrated once per run; on PostgreSQL, one database
migrated once per run and emptied after every test); ``uow`` a unit of work on it; ``owner`` the
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
def database_url(backend: str, tmp_path: Path, _migrated: dict[str, str]) -> Iterator[str]:
    """The URL of an *empty* database of each kind, for fresh-install tests.

    PostgreSQL: a new, empty schema in the run's database, first on the
    ``search_path`` of the URL (much faster than a database per test), dropped
    afterwards.
    """
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'clearair-test.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = _migrated["postgres"]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Migrated databases made once per run: a SQLite template file, and one PostgreSQL
    database for the run (dropped at the end; tests empty it after themselves)."""
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
            open_database(url).close()
            made["postgres"] = url
        yield made


def _empty_postgres(url: str) -> None:
    """Remove every row (and reset ids) so the next test starts from a fresh schema."""
    from sqlalchemy import create_engine, text

    from clearair.storage.tables import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def db(backend: str, tmp_path: Path, _migrated: dict[str, str]):  # type: ignore[no-untyped-def]
    """An opened database at the latest schema, with no rows; closed afterwards.

    SQLite: a copy of a migrated template file. PostgreSQL: the run's migrated
    database, emptied after each test.
    """
    from clearair.storage.database import open_database

    if backend == "sqlite":
        path = tmp_path / "clearair-test.db"
        shutil.copyfile(_migrated["sqlite"], path)
        url = f"sqlite:///{path}"
    else:
        url = _migrated["postgres"]
    database = open_database(url)
    try:
        yield database
    finally:
        database.close()
        if backend == "postgres":
            _empty_postgres(url)


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
