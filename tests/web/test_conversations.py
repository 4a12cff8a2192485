"""Conversation pages (full and htmx fragments) and the conversations API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import Browser


def new_conversation(b: Browser, kind: str = "feedback", title: str = "Late reports") -> int:
    response = b.post(
        "/conversations",
        {
            "kind": kind,
            "title": title,
            "name": "Sam",
            "relationship": "my report",
            "target_date": "2030-01-15",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    match = re.match(r"/conversations/(\d+)/plan$", response.headers["location"])
    assert match
    return int(match.group(1))


def test_three_ways_in_from_home(browser: Browser) -> None:
    home = browser.get("/")
    assert "I made a mistake" in home.text
    assert 'href="/conversations/new?kind=apology"' in home.text
    assert 'href="/conversations/new?kind=feedback"' in home.text
    assert 'href="/mistakes/new"' in home.text
    page = browser.get("/conversations/new?kind=apology")
    assert page.status_code == 200
    assert '<option value="apology" selected>' in page.text


def test_create_and_list(browser: Browser) -> None:
    cid = new_conversation(browser)
    listing = browser.get("/conversations")
    assert listing.status_code == 200
    assert f'href="/conversations/{cid}"' in listing.text
    assert "Late reports" in listing.text


def test_create_with_missing_title_names_the_field(browser: Browser) -> None:
    response = browser.post("/conversations", {"kind": "feedback", "title": "", "name": "Sam"})
    assert response.status_code == 422
    assert "title" in response.text
    assert 'value="Sam"' in response.text  # nothing typed is lost


def test_detail_page_and_fragment(browser: Browser) -> None:
    cid = new_conversation(browser)
    page = browser.get(f"/conversations/{cid}")
    assert page.status_code == 200
    assert "<html" in page.text
    for section in ("Timeline", "Drafts", "Outcome", "Agreements", "Check-ins", "Written summary"):
        assert section in page.text
    fragment = browser.htmx_get(f"/conversations/{cid}")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="conversation-body"' in fragment.text


def test_outcome_agreement_check_in_and_summary(browser: Browser) -> None:
    cid = new_conversation(browser)
    response = browser.post(
        f"/conversations/{cid}/outcome",
        {"held_at": "2026-11-20T10:00", "result": "agreement", "notes": "Went calmly."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    fragment = browser.htmx_post(
        f"/conversations/{cid}/agreements",
        {"action": "Send the report by Friday noon", "owner": "Sam", "due_date": "2030-02-01"},
    )
    assert fragment.status_code == 200
    assert "Send the report by Friday noon" in fragment.text
    assert "<html" not in fragment.text
    browser.htmx_post(f"/conversations/{cid}/check-ins", {"when": "2030-02-08", "note": "Review"})
    detail = browser.get(f"/conversations/{cid}").text
    assert "We agreed a way forward" in detail
    assert "Went calmly." in detail
    assert "Check-in planned: Review" in detail  # on the timeline
    assert "Agreement due: Send the report by Friday noon" in detail
    summary = browser.get(f"/conversations/{cid}/summary.md")
    assert summary.status_code == 200
    assert summary.headers["content-type"].startswith("text/markdown")
    assert "attachment" in summary.headers["content-disposition"]
    assert "| Send the report by Friday noon | Sam | 2030-02-01 | no |" in summary.text
    assert 'data-copy="#summary-text"' in detail


def test_agreement_done_and_removed(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser)
    browser.htmx_post(f"/conversations/{cid}/agreements", {"action": "Call back", "owner": "me"})
    aid = api.get(f"/api/v1/conversations/{cid}/agreements").json()[0]["id"]
    browser.htmx_post(f"/conversations/{cid}/agreements/{aid}", {"done": "on"})
    assert api.get(f"/api/v1/conversations/{cid}/agreements").json()[0]["done"] is True
    browser.htmx_post(f"/conversations/{cid}/agreements/{aid}", {})
    assert api.get(f"/api/v1/conversations/{cid}/agreements").json()[0]["done"] is False
    browser.htmx_post(f"/conversations/{cid}/agreements/{aid}", {"remove": "on"})
    assert api.get(f"/api/v1/conversations/{cid}/agreements").json() == []


def test_check_in_done(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser)
    browser.post(f"/conversations/{cid}/check-ins", {"when": "2030-03-01", "note": "x"})
    ci = api.get(f"/api/v1/conversations/{cid}/check-ins").json()[0]
    browser.post(f"/conversations/{cid}/check-ins/{ci['id']}", {"done": "on"})
    assert api.get(f"/api/v1/conversations/{cid}/check-ins").json()[0]["done"] is True


def test_outcome_errors_name_the_field(browser: Browser) -> None:
    cid = new_conversation(browser)
    response = browser.post(f"/conversations/{cid}/outcome", {"held_at": "", "result": "agreement"})
    assert response.status_code == 422
    assert "held_at" in response.text
    fragment = browser.htmx_post(f"/conversations/{cid}/outcome", {"held_at": "2026-01-01T10:00"})
    assert fragment.status_code == 422
    assert "result" in fragment.text


def test_status_change_and_bad_transition(browser: Browser) -> None:
    cid = new_conversation(browser)
    bad = browser.htmx_post(f"/conversations/{cid}/status", {"status": "closed"})
    assert bad.status_code == 422
    assert "cannot go from planning to closed" in bad.text
    ok = browser.htmx_post(f"/conversations/{cid}/status", {"status": "ready"})
    assert ok.status_code == 200
    assert 'id="status">ready<' in ok.text


def test_edit_and_delete(browser: Browser) -> None:
    cid = new_conversation(browser)
    browser.post(
        f"/conversations/{cid}/edit",
        {"title": "Reports, again", "name": "Sam", "relationship": "", "target_date": ""},
    )
    assert "Reports, again" in browser.get(f"/conversations/{cid}").text
    response = browser.post(f"/conversations/{cid}/delete", follow_redirects=False)
    assert response.status_code == 303
    assert browser.get(f"/conversations/{cid}").status_code == 404


def test_drafts_are_kept_with_their_score(browser: Browser) -> None:
    cid = new_conversation(browser, kind="apology", title="Missed lunch")
    fragment = browser.htmx_post(
        f"/conversations/{cid}/drafts", {"part": "apology", "text": "I'm sorry I missed lunch."}
    )
    assert fragment.status_code == 200
    assert "Apology 1" in fragment.text
    empty = browser.htmx_post(f"/conversations/{cid}/drafts", {"part": "apology", "text": ""})
    assert empty.status_code == 422
    assert "text" in empty.text


def test_unknown_conversation_is_404(browser: Browser) -> None:
    assert browser.get("/conversations/999").status_code == 404
    assert browser.get("/conversations/999/plan").status_code == 404


# --- API -------------------------------------------------------------------------------


def test_api_conversation_lifecycle(api: TestClient) -> None:
    assert api.get("/api/v1/conversations").json() == []
    created = api.post(
        "/api/v1/conversations",
        json={"kind": "apology", "title": "Missed call", "counterpart": {"name": "Ana"}},
    )
    assert created.status_code == 201
    cid = created.json()["id"]
    assert [c["id"] for c in api.get("/api/v1/conversations").json()] == [cid]
    patched = api.patch(f"/api/v1/conversations/{cid}", json={"target_date": "2030-05-01"})
    assert patched.json()["target_date"] == "2030-05-01"
    detail = api.get(f"/api/v1/conversations/{cid}").json()
    assert detail["conversation"]["title"] == "Missed call"
    assert detail["plan"]["plan"]["apology"]["what_i_did"] == ""
    status = api.post(f"/api/v1/conversations/{cid}/status", json={"status": "ready"})
    assert status.json()["status"] == "ready"
    outcome = api.put(
        f"/api/v1/conversations/{cid}/outcome",
        json={"held_at": "2026-11-20T10:00:00Z", "result": "agreement"},
    )
    assert outcome.status_code == 200
    assert api.get(f"/api/v1/conversations/{cid}/outcome").json()["result"] == "agreement"
    ag = api.post(f"/api/v1/conversations/{cid}/agreements", json={"action": "Call weekly", "owner": "me"})
    assert ag.status_code == 201
    assert api.patch(f"/api/v1/agreements/{ag.json()['id']}", json={"done": True}).json()["done"]
    ci = api.post(f"/api/v1/conversations/{cid}/check-ins", json={"date": "2030-06-01"})
    assert ci.status_code == 201
    assert api.patch(f"/api/v1/check-ins/{ci.json()['id']}", json={"note": "x"}).json()["note"] == "x"
    summary = api.get(f"/api/v1/conversations/{cid}/summary").json()
    assert summary["markdown"].startswith("# Summary: Missed call")
    assert summary["analysis"]["schema"] == "clearair.check/1"
    draft = api.post(f"/api/v1/conversations/{cid}/drafts", json={"part": "apology", "text": "I'm sorry."})
    assert draft.status_code == 201
    assert len(api.get(f"/api/v1/conversations/{cid}/drafts").json()) == 1
    assert api.delete(f"/api/v1/check-ins/{ci.json()['id']}").status_code == 204
    assert api.delete(f"/api/v1/agreements/{ag.json()['id']}").status_code == 204
    assert api.delete(f"/api/v1/conversations/{cid}").status_code == 204
    assert api.get(f"/api/v1/conversations/{cid}").status_code == 404


def test_api_errors_name_the_field(api: TestClient) -> None:
    missing = api.post("/api/v1/conversations", json={"kind": "apology", "counterpart": {"name": "A"}})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "title"
    nested = api.post("/api/v1/conversations", json={"kind": "apology", "title": "x", "counterpart": {}})
    assert nested.json()["error"]["field"] == "counterpart.name"
    kind = api.post(
        "/api/v1/conversations", json={"kind": "party", "title": "x", "counterpart": {"name": "A"}}
    )
    assert kind.json()["error"]["field"] == "kind"
    cid = api.post(
        "/api/v1/conversations",
        json={"kind": "feedback", "title": "x", "counterpart": {"name": "A"}},
    ).json()["id"]
    bad = api.post(f"/api/v1/conversations/{cid}/status", json={"status": "closed"})
    assert bad.status_code == 422
    assert "cannot go from planning to closed" in bad.json()["error"]["message"]
    stale = api.patch(f"/api/v1/conversations/{cid}", json={"title": "y", "version": 99})
    assert stale.status_code == 409
    assert api.get("/api/v1/conversations/999").json()["error"]["message"].startswith("No conversation")
    no_outcome = api.get(f"/api/v1/conversations/{cid}/outcome")
    assert no_outcome.status_code == 404


def test_outcome_on_a_cancelled_conversation_is_refused_in_place(browser: Browser) -> None:
    cid = new_conversation(browser)
    browser.htmx_post(f"/conversations/{cid}/status", {"status": "cancelled"})
    response = browser.htmx_post(
        f"/conversations/{cid}/outcome", {"held_at": "2026-11-20T10:00", "result": "agreement"}
    )
    assert response.status_code == 422
    assert "<html" not in response.text
    assert "reopen it before recording an outcome" in response.text


def test_home_lists_check_ins_and_agreements_due(browser: Browser) -> None:
    from datetime import date, timedelta

    cid = new_conversation(browser, title="Weekly reports")
    soon = (date.today() + timedelta(days=2)).isoformat()
    browser.post(f"/conversations/{cid}/check-ins", {"when": soon, "note": "How is it going?"})
    browser.post(
        f"/conversations/{cid}/agreements", {"action": "Send the report", "owner": "Sam", "due_date": soon}
    )
    home = browser.get("/").text
    assert f"check-in with Sam on {soon}" in home
    assert f"agreement due {soon}: Send the report (Sam)" in home


def test_errors_from_an_htmx_request_are_fragments(browser: Browser) -> None:
    response = browser.client.post(
        "/conversations/abc/status",
        data={"status": "ready"},
        headers={"HX-Request": "true", "X-CSRF-Token": browser.csrf},
    )
    assert response.status_code == 422
    assert "<html" not in response.text
    assert "conversation_id" in response.text
