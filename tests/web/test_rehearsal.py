"""The Rehearse pages: a chat with the counterpart, the report, saving with a conversation."""

from __future__ import annotations

import re

from clearair.rehearsal.scenario import load_library

from .conftest import Browser

GOOD = [
    "I want us both to feel good about our friendship, that's why I'm calling. "
    "On Tuesday you waited an hour for me at Rosa's and I never showed up. I'm sorry I kept you waiting.",
    "I'm not calling to make excuses; I want to hear how it was for you. What was that hour like for you?",
    "I can see this matters a lot to you. So you're saying it feels like you make all the time for us? "
    "What would help most now?",
]


def _seed(html: str) -> int:
    match = re.search(r'name="seed" value="(\d+)"', html)
    assert match
    return int(match.group(1))


def test_the_index_lists_every_scenario(browser: Browser) -> None:
    page = browser.get("/rehearse")
    assert page.status_code == 200
    for scenario in load_library().scenarios:
        assert f'href="/rehearse/{scenario.id}"' in page.text
    assert 'href="/rehearse"' in browser.get("/").text, "the main navigation links to it"


def test_a_run_in_the_browser(browser: Browser) -> None:
    page = browser.get("/rehearse/missed-lunch")
    assert page.status_code == 200
    assert "Lunch was agreed for Tuesday at 12:30" in page.text  # the brief
    seed = _seed(page.text)
    turns: list[str] = []
    html = ""
    for text in GOOD:
        response = browser.htmx_post("/rehearse/missed-lunch", {"seed": seed, "turns": turns, "text": text})
        assert response.status_code == 200
        html = response.text
        assert "<html" not in html, "htmx gets the fragment"
        turns.append(text)
        if 'id="report"' in html:
            break
    assert 'data-reaction="reveal"' in html
    assert 'id="safety-chart"' in html
    assert 'id="hidden-concern" data-revealed="true"' in html
    assert 'data-step="open"' in html


def test_an_empty_turn_asks_again_and_keeps_the_run(browser: Browser) -> None:
    seed = _seed(browser.get("/rehearse/missed-deadlines").text)
    response = browser.htmx_post(
        "/rehearse/missed-deadlines", {"seed": seed, "turns": ["What happened this week?"], "text": "  "}
    )
    assert response.status_code == 200
    assert 'id="notice"' in response.text
    assert response.text.count('data-speaker="learner"') == 1
    assert 'name="turns" value="What happened this week?"' in response.text


def test_ending_shows_the_report_and_problems(browser: Browser) -> None:
    seed = _seed(browser.get("/rehearse/missed-lunch").text)
    response = browser.post(
        "/rehearse/missed-lunch",
        {
            "seed": seed,
            "turns": ["Why are you making such a big deal of this? It was only an hour."],
            "action": "end",
        },
    )
    assert response.status_code == 200
    assert "<html" in response.text, "without htmx, the whole page"
    assert 'id="report"' in response.text
    assert 'data-label="why-question"' in response.text
    assert 'id="hidden-concern" data-revealed="false"' in response.text


def test_ending_with_a_typed_turn_plays_it_first(browser: Browser) -> None:
    seed = _seed(browser.get("/rehearse/peer-cries").text)
    response = browser.htmx_post(
        "/rehearse/peer-cries", {"seed": seed, "text": "What happened from your side?", "action": "end"}
    )
    assert response.text.count('data-speaker="learner"') == 1
    assert 'id="report"' in response.text
    assert 'data-technique="contrasting"' in response.text


def test_a_turn_needs_the_csrf_token(browser: Browser) -> None:
    response = browser.client.post("/rehearse/missed-lunch", data={"seed": "1", "text": "Hello"})
    assert response.status_code in (400, 403)


def test_unknown_scenario_is_404(browser: Browser) -> None:
    assert browser.get("/rehearse/no-such-thing").status_code == 404


def test_a_linked_run_is_saved_with_the_conversation(browser: Browser) -> None:
    created = browser.api(
        "POST",
        "/api/v1/conversations",
        json={"kind": "apology", "title": "Missed lunch", "counterpart": {"name": "Priya"}},
    )
    assert created.status_code in (200, 201), created.text
    cid = created.json()["id"]
    page = browser.get(f"/rehearse/missed-lunch?conversation={cid}")
    assert page.status_code == 200
    assert f'name="conversation" value="{cid}"' in page.text
    response = browser.htmx_post(
        "/rehearse/missed-lunch",
        {"seed": _seed(page.text), "conversation": cid, "turns": GOOD[:1], "text": GOOD[1], "action": "end"},
    )
    assert 'id="saved"' in response.text
    index = browser.get(f"/rehearse?conversation={cid}")
    assert 'id="runs"' in index.text
    assert "final safety" in index.text


def test_linking_to_an_unknown_conversation_is_404(browser: Browser) -> None:
    assert browser.get("/rehearse/missed-lunch?conversation=999").status_code == 404
    assert browser.get("/rehearse?conversation=999").status_code == 404
