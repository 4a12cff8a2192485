"""Browser tests: the real app on a free loopback port, driven by Debian's Chromium.

Chromium comes from ``CLEARAIR_TEST_CHROMIUM`` (default ``/usr/bin/chromium``,
installed by ``.ci/run``). Screenshots go to ``CLEARAIR_SCREENSHOTS_DIR`` when
it is set (``docs/screenshots`` to refresh the docs), else to a temporary
directory.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from clearair.settings import Settings
from clearair.web.config import WebSettings
from tests.conftest import require

CHROMIUM = os.environ.get("CLEARAIR_TEST_CHROMIUM", "/usr/bin/chromium")
LOGIN_TOKEN = "browser-login-token-0123456789abcdef"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running app: its base URL, settings and the uvicorn server."""

    url: str
    web: WebSettings
    server: Any
    thread: threading.Thread
    console_errors: list[str] = field(default_factory=list)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.server.config.app.state.db.close()


def start_server(team: bool = False) -> Server:
    import uvicorn

    from clearair.web.app import create_app

    port = _free_port()
    web = WebSettings(settings=Settings.from_env(), port=port, team=team, login_token=LOGIN_TOKEN)
    app = create_app(web)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not start within 10 s")
        time.sleep(0.02)
    return Server(url=f"http://127.0.0.1:{port}", web=web, server=server, thread=thread)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras install it
        require(False, "the playwright package is not installed")
        raise
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = start_server()
    yield s
    s.stop()


@pytest.fixture
def team_server() -> Iterator[Server]:
    s = start_server(team=True)
    yield s
    s.stop()


def _watch(page: Any, errors: list[str]) -> Any:
    """Record console errors (a CSP violation is one) and failed requests."""

    def on_console(msg: Any) -> None:
        # HTTP error statuses are asserted by the tests themselves; anything
        # else logged as an error (a CSP violation, a script error) is a failure.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(msg.text)

    def on_response(response: Any) -> None:
        if "/static/" in response.url and response.status >= 400:
            errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Make pages, each in its own browser context (its own cookies)."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make() -> Any:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        return _watch(context.new_page(), errors)

    make.errors = errors  # type: ignore[attr-defined]
    yield make
    for context in contexts:
        context.close()
    assert not errors, f"console errors in the browser: {errors}"


@pytest.fixture
def page(server: Server, new_page: Any) -> Any:
    """A page signed in through the one-time link."""
    p = new_page()
    p.goto(f"{server.url}/login/token?token={LOGIN_TOKEN}")
    return p


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = os.environ.get("CLEARAIR_SCREENSHOTS_DIR")
    directory = Path(target) if target else tmp_path / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory
