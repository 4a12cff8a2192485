"""Typed dependencies shared by the routes: who is calling, CSRF, the app's parts.

Routes declare what they need with the aliases at the bottom
(``user: CurrentUser``, ``web: WebDep``) and stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from clearair.storage.uow import UnitOfWork
from clearair.web.config import WebSettings
from clearair.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    Session,
    SessionStore,
    tokens_match,
)

ANON_CSRF_COOKIE = "clearair_csrf"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class NotAuthenticatedError(Exception):
    """No valid session, token or bearer credential came with the request."""


class CsrfError(Exception):
    """A state-changing request without the right CSRF token."""


class ForbiddenError(Exception):
    """Signed in, but this is not yours (or you are not an admin)."""


@dataclass(frozen=True)
class Principal:
    """The person behind a request.

    ``session`` is ``None`` when the caller used the bearer API token, which
    is not ambient (a browser never sends it by itself), so no CSRF check is
    needed for it.
    """

    user_id: int
    name: str
    is_admin: bool
    session: Session | None = None


async def web_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.web
    return settings


async def session_store(request: Request) -> SessionStore:
    store: SessionStore = request.app.state.sessions
    return store


def current_session(request: Request) -> Session | None:
    store: SessionStore = request.app.state.sessions
    return store.get(request.cookies.get(SESSION_COOKIE))


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return None


def resolve_user(request: Request) -> Principal | None:
    """The caller if signed in (session cookie or bearer token), else ``None``."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    web: WebSettings = request.app.state.web
    principal: Principal | None = None
    token = _bearer(request)
    if token is not None:
        if not web.team and tokens_match(token, web.api_token):
            principal = request.app.state.identity.local_principal()
    else:
        session = current_session(request)
        if session is not None:
            principal = request.app.state.identity.principal_for(session)
    request.state.principal = principal
    return principal


# The dependencies are ``async def`` so that FastAPI runs them on the event
# loop instead of handing each one to the thread pool (they do not block:
# a dict lookup, or in team mode one small indexed query).


async def optional_user(request: Request) -> Principal | None:
    return resolve_user(request)


async def current_user(request: Request) -> Principal:
    principal = resolve_user(request)
    if principal is None:
        raise NotAuthenticatedError
    return principal


async def admin_user(user: Annotated[Principal, Depends(current_user)]) -> Principal:
    if not user.is_admin:
        raise ForbiddenError
    return user


def csrf_token_for(request: Request) -> str:
    """The token forms and htmx must send back: the session's, or an anonymous one."""
    session = current_session(request)
    if session is not None:
        return session.csrf_token
    token = request.cookies.get(ANON_CSRF_COOKIE) or getattr(request.state, "anon_csrf", None)
    if not token:
        import secrets

        token = secrets.token_urlsafe(32)
        request.state.anon_csrf = token
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token is missing or wrong.

    The token comes from the ``X-CSRF-Token`` header (htmx, fetch) or the
    ``csrf_token`` form field. Bearer-token API calls are exempt.
    """
    if request.method not in UNSAFE_METHODS:
        return
    if _bearer(request) is not None:
        return
    sent = request.headers.get(CSRF_HEADER)
    form = None
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    session = current_session(request)
    expected = session.csrf_token if session else request.cookies.get(ANON_CSRF_COOKIE)
    if not tokens_match(sent, expected):
        if form is not None:
            await form.close()  # uploaded files are not kept
        raise CsrfError


async def unit_of_work(request: Request) -> UnitOfWork:
    """A fresh unit of work for this request (services open and commit it)."""
    uow: UnitOfWork = request.app.state.db.unit_of_work()
    return uow


WebDep = Annotated[WebSettings, Depends(web_settings)]
CurrentUser = Annotated[Principal, Depends(current_user)]
OptionalUser = Annotated[Principal | None, Depends(optional_user)]
AdminUser = Annotated[Principal, Depends(admin_user)]
Sessions = Annotated[SessionStore, Depends(session_store)]
Csrf = Depends(verify_csrf)
Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
