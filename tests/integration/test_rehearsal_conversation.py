"""``clearair rehearse --conversation ID``: checked against the plan, saved with the conversation."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from clearair.cli.main import build_app

runner = CliRunner()


def _conversation_with_plan() -> int:
    from clearair.domain.plan import Plan
    from clearair.domain.schemas import ConversationCreate
    from clearair.services import accounts, conversations, plans
    from clearair.settings import Settings
    from clearair.storage.database import open_database

    db = open_database(Settings.from_env())
    try:
        uow = db.unit_of_work()
        me = accounts.ensure_local_user(uow)
        conv = conversations.create(
            uow,
            me.id,
            ConversationCreate(kind="apology", title="Missed lunch", counterpart={"name": "Priya"}),
        )
        plan = Plan.model_validate(
            {
                "poems": {
                    "opening": {
                        "mutual_purpose": "I want us both to feel good about our friendship.",
                        "facts": ["You waited an hour for me at Rosa's on Tuesday."],
                    },
                    "explore": {"questions": ["What was that hour like for you?"]},
                    "make_safe": {"contrasting": ["I'm not calling to make excuses; I want to hear you."]},
                    "summarize": {"solution_questions": ["How can I make it up to you?"]},
                }
            }
        )
        plans.replace(uow, me.id, conv.id, plan)
        return conv.id
    finally:
        db.close()


def _saved_runs(conversation_id: int) -> list:  # type: ignore[type-arg]
    from clearair.services import accounts, rehearsals
    from clearair.settings import Settings
    from clearair.storage.database import open_database

    db = open_database(Settings.from_env())
    try:
        uow = db.unit_of_work()
        me = accounts.ensure_local_user(uow)
        return rehearsals.list_(uow, me.id, conversation_id=conversation_id)
    finally:
        db.close()


def test_a_linked_run_is_checked_against_the_plan_and_saved(tmp_path: Path) -> None:
    conversation_id = _conversation_with_plan()
    script = tmp_path / "turns.txt"
    script.write_text(
        "Why didn't you just order without me?\n"
        "I want us both to feel good about our friendship. You waited an hour for me at Rosa's on Tuesday.\n"
        "I'm not calling to make excuses; I want to hear you. What was that hour like for you?\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        build_app(),
        [
            "rehearse",
            "missed-lunch",
            "--script",
            str(script),
            "--seed",
            "3",
            "--format",
            "json",
            "--conversation",
            str(conversation_id),
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    plan = doc["report"]["plan"]
    assert plan["opened_with_mutual_purpose"]["done"] is True  # in the first two turns
    asked = {q["question"]: q["asked"] for q in plan["questions"]}
    assert asked == {"What was that hour like for you?": True, "How can I make it up to you?": False}
    flashes = plan["contrasting_after_flashes"]
    assert flashes
    assert flashes[0]["used_contrasting"] is False

    (saved,) = _saved_runs(conversation_id)
    assert saved.id == doc["saved_run"]
    assert saved.scenario_id == "missed-lunch"
    assert saved.seed == 3
    assert next(t["text"] for t in saved.transcript if t["speaker"] == "learner").startswith("Why didn't")
    assert saved.report["plan"]["questions"][0]["asked"] is True


def test_an_unknown_conversation_is_a_clear_error(tmp_path: Path) -> None:
    script = tmp_path / "turns.txt"
    script.write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(
        build_app(), ["rehearse", "missed-lunch", "--script", str(script), "--conversation", "999"]
    )
    assert result.exit_code == 2
    assert "no conversation with id 999" in result.stderr
