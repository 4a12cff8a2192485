"""The database opens, migrates, enforces its rules and keeps each owner's data apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from clearair.domain.errors import ConflictError, NotFoundError
from clearair.domain.schemas import ConversationCreate, ConversationUpdate
from clearair.services import conversations
from clearair.storage.database import open_database
from clearair.storage.tables import Base, Conversation


def _new(kind: str = "apology", title: str = "Missed the review") -> ConversationCreate:
    return ConversationCreate.model_validate(
        {"kind": kind, "title": title, "counterpart": {"name": "Sam", "relationship": "peer"}}
    )


def test_fresh_database_is_migrated_to_head(database_url: str) -> None:
    db = open_database(database_url)
    try:
        _assert_at_head(db)
    finally:
        db.close()


def _assert_at_head(db) -> None:  # type: ignore[no-untyped-def]
    status = db.status()
    assert status.up_to_date
    assert status.current == status.head
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrations_match_the_models(db) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    home = tmp_path / "nested" / "home"
    db = open_database(f"sqlite:///{home / 'clearair.db'}")
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.close()
    assert (home / "clearair.db").exists()


def test_another_owners_record_looks_unknown(uow, owner: int, other_owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = conversations.create(uow, owner, _new())
    with pytest.raises(NotFoundError) as wrong_owner:
        conversations.get(uow, other_owner, conv.id)
    with pytest.raises(NotFoundError) as unknown:
        conversations.get(uow, owner, 999_999)
    assert str(wrong_owner.value) == f"no conversation with id {conv.id}"
    assert type(wrong_owner.value) is type(unknown.value)
    assert conversations.list_(uow, other_owner) == []


def test_stale_version_is_a_conflict_and_changes_nothing(uow, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = conversations.create(uow, owner, _new())
    conversations.update(uow, owner, conv.id, ConversationUpdate(title="First", version=conv.version))
    with pytest.raises(ConflictError):
        conversations.update(uow, owner, conv.id, ConversationUpdate(title="Second", version=conv.version))
    assert conversations.get(uow, owner, conv.id).title == "First"


def test_concurrent_writers_second_gets_a_conflict(db, owner: int) -> None:  # type: ignore[no-untyped-def]
    conv = conversations.create(db.unit_of_work(), owner, _new())
    first, second = db.unit_of_work(), db.unit_of_work()
    with first, second:
        row1 = first.session.get(Conversation, conv.id)
        row2 = second.session.get(Conversation, conv.id)
        assert row1 is not None
        assert row2 is not None
        row1.title = "Written first"
        first.commit()
        row2.title = "Written second"
        with pytest.raises(ConflictError):
            second.commit()
    assert conversations.get(db.unit_of_work(), owner, conv.id).title == "Written first"


def test_an_existing_database_behind_the_code_asks_for_an_upgrade(database_url: str) -> None:
    from clearair.domain.errors import SchemaOutdatedError

    db = open_database(database_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
    finally:
        db.close()
    with pytest.raises(SchemaOutdatedError, match="clearair db upgrade"):
        open_database(database_url)
