"""The tables, as SQLAlchemy 2 declarative classes (storage only; services map them).

Every top-level record (conversation, mistake, rehearsal run) has an
``owner_id``. Editable records carry a ``version`` column used for optimistic
locking: an UPDATE that finds another version raises ``StaleDataError``, which
the unit of work turns into :class:`~clearair.domain.errors.ConflictError`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Constraint names are fixed so one migration history works on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Store aware datetimes as naive UTC; always give back aware UTC datetimes.

    SQLite has no time zones; PostgreSQL ``timestamp without time zone`` is
    used on both so the schema and the values are the same everywhere.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    counterpart_name: Mapped[str] = mapped_column(String(200))
    counterpart_relationship: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[PlanRow] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        uselist=False,
    )
    drafts: Mapped[list[Draft]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Draft.id"
    )
    outcome: Mapped[Outcome | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, uselist=False
    )
    agreements: Mapped[list[Agreement]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Agreement.id"
    )
    check_ins: Mapped[list[CheckIn]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CheckIn.id"
    )
    mistake_links: Mapped[list[MistakeLink]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, back_populates="conversation"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PlanRow(Base):
    __tablename__ = "plans"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    conversation: Mapped[Conversation] = relationship(back_populates="plan")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("conversation_id", "part", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(Text)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class Outcome(Base):
    __tablename__ = "outcomes"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    held_at: Mapped[dt.datetime]
    result: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CheckIn(Base):
    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Mistake(Base):
    __tablename__ = "mistakes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    private_notes: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str] = mapped_column(String(32))
    discovered_at: Mapped[dt.datetime]
    disclosed_at: Mapped[dt.datetime | None]
    disclosed_to: Mapped[str] = mapped_column(Text, default="")
    quick_fix: Mapped[str] = mapped_column(Text, default="")
    understanding: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)
    chosen_option: Mapped[int | None] = mapped_column(Integer)
    fix: Mapped[str] = mapped_column(Text, default="")
    monitoring_until: Mapped[dt.date | None] = mapped_column(Date)
    lessons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[MistakeEvent]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MistakeEvent.id"
    )
    notifications: Mapped[list[Notification]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Notification.id"
    )
    checks: Mapped[list[MistakeCheck]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MistakeCheck.id"
    )
    links: Mapped[list[MistakeLink]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        back_populates="mistake",
        order_by="MistakeLink.conversation_id",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class MistakeEvent(Base):
    """When a mistake reached a stage."""

    __tablename__ = "mistake_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mistake_id: Mapped[int] = mapped_column(
        ForeignKey("mistakes.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime]


class Notification(Base):
    """Someone who was told about a mistake."""

    __tablename__ = "mistake_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mistake_id: Mapped[int] = mapped_column(
        ForeignKey("mistakes.id", ondelete="CASCADE"), index=True
    )
    person: Mapped[str] = mapped_column(String(200))
    told_at: Mapped[dt.datetime]
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    acknowledged_at: Mapped[dt.datetime | None]


class MistakeCheck(Base):
    """A note taken while monitoring a fix."""

    __tablename__ = "mistake_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mistake_id: Mapped[int] = mapped_column(
        ForeignKey("mistakes.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text)


class MistakeLink(Base):
    """A conversation a mistake needs (an apology to the client, a disclosure to the team)."""

    __tablename__ = "mistake_links"

    mistake_id: Mapped[int] = mapped_column(
        ForeignKey("mistakes.id", ondelete="CASCADE"), primary_key=True
    )
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str] = mapped_column(Text, default="")

    mistake: Mapped[Mistake] = relationship(back_populates="links")
    conversation: Mapped[Conversation] = relationship(back_populates="mistake_links")


class RehearsalRun(Base):
    __tablename__ = "rehearsal_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    scenario_id: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(BigInteger)
    transcript: Mapped[list[Any]] = mapped_column(JSON)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
