"""The unit of work: one transaction per ``with`` block.

    with uow:
        uow.session.add(...)
        uow.commit()        # nothing is written unless commit() is called

Leaving the block without ``commit()`` (or with an exception) rolls
everything back, so an edit that fails leaves the stored data as it was.
Repositories and routes never commit; services do, once, at the end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from clearair.domain.errors import ConflictError, InvalidInputError

if TYPE_CHECKING:
    from types import TracebackType


class UnitOfWork(Protocol):
    """What services need from a unit of work."""

    session: Session

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def flush(self) -> None: ...


class SqlUnitOfWork:
    """A unit of work on a SQLAlchemy session factory; reusable (a new session per block)."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._depth = 0

    def __enter__(self) -> SqlUnitOfWork:
        if self._depth == 0:
            self.session = self._session_factory()
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            try:
                self.session.rollback()
            finally:
                self.session.close()

    def flush(self) -> None:
        """Send pending changes (inside the transaction); maps conflicts to domain errors."""
        try:
            self.session.flush()
        except StaleDataError as exc:
            self.session.rollback()
            raise ConflictError("record", "", "it changed while you edited it") from exc
        except IntegrityError as exc:
            self.session.rollback()
            raise InvalidInputError("", _integrity_message(exc)) from exc

    def commit(self) -> None:
        """Commit the transaction (only the outermost ``with`` block's commit writes)."""
        if self._depth > 1:
            self.flush()
            return
        try:
            self.session.commit()
        except StaleDataError as exc:
            self.session.rollback()
            raise ConflictError("record", "", "it changed while you edited it") from exc
        except IntegrityError as exc:
            self.session.rollback()
            raise InvalidInputError("", _integrity_message(exc)) from exc


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc.orig).lower()
    if "unique" in text:
        return "that value is already taken"
    if "foreign key" in text:
        return "it refers to a record that does not exist"
    return "the data breaks a database rule"
