"""Alembic environment: one migration history for SQLite and PostgreSQL.

Run by :meth:`clearair.storage.database.Database.upgrade` (which passes the
engine in ``config.attributes["engine"]``) or, for developers, by
``alembic -c src/clearair/storage/alembic.ini ...`` (which uses
``CLEARAIR_DATABASE_URL`` / ``CLEARAIR_HOME`` through the settings).
SQLite runs in batch mode so ALTERs work there too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from clearair.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> tuple[Engine, bool]:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine, False
    from clearair.settings import Settings
    from clearair.storage.database import create_db_engine

    return create_db_engine(Settings.from_env().database_url), True


def run_migrations_online() -> None:
    engine, owned = _engine()
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them online")
run_migrations_online()
