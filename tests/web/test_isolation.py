"""One member cannot read or change another member's data: route by route, call by call.

Ana (admin) and Ben (member) share one team server. Ana owns a conversation
with a plan, a draft, an outcome, an agreement and a check-in, and a mistake
that is being monitored and was told to someone. Ben tries every page and API
call that takes an id, with Ana's ids; each must answer as if the record did
not exist, and afterwards Ana's data must be exactly as it was.

``test_every_route_with_an_id_is_covered`` fails when a route that takes an
id is added without a case here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from tests.web.conftest import Browser, api_routes
from tests.web.test_conversations import new_conversation
from tests.web.test_mistakes import STAGES, new_mistake

#: Routes that take a path parameter but are not per-owner records.
NOT_OWNED = {
    ("GET", "/guides/{slug}"),  # public reference cards
    ("GET", "/calendar/{token}.ics"),  # the secret URL is the credential (tested in settings)
    ("GET", "/invite/{token}"),  # an invitation token (tested in test_team)
    ("POST", "/invite/{token}"),
    ("GET", "/rehearse/{scenario_id}"),  # scenarios are shared data, runs are per request
    ("POST", "/rehearse/{scenario_id}"),
}


def _ids(ana: Browser) -> dict[str, int]:
    cid = new_conversation(ana, title="Ana's private talk")
    ana.htmx_post(f"/conversations/{cid}/drafts", {"part": "opening", "text": "Ana's opening"})
    ana.post(f"/conversations/{cid}/outcome", {"held_at": "2026-11-20T10:00", "result": "agreement"})
    ana.post(f"/conversations/{cid}/agreements", {"action": "Ana's action", "owner": "Ana"})
    ana.post(f"/conversations/{cid}/check-ins", {"when": "2030-01-01", "note": "Ana's check-in"})
    detail = ana.api("GET", f"/api/v1/conversations/{cid}").json()
    mid = new_mistake(ana, title="Ana's unshared mistake")
    for form in STAGES:
        assert ana.post(f"/mistakes/{mid}/advance", form).status_code == 200
    mistake = ana.api("GET", f"/api/v1/mistakes/{mid}").json()
    return {
        "cid": cid,
        "aid": detail["agreements"][0]["id"],
        "ciid": detail["check_ins"][0]["id"],
        "mid": mid,
        "nid": mistake["told"][0]["id"],
    }


PAGE_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/conversations/{cid}", {}),
    ("GET", "/conversations/{cid}/plan", {}),
    ("GET", "/conversations/{cid}/plan/{slug}", {}),
    ("POST", "/conversations/{cid}/plan/{slug}", {"mindset.how_i_feel": "Ben was here"}),
    ("GET", "/conversations/{cid}/summary.md", {}),
    ("POST", "/conversations/{cid}/edit", {"title": "Ben was here", "name": "Ben"}),
    ("POST", "/conversations/{cid}/status", {"status": "cancelled"}),
    ("POST", "/conversations/{cid}/drafts", {"part": "opening", "text": "Ben was here"}),
    ("POST", "/conversations/{cid}/outcome", {"held_at": "2026-11-21T10:00", "result": "escalated"}),
    ("POST", "/conversations/{cid}/agreements", {"action": "Ben was here", "owner": "Ben"}),
    ("POST", "/conversations/{cid}/agreements/{aid}", {"done": "on"}),
    ("POST", "/conversations/{cid}/check-ins", {"when": "2030-02-02", "note": "Ben was here"}),
    ("POST", "/conversations/{cid}/check-ins/{ciid}", {"done": "on"}),
    ("POST", "/conversations/{cid}/delete", {}),
    ("GET", "/mistakes/{mid}", {}),
    ("POST", "/mistakes/{mid}/advance", {"stage": "closed", "reason": "Ben was here"}),
    ("POST", "/mistakes/{mid}/edit", {"title": "Ben was here", "shared": "on"}),
    ("POST", "/mistakes/{mid}/tell", {"person": "Ben was here"}),
    ("POST", "/mistakes/{mid}/told/{nid}/ack", {}),
    ("POST", "/mistakes/{mid}/checks", {"note": "Ben was here"}),
    ("POST", "/mistakes/{mid}/conversation", {"name": "Ben was here"}),
    ("POST", "/mistakes/{mid}/delete", {}),
]

API_CASES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/conversations/{cid}", None),
    ("PATCH", "/api/v1/conversations/{cid}", {"title": "Ben was here"}),
    ("DELETE", "/api/v1/conversations/{cid}", None),
    ("POST", "/api/v1/conversations/{cid}/status", {"status": "cancelled"}),
    ("GET", "/api/v1/conversations/{cid}/plan", None),
    ("PUT", "/api/v1/conversations/{cid}/plan", {"plan": {}}),
    ("PATCH", "/api/v1/conversations/{cid}/plan", {"changes": {"mindset": {"how_i_feel": "x"}}}),
    ("GET", "/api/v1/conversations/{cid}/plan/readiness", None),
    ("GET", "/api/v1/conversations/{cid}/drafts", None),
    ("POST", "/api/v1/conversations/{cid}/drafts", {"part": "opening", "text": "Ben was here"}),
    ("GET", "/api/v1/conversations/{cid}/outcome", None),
    (
        "PUT",
        "/api/v1/conversations/{cid}/outcome",
        {"held_at": "2026-11-21T10:00:00Z", "result": "escalated"},
    ),
    ("GET", "/api/v1/conversations/{cid}/agreements", None),
    ("POST", "/api/v1/conversations/{cid}/agreements", {"action": "Ben was here", "owner": "B"}),
    ("PATCH", "/api/v1/agreements/{aid}", {"done": True}),
    ("DELETE", "/api/v1/agreements/{aid}", None),
    ("GET", "/api/v1/conversations/{cid}/check-ins", None),
    ("POST", "/api/v1/conversations/{cid}/check-ins", {"date": "2030-02-02"}),
    ("PATCH", "/api/v1/check-ins/{ciid}", {"done": True}),
    ("DELETE", "/api/v1/check-ins/{ciid}", None),
    ("GET", "/api/v1/conversations/{cid}/summary", None),
    ("GET", "/api/v1/mistakes/{mid}", None),
    ("PATCH", "/api/v1/mistakes/{mid}", {"shared": True}),
    ("DELETE", "/api/v1/mistakes/{mid}", None),
    ("POST", "/api/v1/mistakes/{mid}/advance", {"stage": "closed", "reason": "Ben was here"}),
    ("POST", "/api/v1/mistakes/{mid}/told", {"person": "Ben was here"}),
    ("POST", "/api/v1/mistakes/{mid}/checks", {"note": "Ben was here"}),
]


def _template(path: str) -> str:
    """Normalize a route path to the placeholders used in the cases."""
    return re.sub(
        r"\{(conversation_id|agreement_id|check_in_id|mistake_id|notification_id|slug)\}",
        lambda m: {
            "conversation_id": "{cid}",
            "agreement_id": "{aid}",
            "check_in_id": "{ciid}",
            "mistake_id": "{mid}",
            "notification_id": "{nid}",
            "slug": "{slug}",
        }[m.group(1)],
        path,
    )


def test_every_route_with_an_id_is_covered(team_app: FastAPI) -> None:
    covered = {(m, p) for m, p, _ in PAGE_CASES} | {(m, p) for m, p, _ in API_CASES}
    missing = []
    for route in api_routes(team_app):
        if not isinstance(route, APIRoute) or "{" not in route.path:
            continue
        for method in route.methods - {"HEAD"}:
            if (method, route.path) in NOT_OWNED:
                continue
            if (method, _template(route.path)) not in covered:
                missing.append(f"{method} {route.path}")
    assert not missing, f"routes with an id but no cross-account case: {missing}"


@pytest.fixture
def ana_ben_ids(team_pair: tuple[Browser, Browser]) -> tuple[Browser, Browser, dict[str, int]]:
    ana, ben = team_pair
    return ana, ben, _ids(ana)


def _snapshot(ana: Browser, ids: dict[str, int]) -> tuple[Any, Any]:
    conv = ana.api("GET", f"/api/v1/conversations/{ids['cid']}").json()
    mistake = ana.api("GET", f"/api/v1/mistakes/{ids['mid']}").json()
    return conv, mistake


def test_pages_refuse_another_members_records(
    ana_ben_ids: tuple[Browser, Browser, dict[str, int]],
) -> None:
    """Every page case, as a full page and as an htmx request (one setup, all cases)."""
    ana, ben, ids = ana_ben_ids
    before = _snapshot(ana, ids)
    failures = []
    for method, path, form in PAGE_CASES:
        url = path.format(slug="mindset", **ids)
        for htmx in (False, True):
            if method == "GET":
                response = ben.htmx_get(url) if htmx else ben.get(url)
            else:
                response = ben.htmx_post(url, form) if htmx else ben.post(url, form)
            leaked = "Ana&#39;s" in response.text or "Ana's" in response.text
            if response.status_code != 404 or leaked:
                failures.append(f"{method} {url} htmx={htmx}: {response.status_code}")
        if _snapshot(ana, ids) != before:
            failures.append(f"{method} {url} changed Ana's data")
            before = _snapshot(ana, ids)
    assert not failures, failures


def test_api_refuses_another_members_records(
    ana_ben_ids: tuple[Browser, Browser, dict[str, int]],
) -> None:
    """Every API case with Ana's ids gets 404 and changes nothing (one setup, all cases)."""
    ana, ben, ids = ana_ben_ids
    before = _snapshot(ana, ids)
    failures = []
    for method, path, body in API_CASES:
        url = path.format(**ids)
        response = ben.api(method, url, json=body) if body is not None else ben.api(method, url)
        if response.status_code != 404 or "Ana" in response.text:
            failures.append(f"{method} {url}: {response.status_code} {response.text[:100]}")
        if _snapshot(ana, ids) != before:
            failures.append(f"{method} {url} changed Ana's data")
            before = _snapshot(ana, ids)
    assert not failures, failures


