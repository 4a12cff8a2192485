"""Every form control on every page has a label; pages have one h1 and a skip link."""

from __future__ import annotations

import re

from clearair.domain.conversations import ConversationKind
from clearair.web.plan_form import steps_for
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
    pages += [f"/conversations/{cid}/plan/{step.slug}" for step in steps_for(ConversationKind.FEEDBACK)]
    pages.append(f"/mistakes/{mid}")
    problems: dict[str, list[str]] = {}

    def audit(path: str, when: str = "") -> None:
        html = browser.get(path).text
        if missing := unlabelled(html):
            problems[path + when] = missing
        assert html.count("<h1") == 1, path
        assert 'href="#main"' in html, path
        assert '<html lang="en">' in html, path

    for path in pages:
        audit(path)
    for n, form in enumerate(STAGES, 1):  # the mistake page shows the next stage's form
        browser.post(f"/mistakes/{mid}/advance", form)
        audit(f"/mistakes/{mid}", f" after step {n}")
    assert not problems, problems


def test_check_result_highlights_are_keyboard_reachable(browser: Browser) -> None:
    html = browser.htmx_post("/check", {"text": "Sorry if you were upset."}).text
    marks = re.findall(r"<mark\b[^>]*>", html)
    assert marks
    for mark in marks:
        assert 'tabindex="0"' in mark
        assert "aria-describedby=" in mark
