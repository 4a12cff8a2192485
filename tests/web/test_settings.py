"""Settings (export, import, delete everything), the calendar feed, guides, home."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from clearair.guides import load_cards
from tests.web.conftest import Browser
from tests.web.test_conversations import new_conversation
from tests.web.test_mistakes import new_mistake


def feed_path(b: Browser) -> str:
    match = re.search(r'value="http://[^/]+(/calendar/[^"]+\.ics)"', b.get("/settings").text)
    assert match
    return match.group(1)


def test_export_then_import(browser: Browser, api: TestClient) -> None:
    new_conversation(browser)
    new_mistake(browser)
    export = browser.get("/settings/export.json")
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    document = export.json()
    assert document["format"] == "clearair.export"
    assert len(document["conversations"]) == 1
    response = browser.client.post(
        "/settings/import",
        data={"csrf_token": browser.csrf},
        files={"file": ("export.json", export.content, "application/json")},
    )
    assert response.status_code == 200
    assert "Imported: 1 conversations, 1 mistakes" in response.text
    assert len(api.get("/api/v1/conversations").json()) == 2
    replaced = browser.client.post(
        "/settings/import",
        data={"csrf_token": browser.csrf, "replace": "on"},
        files={"file": ("export.json", export.content, "application/json")},
    )
    assert replaced.status_code == 200
    assert len(api.get("/api/v1/conversations").json()) == 1


def test_import_errors(browser: Browser) -> None:
    bad = browser.client.post(
        "/settings/import",
        data={"csrf_token": browser.csrf},
        files={"file": ("x.json", b"{not json", "application/json")},
    )
    assert bad.status_code == 422
    assert "not a JSON export file" in bad.text
    wrong = browser.client.post(
        "/settings/import",
        data={"csrf_token": browser.csrf},
        files={"file": ("x.json", json.dumps({"format": "other"}).encode(), "application/json")},
    )
    assert wrong.status_code == 422
    assert "file:" in wrong.text
    none = browser.client.post("/settings/import", data={"csrf_token": browser.csrf})
    assert none.status_code == 422


def test_import_needs_csrf(browser: Browser) -> None:
    response = browser.client.post("/settings/import", files={"file": ("x.json", b"{}", "application/json")})
    assert response.status_code == 403


def test_delete_everything_needs_the_words(browser: Browser, api: TestClient) -> None:
    new_conversation(browser)
    new_mistake(browser)
    refused = browser.post("/settings/delete-everything", {"confirm": "yes"})
    assert refused.status_code == 422
    assert len(api.get("/api/v1/conversations").json()) == 1
    done = browser.post("/settings/delete-everything", {"confirm": "delete everything"})
    assert done.status_code == 200
    assert "Deleted:" in done.text
    assert api.get("/api/v1/conversations").json() == []
    assert api.get("/api/v1/mistakes").json() == []


def test_calendar_feed_and_rotation(browser: Browser, anon: TestClient) -> None:
    cid = new_conversation(browser)
    browser.post(f"/conversations/{cid}/check-ins", {"when": "2030-04-01", "note": "private"})
    path = feed_path(browser)
    feed = anon.get(path)  # a calendar app has no session: the URL is the credential
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text
    assert "DTSTART;VALUE=DATE:20300401" in feed.text
    assert "private" not in feed.text
    assert "Late reports" not in feed.text
    browser.post("/settings/calendar/rotate")
    assert anon.get(path).status_code == 404
    new_path = feed_path(browser)
    assert new_path != path
    assert anon.get(new_path).status_code == 200
    assert anon.get("/calendar/guess.ics").status_code == 404


def test_guides_are_the_cli_cards(browser: Browser) -> None:
    page = browser.get("/guides")
    assert page.status_code == 200
    for card in load_cards():
        assert card.title in page.text
        one = browser.get(f"/guides/{card.slug}")
        assert one.status_code == 200
        for point in card.points:
            assert point.text.replace("'", "&#39;").replace('"', "&#34;") in one.text
    assert browser.get("/guides/nope").status_code == 404


def test_home_lists_what_needs_attention(browser: Browser, api: TestClient) -> None:
    assert 'id="attention-empty"' in browser.get("/").text
    created = api.post(
        "/api/v1/conversations",
        json={
            "kind": "apology",
            "title": "Forgot the birthday",
            "counterpart": {"name": "Jo"},
            "target_date": "2020-01-01",
        },
    )
    assert created.status_code == 201
    new_mistake(browser, title="Wrong file shared")
    home = browser.get("/").text
    assert "Forgot the birthday" in home
    assert "overdue" in home
    assert "Wrong file shared" in home
    assert "not told yet" in home
