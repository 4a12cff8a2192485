"""The security model: one-time link, sessions, CSRF, headers, no CDN, the API's 401."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from clearair.web.config import WebSettings, is_loopback
from clearair.web.security import CONTENT_SECURITY_POLICY
from tests.web.conftest import API_TOKEN, BASE, LOGIN_TOKEN, Browser, csrf_of, make_web

TEMPLATES = Path(__file__).parents[2] / "src" / "clearair" / "web" / "templates"


def test_pages_need_a_session(anon: TestClient) -> None:
    for path in ("/", "/check", "/guides", "/conversations", "/mistakes", "/settings"):
        response = anon.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/login"


def test_htmx_request_without_session_is_told_to_go_to_login(anon: TestClient) -> None:
    response = anon.get("/check", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"


def test_the_link_token_works_once(anon: TestClient, app: FastAPI) -> None:
    first = anon.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False)
    assert first.status_code == 303
    cookie = first.headers["set-cookie"]
    assert "clearair_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    assert anon.get("/").status_code == 200
    with TestClient(app, base_url=BASE) as other:
        again = other.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False)
        assert again.status_code == 403
        assert "already been used" in again.text
        assert other.get("/", follow_redirects=False).status_code == 303


def test_a_wrong_token_is_refused(anon: TestClient) -> None:
    response = anon.get("/login/token?token=guess", follow_redirects=False)
    assert response.status_code == 403
    assert "not valid" in response.text
    assert "set-cookie" not in response.headers or "clearair_session" not in response.headers.get(
        "set-cookie", ""
    )
    # the real token still works after a wrong guess
    assert anon.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False).status_code == 303


def test_secure_cookies_when_asked(tmp_path: Path) -> None:
    from clearair.web.app import create_app

    app = create_app(make_web(secure_cookies=True))
    with TestClient(app, base_url=BASE) as client:
        response = client.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False)
        assert "Secure" in response.headers["set-cookie"]
    app.state.db.close()


def test_logout_ends_the_session(browser: Browser) -> None:
    response = browser.post("/logout")
    assert response.status_code == 200
    assert "signed out" in response.text
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_logout_needs_the_csrf_token(browser: Browser) -> None:
    response = browser.client.post("/logout", data={})
    assert response.status_code == 403
    assert browser.get("/").status_code == 200


@pytest.mark.parametrize("token", ["", "wrong"])
def test_forms_refuse_a_missing_or_wrong_csrf_token(browser: Browser, token: str) -> None:
    response = browser.client.post("/check", data={"text": "hi", "csrf_token": token})
    assert response.status_code == 403
    response = browser.client.post(
        "/check", data={"text": "hi"}, headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert response.status_code == 403


def test_csrf_token_of_one_session_does_not_work_for_another(app: FastAPI, browser: Browser) -> None:
    # A second session in single-user mode cannot exist (the link is spent), so
    # compare against the anonymous token an attacker's page could obtain.
    with TestClient(app, base_url=BASE) as attacker:
        anon_token = csrf_of(attacker.get("/login").text)
    response = browser.client.post("/check", data={"text": "hi"}, headers={"X-CSRF-Token": anon_token})
    assert response.status_code == 403


def test_api_refuses_without_credentials(anon: TestClient) -> None:
    for method, path in [
        ("POST", "/api/v1/check"),
        ("GET", "/api/v1/conversations"),
        ("GET", "/api/v1/mistakes"),
        ("GET", "/api/v1/openapi.json"),
    ]:
        response = anon.request(method, path, json={"text": "hi"})
        assert response.status_code == 401, path
        assert response.json()["error"]["message"].startswith("Not signed in")


def test_unknown_api_paths_are_401_too_without_credentials(anon: TestClient, api: TestClient) -> None:
    assert anon.get("/api/v1/nothing-here").status_code == 401
    assert anon.post("/api/v2/check", json={}).status_code == 401
    assert api.get("/api/v1/nothing-here").status_code == 404


def test_api_refuses_a_wrong_bearer_token(anon: TestClient) -> None:
    response = anon.post("/api/v1/check", json={"text": "hi"}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_api_with_cookie_needs_the_csrf_header(browser: Browser) -> None:
    response = browser.client.post("/api/v1/check", json={"text": "hi"})
    assert response.status_code == 403
    assert response.json()["error"]["field"] == "X-CSRF-Token"


def test_the_bearer_token_is_not_accepted_in_team_mode(team_app: FastAPI) -> None:
    with TestClient(team_app, base_url=BASE) as client:
        response = client.get("/api/v1/conversations", headers={"Authorization": f"Bearer {API_TOKEN}"})
        assert response.status_code == 401


def test_security_headers_on_every_response(browser: Browser, anon: TestClient) -> None:
    for response in (
        browser.get("/"),
        browser.get("/check"),
        anon.get("/login"),
        anon.get("/static/htmx.min.js"),
        anon.get("/nowhere"),
        anon.post("/api/v1/check", json={}),
    ):
        headers = response.headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
    csp = CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_private_pages_are_not_cached(browser: Browser) -> None:
    assert browser.get("/").headers["cache-control"] == "no-store"


def test_host_header_must_be_loopback_in_single_user_mode(browser: Browser) -> None:
    response = browser.client.get("/", headers={"Host": "attacker.example:8765"})
    assert response.status_code == 400
    assert browser.client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_no_asset_from_elsewhere(browser: Browser) -> None:
    html = browser.get("/").text + browser.get("/check").text
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith(("/", "#")), url
    htmx = browser.get("/static/htmx.min.js")
    assert htmx.status_code == 200
    assert htmx.text.startswith("/*! htmx 2.0.11")
    assert "Zero-Clause BSD" in htmx.text[:300]
    assert browser.get("/static/app.js").status_code == 200
    assert browser.get("/static/app.css").status_code == 200


def test_templates_have_no_inline_script_or_style() -> None:
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, f"{path.name}: inline script {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{path.name}: inline event handler"
        assert " style=" not in text, f"{path.name}: inline style attribute"
        assert "hx-on" not in text, f"{path.name}: hx-on needs eval"
        assert "<style" not in text, f"{path.name}: inline style element"


def test_team_mode_is_required_off_loopback() -> None:
    with pytest.raises(ValueError, match="team mode"):
        make_web(host="0.0.0.0")
    assert make_web(team=True, host="0.0.0.0").team
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("192.168.1.5")


def test_settings_repr_hides_secrets() -> None:
    web: WebSettings = make_web()
    assert LOGIN_TOKEN not in repr(web)
    assert API_TOKEN not in repr(web)


def test_openapi_document_lists_the_api(api: TestClient) -> None:
    doc = api.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/check" in doc["paths"]
    assert all(path.startswith("/api/v1/") for path in doc["paths"])


def test_cookies_are_secure_when_the_request_came_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://127.0.0.1:8765") as client:
        response = client.get(f"/login/token?token={LOGIN_TOKEN}", follow_redirects=False)
        assert response.status_code == 303
        assert "Secure" in response.headers["set-cookie"]


def test_logged_out_page_and_htmx_logout(browser: Browser, anon: TestClient) -> None:
    page = anon.get("/logged-out")
    assert page.status_code == 200
    assert "clearair serve" in page.text  # single-user: how to get back in
    response = browser.htmx_post("/logout")
    assert response.headers["HX-Redirect"] == "/logged-out"
    assert browser.get("/", follow_redirects=False).status_code == 303
