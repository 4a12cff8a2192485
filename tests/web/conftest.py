"""Fixtures for the route tests: an app on a fresh database, signed-in clients."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from clearair.settings import Settings
from clearair.web.app import create_app
from clearair.web.config import WebSettings

BASE = "http://127.0.0.1:8765"
LOGIN_TOKEN = "login-token-for-tests-0123456789"
API_TOKEN = "api-token-for-tests-0123456789"


def csrf_of(html: str) -> str:
    """The CSRF token a page carries in its ``<meta name="csrf-token">``."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match, "page has no csrf-token meta"
    return match.group(1)


class Browser:
    """A test client that signs in like a person and sends the CSRF token like htmx."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def refresh_csrf(self, path: str = "/") -> str:
        self.csrf = csrf_of(self.client.get(path).text)
        return self.csrf

    def get(self, path: str, **kw: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, **kw)  # type: ignore[arg-type]

    def htmx_get(self, path: str, **kw: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers={"HX-Request": "true"}, **kw)  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(path, data=form, **kw)  # type: ignore[arg-type]

    def htmx_post(self, path: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
        headers = {"HX-Request": "true", "X-CSRF-Token": self.csrf}
        return self.client.post(path, data=data or {}, headers=headers, **kw)  # type: ignore[arg-type]

    def api(self, method: str, path: str, **kw: object):  # type: ignore[no-untyped-def]
        headers = {"X-CSRF-Token": self.csrf}
        return self.client.request(method, path, headers=headers, **kw)  # type: ignore[arg-type]


def make_web(team: bool = False, **kw: object) -> WebSettings:
    return WebSettings(
        settings=Settings.from_env(),
        team=team,
        login_token=LOGIN_TOKEN,
        api_token=API_TOKEN,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def app() -> Iterator[FastAPI]:
    application = create_app(make_web())
    yield application
    application.state.db.close()


@pytest.fixture
def anon(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as client:
        yield client


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Browser]:
    """Signed in through the one-time link, CSRF token in hand."""
    with TestClient(app, base_url=BASE) as client:
        response = client.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False)
        assert response.status_code == 303
        b = Browser(client)
        b.refresh_csrf()
        yield b


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    """A script's client: the bearer API token, no cookies."""
    with TestClient(
        app, base_url=BASE, headers={"Authorization": f"Bearer {API_TOKEN}"}
    ) as client:
        yield client


@pytest.fixture
def team_app() -> Iterator[FastAPI]:
    application = create_app(make_web(team=True))
    yield application
    application.state.db.close()


@pytest.fixture
def new_browser(team_app: FastAPI) -> Iterator[Callable[[], Browser]]:
    """Make as many separate (cookie-isolated) browsers on the team app as a test needs."""
    clients: list[TestClient] = []

    def make() -> Browser:
        client = TestClient(team_app, base_url=BASE)
        client.__enter__()
        clients.append(client)
        b = Browser(client)
        b.refresh_csrf("/login")
        return b

    yield make
    for client in clients:
        client.__exit__(None, None, None)


ADMIN_PASSWORD = "admin password 123"
MEMBER_PASSWORD = "member password 456"


def setup_admin(b: Browser, email: str = "ana@example.org", name: str = "Ana") -> Browser:
    """Create the team's first admin through the setup link; ``b`` ends signed in."""
    page = b.get(f"/setup?token={LOGIN_TOKEN}")
    assert page.status_code == 200
    b.csrf = csrf_of(page.text)
    response = b.post(
        "/setup",
        {"token": LOGIN_TOKEN, "email": email, "display_name": name, "password": ADMIN_PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    b.refresh_csrf()
    return b


def invite_member(admin: Browser, b: Browser, email: str, name: str) -> Browser:
    """The admin invites ``email``; ``b`` accepts and ends signed in."""
    page = admin.post("/team/invites", {"email": email})
    assert page.status_code == 200, page.text
    match = re.search(r'value="http://[^/]+(/invite/[^"]+)"', page.text)
    assert match
    link = match.group(1)
    b.csrf = csrf_of(b.get(link).text)
    response = b.post(
        link, {"display_name": name, "password": MEMBER_PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    b.refresh_csrf()
    return b


@pytest.fixture
def team_pair(new_browser: Callable[[], Browser]) -> tuple[Browser, Browser]:
    """Two signed-in members of one team: Ana (admin) and Ben (member)."""
    ana = setup_admin(new_browser())
    ben = invite_member(ana, new_browser(), "ben@example.org", "Ben")
    return ana, ben


def api_routes(app: FastAPI) -> list[APIRoute]:
    """Every endpoint of the app, including those of included routers.

    FastAPI keeps an included router as one wrapper entry in ``app.routes``;
    this walks into them so that route-by-route checks see every endpoint.
    """
    found: list[APIRoute] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                if prefix:
                    route = copy.copy(route)
                    route.path = prefix + route.path
                found.append(route)
            elif hasattr(route, "original_router"):
                extra = getattr(getattr(route, "include_context", None), "prefix", "") or ""
                walk(route.original_router.routes, prefix + extra)

    walk(list(app.routes), "")
    return found
