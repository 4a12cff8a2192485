"""The Check page and ``POST /api/v1/check``."""

from __future__ import annotations

from fastapi.testclient import TestClient

import clearair
from tests.web.conftest import Browser

APOLOGY = "I'm sorry if you were upset. I was busy, but I will fix the report today."


def test_check_page_has_the_form(browser: Browser) -> None:
    page = browser.get("/check")
    assert page.status_code == 200
    assert 'id="draft"' in page.text
    assert 'hx-post="/check"' in page.text
    assert "delay:300ms" in page.text  # debounced while typing
    assert 'for="draft"' in page.text  # the textarea is labelled


def test_htmx_fragment_highlights_every_finding(browser: Browser) -> None:
    report = clearair.check(APOLOGY)
    assert report.findings, "the example must produce findings"
    response = browser.htmx_post("/check", {"text": APOLOGY, "kind": "auto"})
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html  # a fragment, not a page
    assert f'data-score="{report.score}"' in html
    assert report.verdict in html
    for f in report.findings:
        assert f'data-label="{f.label}"' in html
        assert f.label in html
    assert html.count("<mark") >= 1
    assert 'tabindex="0"' in html  # highlights are reachable by keyboard
    assert "aria-describedby" in html


def test_full_page_post_works_without_javascript(browser: Browser) -> None:
    response = browser.post("/check", {"text": APOLOGY, "kind": "apology"})
    assert response.status_code == 200
    assert "<html" in response.text
    assert 'data-score="' in response.text
    assert APOLOGY.split(".")[0].replace("'", "&#39;") in response.text


def test_empty_draft_shows_no_score(browser: Browser) -> None:
    response = browser.htmx_post("/check", {"text": "   "})
    assert response.status_code == 200
    assert "data-score" not in response.text


def test_user_text_is_escaped(browser: Browser) -> None:
    response = browser.htmx_post("/check", {"text": "Sorry <script>alert(1)</script> I was late."})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_api_check_returns_the_cli_document(api: TestClient) -> None:
    response = api.post("/api/v1/check", json={"text": APOLOGY})
    assert response.status_code == 200
    assert response.json() == clearair.check(APOLOGY).to_dict()
    assert response.json()["schema"] == "clearair.check/1"


def test_api_check_with_a_kind(api: TestClient) -> None:
    response = api.post("/api/v1/check", json={"text": APOLOGY, "kind": "conversation"})
    assert response.json() == clearair.check(APOLOGY, kind="conversation").to_dict()


def test_api_check_errors_name_the_field(api: TestClient) -> None:
    missing = api.post("/api/v1/check", json={})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "text"
    assert "text" in missing.json()["error"]["message"]
    wrong_kind = api.post("/api/v1/check", json={"text": "hi", "kind": "poem"})
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["error"]["field"] == "kind"
    extra = api.post("/api/v1/check", json={"text": "hi", "colour": "red"})
    assert extra.status_code == 422
    assert extra.json()["error"]["field"] == "colour"
    too_long = api.post("/api/v1/check", json={"text": "a" * 50_001})
    assert too_long.status_code == 422
    assert too_long.json()["error"]["field"] == "text"
    not_json = api.post(
        "/api/v1/check", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 422
    assert not_json.json()["error"]["field"] == "body"


def test_api_check_with_session_cookie_and_csrf_header(browser: Browser) -> None:
    response = browser.api("POST", "/api/v1/check", json={"text": APOLOGY})
    assert response.status_code == 200
    assert response.json()["schema"] == "clearair.check/1"
