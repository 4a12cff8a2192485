"""Every form control on every page has a label; pages have one h1 and a skip link."""

from __future__ import annotations

import re

from tests.web.conftest import Browser
from tests.web.test_conversations import new_conversation
from tests.web.test_mistakes import STAGES, new_mistake

CONTROL = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.S)


def unlabelled(html: str) -> list[str]:
    labels = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    missing = []
    for tag, attrs in CONTROL.findall(html):
        kind = re.search(r'\stype="([^"]+)"', attrs)
        if tag == "input" and kind and kind.group(1) in ("hidden", "submit", "button"):
            continue
        ident = re.search(r'\sid="([^"]+)"', attrs)
        if "aria-label=" in attrs:
            continue
        if not ident or ident.group(1) not in labels:
            missing.append(f"<{tag}{attrs[:80]}>")
    return missing


def test_every_control_is_labelled(browser: Browser) -> None:
    cid = new_conversation(browser)
    browser.post(f"/conversations/{cid}/agreements", {"action": "Call", "owner": "me"})
    browser.post(f"/conversations/{cid}/check-ins", {"when": "2030-01-01"})
    mid = new_mistake(browser)
    pages = [
        "/",
        "/check",
        "/conversations",
        "/conversations/new",
        f"/conversations/{cid}",
        "/mistakes",
        "/mistakes/new",
        "/guides",
        "/settings",
        "/login",
    ]
    pages += [
        f"/conversations/{cid}/plan/{slug}"
        for slug in (
            "mindset",
            "beliefs",
            "derailers",
            "prepare",
            "open",
            "explore",
            "make-safe",
            "summarize",
        )
    ]
    for form in STAGES:  # the form of every stage
        pages.append(f"/mistakes/{mid}")
        browser.post(f"/mistakes/{mid}/advance", form)
    pages.append(f"/mistakes/{mid}")
    problems = {}
    for path in pages:
        html = browser.get(path).text
        if missing := unlabelled(html):
            problems[path] = missing
        assert html.count("<h1") == 1, path
        assert 'href="#main"' in html, path
        assert '<html lang="en">' in html, path
    assert not problems, problems


def test_check_result_highlights_are_keyboard_reachable(browser: Browser) -> None:
    html = browser.htmx_post("/check", {"text": "Sorry if you were upset."}).text
    marks = re.findall(r"<mark\b[^>]*>", html)
    assert marks
    for mark in marks:
        assert 'tabindex="0"' in mark
        assert "aria-describedby=" in mark
