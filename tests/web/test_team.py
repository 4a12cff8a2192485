"""Team mode: setup, invitations, login with rate limiting, admin-only pages."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import (
    ADMIN_PASSWORD,
    BASE,
    LOGIN_TOKEN,
    Browser,
    csrf_of,
    setup_admin,
)


def login(b: Browser, email: str, password: str):  # type: ignore[no-untyped-def]
    b.csrf = csrf_of(b.get("/login").text)
    return b.post("/login", {"email": email, "password": password}, follow_redirects=False)


def test_team_pages_need_login(team_app: FastAPI) -> None:
    with TestClient(team_app, base_url=BASE) as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/login"
        page = client.get("/login")
        assert 'name="password"' in page.text
        assert (
            client.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False).headers["location"]
            == "/login"
        )  # no one-time link in team mode


def test_setup_link_works_once(new_browser: Callable[[], Browser]) -> None:
    setup_admin(new_browser())
    other = new_browser()
    assert other.get(f"/setup?token={LOGIN_TOKEN}").status_code == 404


def test_setup_refuses_a_wrong_token(new_browser: Callable[[], Browser]) -> None:
    b = new_browser()
    b.csrf = csrf_of(b.get("/setup?token=x").text)
    response = b.post(
        "/setup", {"token": "x", "email": "a@b.org", "display_name": "A", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 403


def test_setup_password_rules(new_browser: Callable[[], Browser]) -> None:
    b = new_browser()
    b.csrf = csrf_of(b.get(f"/setup?token={LOGIN_TOKEN}").text)
    response = b.post(
        "/setup", {"token": LOGIN_TOKEN, "email": "a@b.org", "display_name": "A", "password": "short"}
    )
    assert response.status_code == 422
    assert "password" in response.text


def test_login_logout_and_wrong_password(
    team_pair: tuple[Browser, Browser], new_browser: Callable[[], Browser]
) -> None:
    ana, _ = team_pair
    assert ana.post("/logout").status_code == 200
    assert ana.get("/", follow_redirects=False).status_code == 303
    fresh = new_browser()
    wrong = login(fresh, "ana@example.org", "not the password")
    assert wrong.status_code == 401
    assert "do not match" in wrong.text
    ok = login(fresh, "ANA@example.org", ADMIN_PASSWORD)
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert fresh.get("/").status_code == 200


def test_login_is_rate_limited(
    team_pair: tuple[Browser, Browser], new_browser: Callable[[], Browser]
) -> None:
    attacker = new_browser()
    for _ in range(5):
        assert login(attacker, "ana@example.org", "guess guess guess").status_code == 401
    blocked = login(attacker, "ana@example.org", ADMIN_PASSWORD)
    assert blocked.status_code == 429  # even the right password, while blocked
    assert "Too many failed attempts" in blocked.text


def test_login_needs_csrf(team_app: FastAPI) -> None:
    with TestClient(team_app, base_url=BASE) as client:
        response = client.post("/login", data={"email": "a@b.org", "password": "x"})
        assert response.status_code == 403


def test_only_admins_invite(team_pair: tuple[Browser, Browser]) -> None:
    ana, ben = team_pair
    assert ana.get("/team").status_code == 200
    assert "Ben" in ana.get("/team").text
    assert ben.get("/team").status_code == 403
    assert ben.post("/team/invites", {"email": "eve@example.org"}).status_code == 403
    assert 'href="/team"' in ana.get("/").text
    assert 'href="/team"' not in ben.get("/").text


def test_an_invitation_works_once(
    team_pair: tuple[Browser, Browser], new_browser: Callable[[], Browser]
) -> None:
    import re

    ana, _ = team_pair
    page = ana.post("/team/invites", {"email": "cy@example.org"})
    match = re.search(r'value="http://[^/]+(/invite/[^"]+)"', page.text)
    assert match
    first, second = new_browser(), new_browser()
    for b in (first, second):
        b.csrf = csrf_of(b.get(match.group(1)).text)
    assert (
        first.post(
            match.group(1), {"display_name": "Cy", "password": "cy password 123"}, follow_redirects=False
        ).status_code
        == 303
    )
    again = second.post(match.group(1), {"display_name": "Cy2", "password": "cy password 123"})
    assert again.status_code == 422
    assert "unknown, used or expired" in again.text


def test_duplicate_invite_names_the_field(team_pair: tuple[Browser, Browser]) -> None:
    ana, _ = team_pair
    response = ana.post("/team/invites", {"email": "ben@example.org"})
    assert response.status_code == 422
    assert "email" in response.text
