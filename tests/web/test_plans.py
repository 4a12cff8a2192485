"""The plan wizard (autosave, inline findings, readiness) and the plans API."""

from __future__ import annotations

from fastapi.testclient import TestClient

import clearair
from clearair.domain.conversations import ConversationKind
from clearair.web.plan_form import steps_for
from tests.web.conftest import Browser
from tests.web.test_conversations import new_conversation

PROBLEM_TEXT = "Sorry if you were offended, but you never answer my messages."


def plan_of(api: TestClient, cid: int) -> dict:  # type: ignore[type-arg]
    return api.get(f"/api/v1/conversations/{cid}/plan").json()["plan"]


def test_wizard_steps_follow_the_kind() -> None:
    apology = [s.slug for s in steps_for(ConversationKind.APOLOGY)]
    assert apology == ["mindset", "beliefs", "apology"]
    feedback = [s.slug for s in steps_for(ConversationKind.FEEDBACK)]
    assert feedback == [
        "mindset",
        "beliefs",
        "derailers",
        "prepare",
        "open",
        "explore",
        "make-safe",
        "summarize",
    ]


def test_every_step_page_renders(browser: Browser) -> None:
    cid = new_conversation(browser, kind="trust-repair")
    first = browser.get(f"/conversations/{cid}/plan")
    assert first.status_code == 200
    assert "How am I feeling?" in first.text
    for step in steps_for(ConversationKind.TRUST_REPAIR):
        page = browser.get(f"/conversations/{cid}/plan/{step.slug}")
        assert page.status_code == 200, step.slug
        assert 'id="readiness"' in page.text
        assert 'aria-current="step"' in page.text
        for f in step.fields:
            assert f'name="{f.path}"' in page.text
            assert f'for="{f.dom_id}"' in page.text  # every field is labelled
    assert browser.get(f"/conversations/{cid}/plan/nowhere").status_code == 404


def test_autosave_stores_the_field_and_returns_its_findings(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser)
    response = browser.htmx_post(
        f"/conversations/{cid}/plan/mindset",
        {"_field": "mindset.how_i_feel", "mindset.how_i_feel": PROBLEM_TEXT},
    )
    assert response.status_code == 200
    assert response.headers["X-Saved"] == "yes"
    assert "<html" not in response.text
    assert plan_of(api, cid)["mindset"]["how_i_feel"] == PROBLEM_TEXT
    for f in clearair.check(PROBLEM_TEXT, kind="conversation").findings:
        assert f.label in response.text
    assert 'hx-swap-oob="true"' in response.text  # the readiness panel comes along
    assert 'id="readiness"' in response.text


def test_findings_show_inline_on_the_full_page(browser: Browser) -> None:
    cid = new_conversation(browser)
    browser.htmx_post(
        f"/conversations/{cid}/plan/mindset",
        {"_field": "mindset.how_i_feel", "mindset.how_i_feel": PROBLEM_TEXT},
    )
    page = browser.get(f"/conversations/{cid}/plan/mindset").text
    problems = [f for f in clearair.check(PROBLEM_TEXT, kind="conversation").findings if f.kind == "problem"]
    assert problems
    for f in problems:
        assert f.label in page


def test_booleans_lists_and_numbers(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser)
    browser.htmx_post(
        f"/conversations/{cid}/plan/beliefs", {"_field": "beliefs.prepared", "beliefs.prepared": "on"}
    )
    assert plan_of(api, cid)["beliefs"]["prepared"] is True
    # an unchecked box is absent from the form: it means "no"
    browser.htmx_post(f"/conversations/{cid}/plan/beliefs", {"_field": "beliefs.prepared"})
    assert plan_of(api, cid)["beliefs"]["prepared"] is False
    browser.htmx_post(
        f"/conversations/{cid}/plan/prepare",
        {
            "_field": "poems.prepare.evidence",
            "poems.prepare.evidence": "Report A was 3 days late\n\nReport B was 2 days late\n",
            "poems.prepare.time_minutes": "45",
        },
    )
    assert plan_of(api, cid)["poems"]["prepare"]["time_minutes"] is None  # not this field
    browser.htmx_post(
        f"/conversations/{cid}/plan/prepare",
        {"_field": "poems.prepare.time_minutes", "poems.prepare.time_minutes": "45"},
    )
    prepare = plan_of(api, cid)["poems"]["prepare"]
    assert prepare["evidence"] == ["Report A was 3 days late", "Report B was 2 days late"]
    assert prepare["time_minutes"] == 45


def test_an_autosave_stores_only_its_own_field(browser: Browser, api: TestClient) -> None:
    """Two saves in flight at once each carry the whole form; neither may undo the other."""
    cid = new_conversation(browser)
    browser.htmx_post(
        f"/conversations/{cid}/plan/mindset",
        {"_field": "mindset.how_i_feel", "mindset.how_i_feel": "Nervous", "mindset.problem_for_them": ""},
    )
    browser.htmx_post(
        f"/conversations/{cid}/plan/mindset",
        {
            "_field": "mindset.problem_for_them",
            "mindset.problem_for_them": "Deadlines slip",
            "mindset.how_i_feel": "",
        },  # a stale copy of the other field
    )
    mindset = plan_of(api, cid)["mindset"]
    assert mindset["how_i_feel"] == "Nervous"
    assert mindset["problem_for_them"] == "Deadlines slip"


