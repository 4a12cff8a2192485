"""The mistakes board, stage forms (page and htmx) and the mistakes API."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.web.conftest import Browser

UNTIL = (date.today() + timedelta(days=14)).isoformat()

STAGES: list[dict[str, str]] = [
    {"stage": "disclosed", "disclosed_to": "the client"},
    {"stage": "quick-fixed", "quick_fix": "Voided the second invoice"},
    {
        "stage": "understood",
        "touch_points": "billing run\nemail template",
        "implications": "client paid twice",
    },
    {
        "stage": "options-weighed",
        "option_0_description": "Refund",
        "option_1_description": "Credit note",
        "option_1_pros": "fast",
        "chosen": "1",
    },
    {"stage": "fixed", "fix": "Added a duplicate check to the billing run"},
    {"stage": "communicated", "told": "Ana\nBen"},
    {"stage": "monitoring", "until": UNTIL},
]


def new_mistake(b: Browser, title: str = "Invoice sent twice") -> int:
    response = b.post(
        "/mistakes",
        {
            "title": title,
            "description": "The March invoice went out twice.",
            "private_notes": "I skipped the checklist",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    match = re.match(r"/mistakes/(\d+)$", response.headers["location"])
    assert match
    return int(match.group(1))


def stage_of(html: str) -> str:
    match = re.search(r'id="stage">([^<]+)<', html)
    assert match
    return match.group(1)


def test_board_shows_every_stage(browser: Browser) -> None:
    mid = new_mistake(browser)
    board = browser.get("/mistakes")
    assert board.status_code == 200
    for stage in ("discovered", "disclosed", "monitoring", "closed"):
        assert f'data-stage="{stage}"' in board.text
    assert f'href="/mistakes/{mid}"' in board.text
    assert "not told yet" in board.text  # the disclosure clock is running
    fragment = browser.htmx_get("/mistakes")
    assert "<html" not in fragment.text
    assert 'id="mistake-board"' in fragment.text


def test_new_mistake_form_and_errors(browser: Browser) -> None:
    assert browser.get("/mistakes/new").status_code == 200
    response = browser.post("/mistakes", {"title": "", "description": "kept"})
    assert response.status_code == 422
    assert "title" in response.text
    assert "kept" in response.text


def test_a_mistake_moves_through_every_stage(browser: Browser) -> None:
    mid = new_mistake(browser)
    page = browser.get(f"/mistakes/{mid}")
    assert "Disclosure clock" in page.text
    assert 'name="stage" value="disclosed"' in page.text
    expected = [
        "Told early",
        "Quick fix",
        "Understood",
        "Options weighed",
        "Real fix",
        "Everyone told",
        "Monitoring",
    ]
    for form, title in zip(STAGES, expected, strict=True):
        fragment = browser.htmx_post(f"/mistakes/{mid}/advance", form)
        assert fragment.status_code == 200, fragment.text
        assert "<html" not in fragment.text
        assert stage_of(fragment.text) == title
    page = browser.get(f"/mistakes/{mid}").text
    assert "14 days left" in page
    assert re.search(r"told \d+m after you found it \(to the client\)", page)
    assert "<strong>chosen:</strong> Credit note" in page
    # monitoring notes, then closing early needs a reason
    note = browser.post(
        f"/mistakes/{mid}/checks", {"note": "No duplicates this week"}, follow_redirects=False
    )
    assert note.status_code == 303
    early = browser.htmx_post(
        f"/mistakes/{mid}/advance", {"stage": "closed", "went_well": "Told within the hour"}
    )
    assert early.status_code == 422
    assert "reason" in early.text
    closed = browser.htmx_post(
        f"/mistakes/{mid}/advance",
        {"stage": "closed", "went_well": "Told within the hour", "reason": "Billing run replaced"},
    )
    assert stage_of(closed.text) == "Learned and closed"
    assert "Told within the hour" in closed.text


def test_skipping_a_stage_is_refused(browser: Browser) -> None:
    mid = new_mistake(browser)
    response = browser.post(f"/mistakes/{mid}/advance", {"stage": "fixed", "fix": "x"})
    assert response.status_code == 422
    assert "one stage at a time" in response.text


def test_stage_form_errors_name_the_field(browser: Browser) -> None:
    mid = new_mistake(browser)
    browser.post(f"/mistakes/{mid}/advance", STAGES[0])
    response = browser.htmx_post(f"/mistakes/{mid}/advance", {"stage": "quick-fixed"})
    assert response.status_code == 422
    assert "quick_fix" in response.text


def test_tell_acknowledge_edit_delete(browser: Browser, api: TestClient) -> None:
    mid = new_mistake(browser)
    browser.post(f"/mistakes/{mid}/tell", {"person": "Carla"})
    told = api.get(f"/api/v1/mistakes/{mid}").json()["told"]
    assert [t["person"] for t in told] == ["Carla"]
    browser.post(f"/mistakes/{mid}/told/{told[0]['id']}/ack")
    assert api.get(f"/api/v1/mistakes/{mid}").json()["told"][0]["acknowledged"] is True
    browser.post(f"/mistakes/{mid}/edit", {"title": "Invoice twice", "description": "", "private_notes": "n"})
    assert api.get(f"/api/v1/mistakes/{mid}").json()["title"] == "Invoice twice"
    assert browser.post(f"/mistakes/{mid}/delete", follow_redirects=False).status_code == 303
    assert browser.get(f"/mistakes/{mid}").status_code == 404


def test_plan_the_conversation_that_tells_them(browser: Browser, api: TestClient) -> None:
    mid = new_mistake(browser)
    response = browser.post(
        f"/mistakes/{mid}/conversation",
        {"name": "the client", "target_date": "2030-01-02"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cid = int(response.headers["location"].split("/")[2])
    conversation = api.get(f"/api/v1/conversations/{cid}").json()["conversation"]
    assert conversation["kind"] == "mistake-disclosure"
    assert conversation["title"] == "Telling the client about: Invoice sent twice"
    page = browser.get(f"/mistakes/{mid}").text
    assert f'href="/conversations/{cid}"' in page
    missing = browser.post(f"/mistakes/{mid}/conversation", {"name": ""})
    assert missing.status_code == 422
    assert "counterpart.name" in missing.text


# --- API -------------------------------------------------------------------------------


def test_api_mistake_lifecycle(api: TestClient) -> None:
    created = api.post("/api/v1/mistakes", json={"title": "Wrong recipient"})
    assert created.status_code == 201
    mid = created.json()["id"]
    assert created.json()["stage"] == "discovered"
    step = api.post(
        f"/api/v1/mistakes/{mid}/advance", json={"stage": "disclosed", "disclosed_to": "my manager"}
    )
    assert step.json()["stage"] == "disclosed"
    skip = api.post(f"/api/v1/mistakes/{mid}/advance", json={"stage": "fixed", "fix": "x"})
    assert skip.status_code == 422
    missing = api.post(f"/api/v1/mistakes/{mid}/advance", json={"stage": "quick-fixed"})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "quick_fix"
    told = api.post(f"/api/v1/mistakes/{mid}/told", json={"person": "Dana"})
    assert told.json()["told"][0]["person"] == "Dana"
    not_monitoring = api.post(f"/api/v1/mistakes/{mid}/checks", json={"note": "ok"})
    assert not_monitoring.status_code == 422
    shared = api.patch(f"/api/v1/mistakes/{mid}", json={"shared": True})
    assert shared.json()["shared"] is True
    board = api.get("/api/v1/board").json()
    assert [b["title"] for b in board] == ["Wrong recipient"]
    assert "private_notes" not in board[0]
    assert [m["id"] for m in api.get("/api/v1/mistakes").json()] == [mid]
    assert api.delete(f"/api/v1/mistakes/{mid}").status_code == 204
    assert api.get(f"/api/v1/mistakes/{mid}").status_code == 404