def test_ben_cannot_reach_anas_agreement_through_his_own_conversation(
    ana_ben_ids: tuple[Browser, Browser, dict[str, int]],
) -> None:
    ana, ben, ids = ana_ben_ids
    before = _snapshot(ana, ids)
    own = new_conversation(ben, title="Ben's talk")
    for url in (
        f"/conversations/{own}/agreements/{ids['aid']}",
        f"/conversations/{own}/check-ins/{ids['ciid']}",
    ):
        assert ben.post(url, {"done": "on"}).status_code == 404
        assert ben.post(url, {"remove": "on"}).status_code == 404
    own_mistake = new_mistake(ben, title="Ben's mistake")
    assert ben.post(f"/mistakes/{own_mistake}/told/{ids['nid']}/ack").status_code == 404
    assert _snapshot(ana, ids) == before


def test_lists_boards_and_home_show_only_ones_own(
    ana_ben_ids: tuple[Browser, Browser, dict[str, int]],
) -> None:
    ana, ben, ids = ana_ben_ids
    assert ben.api("GET", "/api/v1/conversations").json() == []
    assert ben.api("GET", "/api/v1/mistakes").json() == []
    for page in ("/", "/conversations", "/mistakes", "/mistakes/team"):
        text = ben.get(page).text
        assert "Ana&#39;s" not in text, page
    assert ben.api("GET", "/api/v1/board").json() == []
    export = ben.get("/settings/export.json").json()
    assert export["conversations"] == []
    assert export["mistakes"] == []
    # Ben deleting everything of his own leaves Ana's records alone
    assert ben.post("/settings/delete-everything", {"confirm": "delete everything"}).status_code == 200
    assert ana.api("GET", f"/api/v1/conversations/{ids['cid']}").status_code == 200