def test_a_bad_value_is_not_saved_and_the_message_names_the_field(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser)
    response = browser.htmx_post(
        f"/conversations/{cid}/plan/prepare",
        {"_field": "poems.prepare.time_minutes", "poems.prepare.time_minutes": "2"},
    )
    assert response.headers["X-Saved"] == "no"
    assert "poems.prepare.time_minutes" in response.text
    assert plan_of(api, cid)["poems"]["prepare"]["time_minutes"] is None
    full = browser.post(f"/conversations/{cid}/plan/prepare", {"poems.prepare.time_minutes": "x"})
    assert full.status_code == 422
    assert "poems.prepare.time_minutes" in full.text


def test_derailers_and_fallback(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser)
    browser.htmx_post(
        f"/conversations/{cid}/plan/derailers",
        {
            "_field": "derailers.blame.response",
            "derailers.blame.on": "on",
            "derailers.blame.response": "Stay on what happens next",
            "derailers.avoidance.response": "ignored: not ticked",
        },
    )
    assert plan_of(api, cid)["derailers"] == [{"derailer": "blame", "response": "Stay on what happens next"}]
    page = browser.get(f"/conversations/{cid}/plan/derailers").text
    assert 'id="f-derailers-blame-on" name="derailers.blame.on" value="on" checked' in page
    browser.htmx_post(
        f"/conversations/{cid}/plan/summarize",
        {
            "_field": "poems.summarize.fallback.kind",
            "poems.summarize.fallback.kind": "expectation",
            "poems.summarize.fallback.expectation": "Reports by Friday noon",
            "poems.summarize.fallback.consequence": "We move to a formal plan",
        },
    )
    fallback = plan_of(api, cid)["poems"]["summarize"]["fallback"]
    assert fallback["kind"] == "expectation"
    assert fallback["expectation"] == "Reports by Friday noon"
    browser.htmx_post(
        f"/conversations/{cid}/plan/summarize",
        {"_field": "poems.summarize.fallback.kind", "poems.summarize.fallback.kind": ""},
    )
    assert plan_of(api, cid)["poems"]["summarize"]["fallback"] is None


def test_save_and_continue_without_javascript(browser: Browser, api: TestClient) -> None:
    cid = new_conversation(browser, kind="apology")
    response = browser.post(
        f"/conversations/{cid}/plan/mindset",
        {"mindset.how_i_feel": "Ashamed", "go": "next"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/conversations/{cid}/plan/beliefs"
    back = browser.post(f"/conversations/{cid}/plan/beliefs", {"go": "back"}, follow_redirects=False)
    assert back.headers["location"] == f"/conversations/{cid}/plan/mindset"
    last = browser.post(f"/conversations/{cid}/plan/apology", {"go": "next"}, follow_redirects=False)
    assert last.headers["location"] == f"/conversations/{cid}"
    assert plan_of(api, cid)["mindset"]["how_i_feel"] == "Ashamed"


def test_readiness_panel_says_what_is_missing(browser: Browser) -> None:
    cid = new_conversation(browser, kind="apology")
    page = browser.get(f"/conversations/{cid}/plan").text
    assert "Still missing" in page
    assert f'href="/conversations/{cid}/plan/apology"' in page  # a link to where to fill it
    fragment = browser.htmx_get(f"/conversations/{cid}/plan/mindset")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="readiness"' in fragment.text


# --- API -------------------------------------------------------------------------------


def test_api_plan_get_patch_put_readiness(api: TestClient) -> None:
    cid = api.post(
        "/api/v1/conversations",
        json={"kind": "apology", "title": "x", "counterpart": {"name": "A"}},
    ).json()["id"]
    patched = api.patch(
        f"/api/v1/conversations/{cid}/plan",
        json={"changes": {"apology": {"what_i_did": "I missed your call"}}},
    )
    assert patched.status_code == 200
    assert patched.json()["plan"]["apology"]["what_i_did"] == "I missed your call"
    whole = patched.json()["plan"]
    whole["apology"]["repair"] = "I'll call you tonight"
    put = api.put(f"/api/v1/conversations/{cid}/plan", json={"plan": whole})
    assert put.json()["plan"]["apology"]["repair"] == "I'll call you tonight"
    readiness = api.get(f"/api/v1/conversations/{cid}/plan/readiness").json()
    assert set(readiness) >= {"ready", "score", "missing", "findings"}
    assert any(m["field"] == "target_date" for m in readiness["missing"])
    bad = api.patch(
        f"/api/v1/conversations/{cid}/plan",
        json={"changes": {"poems": {"prepare": {"time_minutes": 1}}}},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "poems.prepare.time_minutes"
