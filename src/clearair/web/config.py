"""How the web app runs: single-user or team, where, and with which secrets."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field

from clearair.settings import Settings

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    """True for a host name or address that only this machine can reach."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh unguessable token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class WebSettings:
    """Everything ``create_app`` needs; built by ``clearair serve`` or by tests.

    ``team`` turns on accounts, login and the team board; it is required for
    any address other than loopback. In single-user mode ``login_token`` is
    the one-time secret in the printed link and ``api_token`` is the
    reusable bearer token for scripts calling ``/api/v1``.
    ``secure_cookies`` marks cookies ``Secure`` (set it when served over
    HTTPS, for example behind a reverse proxy).
    """

    settings: Settings
    host: str = "127.0.0.1"
    port: int = 8765
    team: bool = False
    secure_cookies: bool = False
    login_token: str = field(default_factory=new_token, repr=False)
    api_token: str = field(default_factory=new_token, repr=False)
    session_idle_seconds: int = 12 * 3600
    login_attempts_per_window: int = 5
    login_window_seconds: int = 15 * 60

    def __post_init__(self) -> None:
        if not self.team and not is_loopback(self.host):
            raise ValueError(
                f"host {self.host!r} is not a loopback address: serving to other "
                "machines needs team mode (--team), with accounts and passwords"
            )

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"http://{host}:{self.port}"

    @property
    def allowed_hosts(self) -> frozenset[str] | None:
        """Host header values accepted in single-user mode (DNS-rebinding guard).

        ``None`` in team mode, where a reverse proxy may use any name.
        """
        if self.team:
            return None
        return frozenset({"localhost", "127.0.0.1", "[::1]", self.host})
