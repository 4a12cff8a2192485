"""The workspace commands end to end, on SQLite and PostgreSQL (CLEARAIR_DATABASE_URL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearair.cli.main import build_app

runner = CliRunner()


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run ``clearair ...`` against a fresh database of each kind."""
    monkeypatch.setenv("CLEARAIR_DATABASE_URL", database_url)

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(build_app(), list(args), input=input)

    return invoke


def _json(result) -> object:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_fresh_install_creates_and_lists(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "conversation",
        "new",
        "--kind",
        "feedback",
        "--title",
        "Late reports",
        "--with",
        "Sam",
        "--relationship",
        "report",
        "--target",
        "2020-01-01",
    )
    assert r.exit_code == 0, r.output
    assert "Conversation 1 created" in r.output
    listed = _json(cli("conversation", "list", "--format", "json"))
    assert isinstance(listed, list)
    assert listed[0]["overdue"] is True
    human = cli("conversation", "list")
    assert "#1 is past its target date and still in planning: plan it, but don't delay." in human.output


def test_interactive_new_asks_for_missing_fields(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("conversation", "new", input="apology\nMissed the review\nAna\ncolleague\n+2\n")
    assert r.exit_code == 0, r.output
    shown = _json(cli("conversation", "show", "1", "--format", "json"))
    assert isinstance(shown, dict)
    assert shown["conversation"]["counterpart"] == {"name": "Ana", "relationship": "colleague"}


def test_bad_input_names_the_field_and_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "conversation", "new", "--kind", "apology", "--title", "x", "--with", "y", "--target", "2026-02-30"
    )
    assert r.exit_code == 2
    assert "target_date" in r.output
    r = cli("conversation", "new", "--kind", "rant", "--title", "x", "--with", "y", "--target", "")
    assert r.exit_code == 2
    assert "kind" in r.output
    bad = tmp_path / "conv.yaml"
    bad.write_text("kind: apology\ntitle: a: b\n", encoding="utf-8")
    r = cli("conversation", "new", "--from-file", str(bad))
    assert r.exit_code == 2
    assert "line 2" in r.output
    bad_json = tmp_path / "conv.json"
    bad_json.write_text('{"kind": "apology",\n "title": }', encoding="utf-8")
    r = cli("conversation", "new", "--from-file", str(bad_json))
    assert r.exit_code == 2
    assert "line 2" in r.output
    missing = tmp_path / "missing.yaml"
    missing.write_text("kind: apology\ncounterpart: {name: Ana}\n", encoding="utf-8")
    r = cli("conversation", "new", "--from-file", str(missing))
    assert r.exit_code == 2
    assert "title" in r.output
    r = cli("conversation", "show", "42")
    assert r.exit_code == 2
    assert "no conversation with id 42" in r.output
    assert _json(cli("conversation", "list", "--all", "--format", "json")) == []


def test_plan_from_file_and_a_bad_field(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("conversation", "new", "--kind", "feedback", "--title", "t", "--with", "Sam", "--target", "+3")
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "poems:\n  prepare:\n    time_minutes: 30\n    evidence: [report came 4 days late]\n",
        encoding="utf-8",
    )
    assert cli("plan", "edit", "1", "--from-file", str(plan)).exit_code == 0
    plan.write_text("poems:\n  prepare:\n    time_minutes: lots\n", encoding="utf-8")
    r = cli("plan", "edit", "1", "--from-file", str(plan))
    assert r.exit_code == 2
    assert "poems.prepare.time_minutes" in r.output
    shown = _json(cli("plan", "show", "1", "--format", "json"))
    assert isinstance(shown, dict)
    assert shown["plan"]["poems"]["prepare"]["time_minutes"] == 30


def test_status_transition_error_is_clear(cli) -> None:  # type: ignore[no-untyped-def]
    cli("conversation", "new", "--kind", "other", "--title", "t", "--with", "Sam", "--target", "")
    r = cli("conversation", "status", "1", "held")
    assert r.exit_code == 2
    assert "cannot go from planning to held" in r.output
    assert cli("conversation", "status", "1", "ready").exit_code == 0


