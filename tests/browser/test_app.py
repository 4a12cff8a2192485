"""The app in a real browser: sign-in, check, plan, outcome, mistakes, logout, isolation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOGIN_TOKEN, Server

pytestmark = pytest.mark.browser

DRAFT = (
    "I'm sorry if the demo confused people. I was swamped, but that is no excuse. "
    "I sent the client the wrong figures on Tuesday. I have corrected the record with them, "
    "and from now on I will have a second person check the numbers before anything goes out."
)


def test_first_visit_with_the_token(server: Server, new_page: Any, shots: Path) -> None:
    page = new_page()
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", name="Open the link from your terminal")).to_be_visible()
    page.goto(f"{server.url}/login/token?token={LOGIN_TOKEN}")
    expect(page).to_have_url(f"{server.url}/")
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("I made a mistake"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("I owe someone an apology"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("I need to raise something"))).to_be_visible()
    cookies = page.context.cookies()
    session = next(c for c in cookies if c["name"] == "clearair_session")
    assert session["httpOnly"]
    assert session["sameSite"] == "Lax"
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    # the link is spent: another browser cannot use it
    other = new_page()
    other.goto(f"{server.url}/login/token?token={LOGIN_TOKEN}")
    expect(other.get_by_text("This sign-in link has already been used.")).to_be_visible()
    other.goto(f"{server.url}/check")
    expect(other).to_have_url(f"{server.url}/login")


def test_draft_highlights_appear_while_typing(page: Any, server: Server, shots: Path) -> None:
    page.goto(f"{server.url}/check")
    page.get_by_label("Your draft", exact=True).press_sequentially(DRAFT[:60], delay=5)
    page.get_by_label("Your draft", exact=True).fill(DRAFT)  # a paste
    mark = page.locator("#highlighted mark").first
    expect(mark).to_be_visible(timeout=20_000)  # the analyzer is slow on a busy machine
    expect(page.locator("#score .score")).to_contain_text(re.compile(r"\d+"))
    expect(page.locator("#findings")).to_be_visible()
    # a highlight explains itself on focus (keyboard) and on hover
    tip = mark.locator(".tip")
    expect(tip).to_be_hidden()
    mark.focus()
    expect(tip).to_be_visible()
    page.screenshot(path=str(shots / "check.png"), full_page=True)
    page.locator("h1").click()
    expect(tip).to_be_hidden()
    mark.hover()
    expect(tip).to_be_visible()
    # the score follows the text
    page.get_by_label("Your draft", exact=True).fill("")
    expect(page.locator("#highlighted")).to_have_count(0)


def test_a_plan_made_through_the_wizard(page: Any, server: Server, shots: Path) -> None:
    page.goto(f"{server.url}/")
    page.get_by_role("link", name=re.compile("I need to raise something")).click()
    page.get_by_label("In a few words").fill("Late weekly reports")
    page.get_by_label("With whom").fill("Sam")
    page.get_by_label("When you will have it").fill((date.today() + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name="Mindset")).to_be_visible()
    feeling = page.get_by_label("How am I feeling?")
    feeling.fill("Nervous. Why did you skip the review? You never listen.")
    status = page.locator("#f-mindset-how-i-feel-status")
    expect(status).to_have_text("Saved")
    expect(page.locator("#f-mindset-how-i-feel-findings .badge").first).to_be_visible()
    # nothing is lost if the tab closes: a fresh load has the text
    page.reload()
    expect(page.get_by_label("How am I feeling?")).to_have_value(
        "Nervous. Why did you skip the review? You never listen."
    )
    page.get_by_role("button", name=re.compile("Save and continue: Confident beliefs")).click()
    expect(page.get_by_role("heading", name="Confident beliefs")).to_be_visible()
    page.get_by_label("This conversation needs to be had.").check()
    expect(page.locator("#f-beliefs-needs-to-be-had-status")).to_have_text("Saved")
    page.get_by_role("link", name=re.compile("Derailers")).click()
    page.locator("#f-derailers-blame-on").check()
    expect(page.locator("#f-derailers-blame-status")).to_have_text("Saved")
    page.locator("#f-derailers-blame-response").fill("Keep to the facts and what happens next.")
    expect(page.locator("#f-derailers-blame-response-status")).to_have_text("Saved")
    page.locator("#f-derailers-triggered-on").check()
    expect(page.locator("#f-derailers-triggered-status")).to_have_text("Saved")
    page.reload()  # every field of the step was saved, not only the first
    expect(page.locator("#f-derailers-blame-response")).to_have_value(
        "Keep to the facts and what happens next."
    )
    expect(page.locator("#f-derailers-triggered-on")).to_be_checked()
    page.get_by_role("link", name=re.compile("P · Prepare")).click()
    page.get_by_label("Time scheduled, in minutes.").fill("2")
    expect(page.locator("#f-poems-prepare-time-minutes-status")).to_contain_text("Not saved")
    expect(page.get_by_role("alert")).to_contain_text("poems.prepare.time_minutes")
    page.get_by_label("Time scheduled, in minutes.").fill("45")
    expect(page.locator("#f-poems-prepare-time-minutes-status")).to_have_text("Saved")
    expect(page.locator("#readiness")).to_contain_text("Readiness")
    page.screenshot(path=str(shots / "plan.png"), full_page=True)
    page.get_by_role("link", name=re.compile("Mindset")).click()
    expect(page.get_by_label("How am I feeling?")).to_have_value(re.compile("^Nervous"))
    expect(page.locator("#f-mindset-how-i-feel-findings .badge").first).to_be_visible()


def test_an_outcome_recorded(page: Any, server: Server, shots: Path) -> None:
    page.goto(f"{server.url}/conversations/new?kind=apology")
    page.get_by_label("In a few words").fill("Missed the client demo")
    page.get_by_label("With whom").fill("Priya")
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_role("link", name=re.compile("Missed the client demo")).click()
    page.get_by_label("We agreed a way forward").check()
    page.get_by_label("Notes").fill("Calm talk; she accepted the apology.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("#outcome")).to_contain_text("We agreed a way forward")
    page.get_by_label("Action").fill("Send the corrected deck")
    page.get_by_label("Who", exact=True).fill("me")
    page.get_by_label("By when").fill((date.today() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add agreement").click()
    expect(page.locator("#agreements")).to_contain_text("Send the corrected deck")
    expect(page.locator("#summary-text")).to_contain_text("Send the corrected deck")
    expect(page.locator("#timeline")).to_contain_text("Held: We agreed a way forward")
    page.get_by_role("button", name="Plan a check-in").click()
    expect(page.locator("#check-ins")).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark done: Send the corrected deck")).click()
    done = page.get_by_role("button", name=re.compile("Mark not done: Send the corrected deck"))
    expect(done).to_be_visible()
    expect(page.locator("#summary-text")).to_contain_text("| me |")
    expect(page.locator("#summary-text")).to_contain_text("| yes |")
    page.screenshot(path=str(shots / "conversation.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (.md)").click()
    assert download.value.suggested_filename.endswith("-summary.md")


def test_a_mistake_moved_through_its_stages(page: Any, server: Server, shots: Path) -> None:
    page.goto(f"{server.url}/")
    page.get_by_role("link", name=re.compile("I made a mistake")).click()
    page.get_by_label("What happened, in a few words").fill("Invoice sent twice")
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("#disclosure-clock")).to_contain_text("not told yet")
    steps: list[tuple[str, dict[str, str]]] = [
        ("Told early", {"Whom you told": "the client"}),
        ("Quick fix", {"What stopped it getting worse": "Voided the second invoice"}),
        ("Understood", {"Touch points": "billing run"}),
        ("Options weighed", {"What you could do": "Credit note"}),
        ("Real fix", {"The real fix": "A duplicate check in the billing run"}),
        ("Everyone told", {"Who you told what happened": "Ana"}),
        (
            "Monitoring",
            {"Watch that the fix keeps working until": (date.today() + timedelta(days=10)).isoformat()},
        ),
    ]
    for title, fields in steps:
        for label, value in fields.items():
            page.get_by_label(re.compile(re.escape(label))).first.fill(value)
        page.get_by_role("button", name=f"Move to: {title}").click()
        expect(page.locator("#stage")).to_have_text(title)
    expect(page.locator("#monitoring")).to_contain_text("10 days left")
    page.get_by_label("Went well").fill("Told within the hour")
    page.get_by_label("Why close before the monitoring window ends").fill("Billing replaced")
    page.get_by_role("button", name="Move to: Learned and closed").click()
    expect(page.locator("#stage")).to_have_text("Learned and closed")
    page.get_by_role("link", name="← Mistakes").click()
    expect(page.locator('[data-stage="closed"]')).to_contain_text("Invoice sent twice")
    # two more, so the board shows stages side by side
    for title, told in (("Shared the wrong file", False), ("Missed the nightly backup", True)):
        page.get_by_role("link", name="I made a mistake").click()
        page.get_by_label("What happened, in a few words").fill(title)
        page.get_by_role("button", name="Log it").click()
        if told:
            page.get_by_label("Whom you told").fill("the team lead")
            page.get_by_role("button", name="Move to: Told early").click()
            expect(page.locator("#stage")).to_have_text("Told early")
        page.get_by_role("link", name="← Mistakes").click()
    expect(page.locator('[data-stage="discovered"]')).to_contain_text("not told yet")
    expect(page.locator('[data-stage="disclosed"]')).to_contain_text("Missed the nightly backup")
    page.screenshot(path=str(shots / "mistakes.png"), full_page=True)
    page.get_by_role("link", name="Home").click()
    expect(page.locator(".attention")).to_contain_text("Shared the wrong file")
    expect(page.locator(".attention")).to_contain_text("not told yet")
    page.screenshot(path=str(shots / "home-attention.png"), full_page=True)


def test_guides_and_settings(page: Any, server: Server, shots: Path) -> None:
    page.goto(f"{server.url}/guides")
    expect(page.get_by_role("heading", name=re.compile("POEMS"))).to_be_visible()
    page.screenshot(path=str(shots / "guides.png"), full_page=True)
    page.goto(f"{server.url}/settings")
    expect(page.get_by_label("Feed address")).to_have_value(re.compile(r"/calendar/.+\.ics$"))
    page.screenshot(path=str(shots / "settings.png"), full_page=True)


def test_logout(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/check")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()
    page.goto(f"{server.url}/check")
    expect(page).to_have_url(f"{server.url}/login")


def test_blocked_cross_account_access(team_server: Server, new_page: Any) -> None:
    admin = new_page()
    admin.goto(f"{team_server.url}/setup?token={LOGIN_TOKEN}")
    admin.get_by_label("Email").fill("ana@example.org")
    admin.get_by_label("Your name").fill("Ana")
    admin.get_by_label("Password").fill("ana's long password")
    admin.get_by_role("button", name="Create the admin account").click()
    expect(admin.get_by_role("heading", name="What needs you today")).to_be_visible()
    admin.goto(f"{team_server.url}/team")
    admin.get_by_label("Email").fill("ben@example.org")
    admin.get_by_role("button", name="Create invitation").click()
    link = admin.get_by_label("Invitation link").input_value()
    admin.goto(f"{team_server.url}/conversations/new?kind=feedback")
    admin.get_by_label("In a few words").fill("Ana's private conversation")
    admin.get_by_label("With whom").fill("Sam")
    admin.get_by_role("button", name="Start the plan").click()
    private_url = admin.url.removesuffix("/plan")

    member = new_page()
    member.goto(link)
    member.get_by_label("Your name").fill("Ben")
    member.get_by_label("Choose a password").fill("ben's long password")
    member.get_by_role("button", name="Join").click()
    expect(member.get_by_role("heading", name="What needs you today")).to_be_visible()
    response = member.goto(private_url)
    assert response is not None
    assert response.status == 404
    expect(member.get_by_role("heading", name="Not found")).to_be_visible()
    member.goto(f"{team_server.url}/conversations")
    expect(member.get_by_text("Ana's private conversation")).to_have_count(0)
    member.goto(f"{team_server.url}/team")
    expect(member.get_by_role("heading", name="Not allowed")).to_be_visible()