def test_a_shared_mistake_shows_on_the_board_without_private_notes(
    ana_ben_ids: tuple[Browser, Browser, dict[str, int]],
) -> None:
    ana, ben, ids = ana_ben_ids
    ana.api("PATCH", f"/api/v1/mistakes/{ids['mid']}", json={"shared": True})
    board = ben.api("GET", "/api/v1/board").json()
    assert [b["title"] for b in board] == ["Ana's unshared mistake"]
    assert "private_notes" not in board[0]
    page = ben.get("/mistakes/team").text
    assert "Ana&#39;s unshared mistake" in page
    assert "I skipped the checklist" not in page  # the private notes
    # shared is read-only for others: the record itself stays closed to Ben
    assert ben.get(f"/mistakes/{ids['mid']}").status_code == 404
    assert ben.api("GET", f"/api/v1/mistakes/{ids['mid']}").status_code == 404


def test_calendar_feed_holds_only_ones_own_dates(
    ana_ben_ids: tuple[Browser, Browser, dict[str, int]],
) -> None:
    _, ben, _ = ana_ben_ids
    match = re.search(r'value="http://[^/]+(/calendar/[^"]+\.ics)"', ben.get("/settings").text)
    assert match
    feed = ben.client.get(match.group(1)).text
    assert "20300101" not in feed  # Ana's check-in date
    assert (date.today() + timedelta(days=14)).strftime("%Y%m%d") not in feed
