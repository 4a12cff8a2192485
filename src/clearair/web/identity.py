"""Who a session or the API token belongs to, through the accounts service.

Single-user mode has one person, the local user (created on first start).
Team mode looks each session's user up, so a removed user is out at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearair.domain.errors import AuthenticationError, NotFoundError
from clearair.domain.schemas import Role, UserPublic
from clearair.services import accounts
from clearair.web.deps import Principal
from clearair.web.security import OneTimeToken, Session

if TYPE_CHECKING:
    from clearair.storage.database import Database


def _principal(user: UserPublic, session: Session | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        name=user.display_name,
        is_admin=user.role == Role.ADMIN,
        session=session,
    )


class Identity:
    """Maps credentials to a :class:`Principal` (single-user or team mode)."""

    def __init__(self, db: Database, team: bool) -> None:
        self._db = db
        self.team = team
        self._local: Principal | None = None
        self.setup_token: OneTimeToken | None = None
        if not team:
            self._local = _principal(accounts.ensure_local_user(db.unit_of_work()))

    def local_principal(self) -> Principal | None:
        """The owner in single-user mode (``None`` in team mode)."""
        return self._local

    def principal_for(self, session: Session) -> Principal | None:
        if not self.team:
            local = self._local
            if local is None or local.user_id != session.user_id:
                return None
            return Principal(local.user_id, local.name, local.is_admin, session)
        try:
            user = accounts.get_user(self._db.unit_of_work(), session.user_id)
        except NotFoundError:
            return None
        return _principal(user, session)

    def authenticate(self, email: str, password: str) -> Principal | None:
        try:
            return _principal(accounts.authenticate(self._db.unit_of_work(), email, password))
        except AuthenticationError:
            return None

    def needs_admin(self) -> bool:
        """Team mode with no admin yet: the first visitor with the setup link creates one."""
        if not self.team:
            return False
        users = accounts.list_users(self._db.unit_of_work())
        return not any(u.role == Role.ADMIN and not u.is_local for u in users)
