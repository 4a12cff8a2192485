"""``clearair scenarios`` and ``clearair rehearse``, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from clearair.cli.main import build_app
from clearair.rehearsal.scenario import builtin_dir
from tests.unit.rehearsal.fake_llm import FakeLLM

runner = CliRunner()

GOOD_LUNCH = "\n".join(
    [
        "I want us both to feel good about our friendship, that's why I'm calling. "
        "On Tuesday you waited an hour for me at Rosa's and I never showed up. I'm sorry I kept you waiting.",
        "",
        "I'm not calling to make excuses; I want to hear how it was for you. "
        "What was that hour like for you?",
        "I can see this matters a lot to you. So you're saying it feels like you make all the time for us? "
        "What would help most now?",
    ]
)


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(build_app(), list(args), input=input)


def write(tmp_path: Path, text: str, name: str = "script.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_scenarios_json_lists_ids_and_titles() -> None:
    result = invoke("scenarios", "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) >= 8
    assert all({"id", "title"} <= set(item) for item in items)
    assert "missed-lunch" in {item["id"] for item in items}


def test_scenarios_human() -> None:
    result = invoke("scenarios")
    assert result.exit_code == 0
    assert "missed-lunch" in result.stdout
    assert "Priya" in result.stdout


def test_a_scripted_run_prints_the_json_document(tmp_path: Path) -> None:
    script = write(tmp_path, GOOD_LUNCH)
    result = invoke("rehearse", "missed-lunch", "--script", str(script), "--seed", "4", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["scenario"] == "missed-lunch"
    assert doc["seed"] == 4
    speakers = [t["speaker"] for t in doc["turns"]]
    assert speakers[:3] == ["counterpart", "learner", "counterpart"]
    assert speakers.count("learner") == 3, "blank lines are not turns"
    for turn in doc["turns"]:
        assert {"speaker", "text", "safety", "reaction"} <= set(turn)
    assert doc["final_safety"] > 70
    assert doc["revealed"] is True
    assert doc["ended"] == "agreement"
    report = doc["report"]
    assert {"poems", "techniques", "problems", "timeline", "sparkline", "swings", "hidden_concern"} <= set(
        report
    )


def test_the_same_seed_gives_the_same_run(tmp_path: Path) -> None:
    script = write(tmp_path, "Why did you wait so long?\nOkay.\nWhat was it like for you?\nOkay.\n")
    args = ("rehearse", "missed-lunch", "--script", str(script), "--seed", "9", "--format", "json")
    first, second = invoke(*args), invoke(*args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == json.loads(second.stdout)


def test_human_output_has_transcript_and_report(tmp_path: Path) -> None:
    script = write(tmp_path, "Why are you making a big deal of this? It was only an hour.\n")
    result = invoke("rehearse", "missed-lunch", "--script", str(script), "--seed", "1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "you> Why are you making a big deal of this?" in out
    assert any(f"Priya [{kind}]:" in out for kind in ("flash", "roadbump", "walk-out"))
    assert "Coach's report" in out
    assert "Hidden concern: it did not come out." in out


def test_a_bad_scenario_file_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    text = (builtin_dir() / "missed-lunch.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(text.replace("style: pushes-back", "style: sulks"), encoding="utf-8")
    result = invoke("scenarios", "--format", "json", "--dir", str(tmp_path))
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) >= 8
    assert f"{tmp_path / 'mine.yaml'}:" in result.stderr
    assert "persona.style" in result.stderr


def test_unknown_scenario_and_empty_script_are_clear_errors(tmp_path: Path) -> None:
    result = invoke("rehearse", "no-such-thing", "--script", str(write(tmp_path, "Hi.\n")))
    assert result.exit_code == 2
    assert "no scenario 'no-such-thing'" in result.stderr
    result = invoke("rehearse", "missed-lunch", "--script", str(write(tmp_path, "\n  \n", "empty.txt")))
    assert result.exit_code == 2
    assert "has no turns" in result.stderr


def test_interactive_asks_again_on_an_empty_turn() -> None:
    result = invoke(
        "rehearse", "missed-lunch", "--seed", "2", input="\nWhat was that hour like for you?\n/end\n"
    )
    assert result.exit_code == 0, result.output
    assert "(say something, or /end to finish)" in result.stdout
    assert "Coach's report (stopped" in result.stdout


def test_the_openai_voice_gets_placeholders_not_names(tmp_path: Path) -> None:
    script = write(tmp_path, "Priya, I was at Rosa's with Claire and lost track of time.\n")
    with FakeLLM() as llm:
        llm.reply = "*folds her arms* [PERSON1] is listening."
        result = invoke(
            "rehearse",
            "missed-lunch",
            "--script",
            str(script),
            "--seed",
            "1",
            "--format",
            "json",
            "--voice",
            "openai",
            "--llm-base-url",
            llm.url,
            "--llm-model",
            "tiny",
        )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["voice_failures"] == 0
    assert doc["turns"][-1]["text"] == "*folds her arms* Priya is listening."
    sent = json.dumps(llm.requests)
    for name in ("Priya", "Rosa", "Claire"):
        assert name not in sent


def test_the_openai_voice_needs_its_settings(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CLEARAIR_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("CLEARAIR_LLM_MODEL", raising=False)
    result = invoke(
        "rehearse", "missed-lunch", "--script", str(write(tmp_path, "Hi.\n")), "--voice", "openai"
    )
    assert result.exit_code == 2
    assert "CLEARAIR_LLM_BASE_URL" in result.stderr


def test_interactive_with_json_keeps_stdout_for_the_document() -> None:
    result = invoke(
        "rehearse", "missed-lunch", "--seed", "2", "--format", "json", input="What was it like?\n"
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["ended"] == "stopped"
    assert [t["text"] for t in doc["turns"] if t["speaker"] == "learner"] == ["What was it like?"]
    assert "you> " in result.stderr


def test_the_script_can_come_from_stdin() -> None:
    result = invoke(
        "rehearse", "wrong-email", "--script", "-", "--seed", "1", "--format", "json", input="Okay.\nWhy?\n"
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [t["text"] for t in doc["turns"] if t["speaker"] == "learner"] == ["Okay.", "Why?"]