def test_follow_up_calendar_and_export_import(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    cli(
        "conversation",
        "new",
        "--kind",
        "feedback",
        "--title",
        "Late reports",
        "--with",
        "Sam",
        "--target",
        "today",
    )
    r = cli(
        "followup",
        "outcome",
        "1",
        "--held-at",
        "2026-11-20 10:00",
        "--result",
        "agreement",
        "--notes",
        "Good talk",
    )
    assert r.exit_code == 0, r.output
    agreements = tmp_path / "agreements.yaml"
    agreements.write_text(
        "- {action: Send the report by the 3rd, owner: Sam, due_date: 2026-12-03}\n"
        "- {action: Review the template, owner: me}\n",
        encoding="utf-8",
    )
    assert cli("followup", "agree", "1", "--from-file", str(agreements)).exit_code == 0
    agreements.write_text("- {action: ok, owner: me}\n- {owner: me}\n", encoding="utf-8")
    r = cli("followup", "agree", "1", "--from-file", str(agreements))
    assert r.exit_code == 2
    assert "[1].action" in r.output
    assert cli("followup", "checkin", "1", "--date", "2026-12-05", "--note", "How's it going").exit_code == 0
    assert cli("followup", "done", "agreement", "2").exit_code == 0
    ics = tmp_path / "out.ics"
    r = cli("calendar", "export", "-o", str(ics))
    assert r.exit_code == 0, r.output
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 2
    assert all("Sam" not in str(e["summary"]) for e in events)
    export = tmp_path / "all.json"
    assert cli("export", "-o", str(export)).exit_code == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    assert len(doc["conversations"][0]["agreements"]) == 2
    r = cli("import", str(export), "--replace")
    assert r.exit_code == 0, r.output
    again = tmp_path / "again.json"
    cli("export", "-o", str(again))
    doc2 = json.loads(again.read_text(encoding="utf-8"))
    doc.pop("exported_at")
    doc2.pop("exported_at")
    for d in (doc, doc2):
        for c in d["conversations"]:
            c.pop("id")
    assert doc == doc2


def test_mistake_flow_from_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "mistake",
        "new",
        "--title",
        "Sent the draft to the client",
        "--shared",
        "--description",
        "v2 instead of v3",
    )
    assert r.exit_code == 0, r.output
    assert cli("mistake", "advance", "1", "disclosed", input="my lead\n").exit_code == 0
    r = cli("mistake", "advance", "1", "fixed", input="x\n")
    assert r.exit_code == 2
    assert "next stage is quick-fixed" in r.output
    assert cli("mistake", "advance", "1", input="Sent the right version\n").exit_code == 0
    step = tmp_path / "understood.yaml"
    step.write_text("understanding:\n  touch_points: [shared folder]\n", encoding="utf-8")
    assert cli("mistake", "advance", "1", "-f", str(step)).exit_code == 0
    shown = _json(cli("mistake", "show", "1", "--format", "json"))
    assert isinstance(shown, dict)
    assert shown["stage"] == "understood"
    assert shown["understanding"]["touch_points"] == ["shared folder"]
    assert cli("mistake", "tell", "1", "--person", "Client").exit_code == 0
    assert cli("mistake", "ack", "1").exit_code == 0
    board = _json(cli("mistake", "board", "--format", "json"))
    assert isinstance(board, list)
    assert board[0]["title"] == "Sent the draft to the client"
    assert "private_notes" not in board[0]
    assert cli("mistake", "delete", "1", "--yes").exit_code == 0
    assert _json(cli("mistake", "list", "--all", "--format", "json")) == []


def test_guides_and_db_commands(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("guide")
    assert r.exit_code == 0
    assert "poems" in r.output
    r = cli("guide", "poems")
    assert "Make it safe" in r.output
    r = cli("guide", "nope")
    assert r.exit_code == 2
    assert "topics:" in r.output
    cards = _json(cli("guide", "--format", "json"))
    assert isinstance(cards, list)
    assert len(cards) == 7
    assert cli("db", "status").exit_code == 1
    assert "upgraded from empty to" in cli("db", "upgrade").output
    r = cli("db", "status")
    assert r.exit_code == 0
    assert "up to date" in r.output


def test_interactive_plan_and_follow_up_edits(cli) -> None:  # type: ignore[no-untyped-def]
    cli("conversation", "new", "--kind", "feedback", "--title", "t", "--with", "Sam", "--target", "+1")
    r = cli("plan", "edit", "1", "--section", "beliefs", input="y\ny\nn\ny\n")
    assert r.exit_code == 0, r.output
    r = cli("plan", "edit", "1", "--section", "derailers", input="n\nn\ny\nPause and breathe\nn\nn\n")
    assert r.exit_code == 0, r.output
    plan = _json(cli("plan", "show", "1", "--format", "json"))
    assert isinstance(plan, dict)
    assert plan["plan"]["beliefs"] == {
        "needs_to_be_had": True,
        "prepared": True,
        "can_stay_calm": False,
        "can_make_it_safe": True,
    }
    assert plan["plan"]["derailers"] == [{"derailer": "blame", "response": "Pause and breathe"}]
    cli("followup", "agree", "1", "--action", "Send it", "--owner", "Sam", "--due", "2026-12-01")
    r = cli("followup", "edit", "agreement", "1", input="Send it today\nme\nnone\n")
    assert r.exit_code == 0, r.output
    shown = _json(cli("conversation", "show", "1", "--format", "json"))
    assert isinstance(shown, dict)
    assert shown["agreements"][0]["action"] == "Send it today"
    assert shown["agreements"][0]["owner"] == "me"
    assert shown["agreements"][0]["due_date"] is None
    assert cli("followup", "delete", "agreement", "1").exit_code == 0
    r = cli("followup", "edit", "check-in", "9", "--note", "x")
    assert r.exit_code == 2
    assert "no check-in with id 9" in r.output


def test_an_unreachable_database_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEARAIR_DATABASE_URL", "postgresql+psycopg://someone:s3cret@127.0.0.1:1/nothing")
    for args in (["conversation", "list"], ["db", "status"], ["db", "upgrade"]):
        r = runner.invoke(build_app(), args)
        assert r.exit_code == 2, r.output
        assert "cannot open the database at postgresql+psycopg://someone:***@127.0.0.1:1" in r.output
        assert "s3cret" not in r.output
