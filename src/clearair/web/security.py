"""Sessions, CSRF, login rate limiting and security headers.

Sessions live in memory on the server (a restart signs everyone out); the
browser holds only an opaque random id in an HttpOnly, SameSite=Lax cookie.
Each session carries its own CSRF token, which every form posts back as
``csrf_token`` and every htmx request sends as ``X-CSRF-Token``.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "clearair_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


@dataclass
class Session:
    """One signed-in browser (or API client using a cookie)."""

    id: str
    user_id: int
    csrf_token: str
    created: float
    last_seen: float
    data: dict[str, str] = field(default_factory=dict)


class SessionStore:
    """Server-side sessions keyed by an unguessable id; thread-safe."""

    def __init__(self, idle_seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._idle = idle_seconds
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user_id: int) -> Session:
        now = self._clock()
        session = Session(
            id=secrets.token_urlsafe(32),
            user_id=user_id,
            csrf_token=secrets.token_urlsafe(32),
            created=now,
            last_seen=now,
        )
        with self._lock:
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        now = self._clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if now - session.last_seen > self._idle:
                del self._sessions[session_id]
                return None
            session.last_seen = now
            return session

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def delete_user(self, user_id: int) -> None:
        """Sign a user out everywhere (after a password change or removal)."""
        with self._lock:
            for sid in [s.id for s in self._sessions.values() if s.user_id == user_id]:
                del self._sessions[sid]


class RateLimiter:
    """At most ``limit`` failures per ``window`` seconds for one key."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        now = self._clock()
        hits = self._failures.setdefault(key, deque())
        while hits and now - hits[0] > self._window:
            hits.popleft()
        return hits

    def blocked(self, *keys: str) -> bool:
        with self._lock:
            return any(len(self._recent(k)) >= self._limit for k in keys)

    def fail(self, *keys: str) -> None:
        with self._lock:
            now = self._clock()
            for key in keys:
                self._recent(key).append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


class OneTimeToken:
    """A secret that can be exchanged exactly once (the link ``serve`` prints)."""

    def __init__(self, value: str) -> None:
        self._value: str | None = value
        self._lock = threading.Lock()

    def spend(self, candidate: str) -> bool:
        with self._lock:
            if self._value is None or not secrets.compare_digest(candidate.encode(), self._value.encode()):
                return False
            self._value = None
            return True

    @property
    def spent(self) -> bool:
        return self._value is None


def cookies_secure(request: Request) -> bool:
    """Mark cookies ``Secure`` when asked to, or when the request came over HTTPS.

    Behind a reverse proxy on this machine, uvicorn takes the scheme from
    ``X-Forwarded-Proto``, so HTTPS at the proxy is seen here.
    """
    return bool(request.app.state.web.secure_cookies) or request.url.scheme == "https"


def tokens_match(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return secrets.compare_digest(a.encode(), b.encode())


class SecurityHeadersMiddleware:
    """Adds the security headers to every response and guards the Host header.

    In single-user mode only loopback host names are accepted, so a web page
    that rebinds its own domain name to 127.0.0.1 cannot talk to the app.
    Responses other than static files are marked ``no-store``: they hold
    private text.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str] | None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed_hosts is not None:
            host = ""
            for key, value in scope["headers"]:
                if key == b"host":
                    host = value.decode("latin-1")
                    break
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                response = PlainTextResponse("Invalid host header", status_code=400)
                await response(scope, receive, self._sender(scope, send))
                return
        await self.app(scope, receive, self._sender(scope, send))

    def _sender(self, scope: Scope, send: Send) -> Send:
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
                if not static:
                    headers["cache-control"] = "no-store"
            await send(message)

        return send_with_headers
