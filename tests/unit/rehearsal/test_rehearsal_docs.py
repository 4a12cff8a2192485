"""The rehearsal docs tell the truth: every field, signal, scenario and option is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main
from pydantic import BaseModel

from clearair.cli.main import build_app
from clearair.rehearsal.scenario import Scenario, load_library
from clearair.rehearsal.signals import TECHNIQUE_SIGNALS

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs/rehearsal.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs/cli-rehearsal.md").read_text(encoding="utf-8")


def _fields(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= _fields(annotation)
        for arg in getattr(annotation, "__args__", ()):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _fields(arg)
    return names


def test_every_scenario_field_is_documented() -> None:
    missing = sorted(f for f in _fields(Scenario) if f"`{f}`" not in DOC)
    assert not missing, f"docs/rehearsal.md does not mention: {missing}"


def test_every_rehearsal_signal_is_documented() -> None:
    missing = sorted(s for s in TECHNIQUE_SIGNALS if f"`{s}`" not in DOC)
    assert not missing


def test_every_builtin_scenario_is_listed() -> None:
    missing = sorted(s.id for s in load_library().scenarios if f"`{s.id}`" not in DOC)
    assert not missing


def test_every_option_of_the_commands_is_documented() -> None:
    group = typer.main.get_command(build_app())
    for name in ("scenarios", "rehearse"):
        command = group.commands[name]  # type: ignore[attr-defined]
        assert f"clearair {name}" in CLI_DOC
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in CLI_DOC, f"docs/cli-rehearsal.md does not mention {name} {opt}"
