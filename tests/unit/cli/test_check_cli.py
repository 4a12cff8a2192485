from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from clearair.cli.main import build_app

runner = CliRunner()
DRAFT = "I'm sorry if the demo confused people. Sorry, but you should have told me. Why did you do that?"


def invoke(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(build_app(), list(args), input=input)


def test_human_output_shows_findings_score_and_verdict(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output
    assert "conditional-apology" in result.output
    assert "why-question" in result.output
    assert "Try:" in result.output
    assert "Score" in result.output
    assert "verdict" in result.output


def test_json_output_is_the_versioned_document() -> None:
    result = invoke("check", "-", "--format", "json", input=DRAFT)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "clearair.check/1"
    assert {f["label"] for f in doc["findings"]} >= {"conditional-apology", "why-question"}


def test_fail_on_problem_exits_1_only_with_problems() -> None:
    assert invoke("check", "--fail-on", "problem", input=DRAFT).exit_code == 1
    assert invoke("check", "--fail-on", "problem", input="I'm sorry I forgot. That's on me.").exit_code == 0


def test_empty_text_is_an_empty_report() -> None:
    result = invoke("check", "--format", "json", input="")
    assert result.exit_code == 0
    assert json.loads(result.output)["findings"] == []


def test_missing_file_says_so(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_non_utf8_file_names_file_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"sorry \xff\xfe")
    result = invoke("check", str(path))
    assert result.exit_code == 2
    assert "bad.txt" in result.output
    assert "byte offset 6" in result.output


def test_jsonl_contract_with_bad_lines() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Sorry if you were offended."}),
        "not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": [3], "text": 42}),
        json.dumps({"text": "Why did you skip the review?"}),
    ]
    result = invoke("check", "--jsonl", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == 1
    assert set(out[0]) == {"id", "score", "verdict", "findings"}
    assert out[0]["findings"][0]["label"] == "conditional-apology"
    assert set(out[0]["findings"][0]) == {
        "label",
        "kind",
        "start",
        "end",
        "sentence",
        "message",
        "suggestion",
    }
    assert out[1] == {"id": None, "line": 2, "error": out[1]["error"]}
    assert "not JSON" in out[1]["error"]
    assert out[2]["id"] == "b"
    assert out[2]["line"] == 3
    assert "text" in out[2]["error"]
    assert out[3]["id"] == [3]
    assert "string" in out[3]["error"]
    assert out[4]["id"] is None
    assert out[4]["findings"][0]["label"] == "why-question"


def test_jsonl_all_good_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "I'm sorry."}) + "\n", encoding="utf-8")
    result = invoke("check", "--jsonl", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "x"


def test_rules_lists_every_label() -> None:
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.output)
    assert len(rules) == 28
    assert all(r["message"] and r["suggestion"] and r["examples"]["flag"] for r in rules)
    human = invoke("rules")
    assert "feeling-policing" in human.output


def test_help_does_not_load_the_analyzer() -> None:
    heavy = ("clearair.language", "sqlalchemy", "fastapi", "yaml")
    code = (
        "import sys; from clearair.cli.main import build_app; build_app(); "
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_console_script_builds_only_the_command_it_runs() -> None:
    from click.testing import CliRunner as ClickRunner
    from typer.main import get_command

    full = get_command(build_app())
    only = get_command(build_app("check"))
    assert {"check", "rules", "conversation", "serve"} <= set(full.commands)  # type: ignore[attr-defined]
    assert set(only.commands) == {"check"}  # type: ignore[attr-defined]
    # still a group: "check" is the command's name, not its FILE argument
    result = ClickRunner().invoke(only, ["check", "-"], input="I'm sorry I missed it.")
    assert result.exit_code == 0, result.output
    assert "regret" in result.output
