"""Opening the database: engine, SQLite pragmas, migrations.

    >>> from clearair.settings import Settings
    >>> from clearair.storage.database import open_database
    >>> db = open_database(Settings.from_env())      # creates + migrates a fresh database
    >>> with db.unit_of_work() as uow: ...
    >>> db.close()

Nothing connects at import time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from clearair.domain.errors import SchemaOutdatedError

if TYPE_CHECKING:
    from alembic.config import Config

    from clearair.settings import Settings
    from clearair.storage.uow import SqlUnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite the directory is created and WAL + foreign keys set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs the package's migrations on ``engine``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database stands against the migrations in the package."""

    url: str
    current: str | None
    head: str
    fresh: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


class Database:
    """An open database: the engine and a session factory.

    Close it with :meth:`close` (or use it as a context manager).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.session_factory: sessionmaker[Session] = sessionmaker(
            engine, expire_on_commit=False, autoflush=True
        )

    def unit_of_work(self) -> SqlUnitOfWork:
        """A new unit of work (use one per service call or per request)."""
        from clearair.storage.uow import SqlUnitOfWork

        return SqlUnitOfWork(self.session_factory)

    def status(self) -> SchemaStatus:
        """The current and the head revision."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config(self.engine))
        head = script.get_current_head()
        assert head is not None
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            tables = set(inspect(conn).get_table_names())
        fresh = current is None and not (tables - {"alembic_version"})
        return SchemaStatus(
            url=self.engine.url.render_as_string(hide_password=True),
            current=current,
            head=head,
            fresh=fresh,
        )

    def upgrade(self, revision: str = "head") -> None:
        """Run the migrations up to ``revision``."""
        from alembic import command

        command.upgrade(alembic_config(self.engine), revision)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(settings: Settings | str, *, upgrade_fresh: bool = True) -> Database:
    """Open the database named by ``settings`` (or a URL).

    A fresh (empty) database is migrated to the latest schema; an existing
    one that is behind raises :class:`SchemaOutdatedError` (run
    ``clearair db upgrade``). With ``upgrade_fresh=False`` nothing is checked
    (used by ``clearair db status`` and ``db upgrade``).
    """
    url = settings if isinstance(settings, str) else settings.database_url
    db = Database(create_db_engine(url))
    if not upgrade_fresh:
        return db
    try:
        status = db.status()
        if status.fresh:
            db.upgrade()
        elif not status.up_to_date:
            raise SchemaOutdatedError(
                f"the database is at revision {status.current or 'none'} but this version of "
                f"clearair needs {status.head}; run `clearair db upgrade`"
            )
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def opened(settings: Settings | str) -> Iterator[Database]:
    """``with opened(settings) as db:`` opens (and migrates a fresh) database and closes it."""
    db = open_database(settings)
    try:
        yield db
    finally:
        db.close()
