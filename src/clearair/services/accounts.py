"""Users, invitations, passwords and calendar tokens.

Single-user mode uses one local user (:func:`ensure_local_user`), created on
first use. Team mode has an admin (:func:`create_admin`) who invites members
(:func:`invite`); an invitee sets a password with :func:`accept_invite` and
signs in with :func:`authenticate` (argon2id).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from clearair.domain.base import utcnow
from clearair.domain.errors import AuthenticationError, InvalidInputError, NotFoundError
from clearair.domain.schemas import (
    AdminCreate,
    InviteAccept,
    InviteCreate,
    InvitePublic,
    Role,
    UserPublic,
)
from clearair.storage import repositories as repo
from clearair.storage.tables import Invite, User

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from clearair.storage.uow import UnitOfWork

LOCAL_DISPLAY_NAME = "me"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(type=Type.ID)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when the email is unknown, so both paths cost the same.
    return _hasher().hash(secrets.token_urlsafe(16))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _public(row: User) -> UserPublic:
    return UserPublic(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=Role(row.role),
        is_local=row.is_local,
        created_at=row.created_at,
    )


def _normalize_email(email: str) -> str:
    return email.strip().lower()


def ensure_local_user(uow: UnitOfWork) -> UserPublic:
    """The single-user mode's local user, created on first use."""
    with uow:
        row = uow.session.execute(
            select(User).where(User.is_local.is_(True)).order_by(User.id).limit(1)
        ).scalar_one_or_none()
        if row is None:
            row = User(
                email=None,
                display_name=LOCAL_DISPLAY_NAME,
                password_hash=None,
                role=Role.ADMIN,
                is_local=True,
                calendar_token=_new_token(),
            )
            uow.session.add(row)
            uow.commit()
        return _public(row)


def get_user(uow: UnitOfWork, user_id: int) -> UserPublic:
    """A user by id (:class:`NotFoundError` if there is none)."""
    with uow:
        return _public(repo.get_user(uow.session, user_id))


def list_users(uow: UnitOfWork) -> list[UserPublic]:
    """Every user, oldest first."""
    with uow:
        rows = uow.session.execute(select(User).order_by(User.id)).scalars().all()
        return [_public(r) for r in rows]


def create_admin(uow: UnitOfWork, data: AdminCreate) -> UserPublic:
    """Create an admin with a password (the first account of a team installation)."""
    with uow:
        email = _normalize_email(data.email)
        exists = uow.session.execute(select(User.id).where(User.email == email)).first()
        if exists:
            raise InvalidInputError("email", "a user with this email already exists")
        row = User(
            email=email,
            display_name=data.display_name,
            password_hash=_hasher().hash(data.password),
            role=Role.ADMIN,
            is_local=False,
            calendar_token=_new_token(),
        )
        uow.session.add(row)
        uow.commit()
        return _public(row)


def invite(uow: UnitOfWork, admin_id: int, data: InviteCreate) -> InvitePublic:
    """An admin invites someone by email; the returned token is shown once to be sent."""
    with uow:
        admin = repo.get_user(uow.session, admin_id)
        if admin.role != Role.ADMIN:
            raise InvalidInputError("role", "only an admin can invite people")
        email = _normalize_email(data.email)
        if uow.session.execute(select(User.id).where(User.email == email)).first():
            raise InvalidInputError("email", "a user with this email already exists")
        row = Invite(
            token=_new_token(),
            email=email,
            role=data.role,
            created_by=admin.id,
            expires_at=utcnow() + timedelta(days=data.valid_days),
            used_at=None,
        )
        uow.session.add(row)
        uow.commit()
        return InvitePublic(
            id=row.id,
            token=row.token,
            email=row.email,
            role=Role(row.role),
            created_by=row.created_by,
            expires_at=row.expires_at,
            used_at=row.used_at,
        )


def accept_invite(uow: UnitOfWork, data: InviteAccept) -> UserPublic:
    """Turn a valid, unused, unexpired invitation into a user with a password."""
    with uow:
        row = uow.session.execute(select(Invite).where(Invite.token == data.token)).scalar_one_or_none()
        if row is None or row.used_at is not None or row.expires_at < utcnow():
            raise InvalidInputError("token", "this invitation is unknown, used or expired")
        if uow.session.execute(select(User.id).where(User.email == row.email)).first():
            raise InvalidInputError("email", "a user with this email already exists")
        user = User(
            email=row.email,
            display_name=data.display_name,
            password_hash=_hasher().hash(data.password),
            role=row.role,
            is_local=False,
            calendar_token=_new_token(),
        )
        row.used_at = utcnow()
        uow.session.add(user)
        uow.commit()
        return _public(user)


def authenticate(uow: UnitOfWork, email: str, password: str) -> UserPublic:
    """The user with this email and password, or :class:`AuthenticationError`.

    An unknown email costs one argon2 verification too, so timing does not
    tell which emails exist.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    with uow:
        row = uow.session.execute(
            select(User).where(func.lower(User.email) == _normalize_email(email))
        ).scalar_one_or_none()
        stored = row.password_hash if row is not None and row.password_hash else None
        try:
            _hasher().verify(stored or _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            raise AuthenticationError() from None
        if row is None or stored is None:
            raise AuthenticationError()
        if _hasher().check_needs_rehash(stored):
            row.password_hash = _hasher().hash(password)
            uow.commit()
        return _public(row)


def calendar_token(uow: UnitOfWork, user_id: int) -> str:
    """The user's current calendar-feed token (a secret: show it only to its owner)."""
    with uow:
        return repo.get_user(uow.session, user_id).calendar_token


def rotate_calendar_token(uow: UnitOfWork, user_id: int) -> str:
    """Replace the calendar-feed token (the old feed URL stops working) and return the new one."""
    with uow:
        row = repo.get_user(uow.session, user_id)
        row.calendar_token = _new_token()
        uow.commit()
        return row.calendar_token


def user_by_calendar_token(uow: UnitOfWork, token: str) -> UserPublic:
    """The user a calendar feed token belongs to (:class:`NotFoundError` otherwise)."""
    with uow:
        row = uow.session.execute(select(User).where(User.calendar_token == token)).scalar_one_or_none()
        if row is None or not secrets.compare_digest(row.calendar_token, token):
            raise NotFoundError("calendar feed", "(token)")
        return _public(row)
