"""Who a session or the API token belongs to.

Single-user mode has one person, the local user. Team mode looks the
session's user up through the accounts service.
"""

from __future__ import annotations

from typing import Protocol

from clearair.web.config import WebSettings
from clearair.web.deps import Principal
from clearair.web.security import Session

LOCAL_USER_ID = "local"


class Identity(Protocol):
    def local_principal(self) -> Principal | None: ...

    def principal_for(self, session: Session) -> Principal | None: ...


class LocalIdentity:
    """Single-user mode: every valid session and the API token are the owner."""

    def local_principal(self) -> Principal:
        return Principal(user_id=LOCAL_USER_ID, name="You", is_admin=True)

    def principal_for(self, session: Session) -> Principal:
        return Principal(user_id=session.user_id, name="You", is_admin=True, session=session)


def make_identity(web: WebSettings) -> Identity:
    return LocalIdentity()
