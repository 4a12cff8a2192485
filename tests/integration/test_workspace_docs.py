"""The workspace docs tell the truth: every command and service is documented."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import typer

from clearair.cli.main import build_app

ROOT = Path(__file__).resolve().parents[2]
GROUPS = ("conversation", "plan", "followup", "calendar", "mistake", "db")
SINGLE = ("summary", "guide", "export", "import")
SERVICES = (
    "accounts",
    "conversations",
    "plans",
    "followup",
    "summary",
    "calendar",
    "mistakes",
    "rehearsals",
    "data",
)


def _commands() -> list[str]:
    app = build_app()
    found: list[str] = []
    for group in app.registered_groups:
        if group.name in GROUPS:
            sub = group.typer_instance
            assert isinstance(sub, typer.Typer)
            found += [f"{group.name} {c.name}" for c in sub.registered_commands]
    found += [c.name for c in app.registered_commands if c.name in SINGLE]
    return found


def test_every_workspace_command_is_in_the_cli_reference() -> None:
    doc = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    commands = _commands()
    assert len(commands) >= 30
    missing = [c for c in commands if f"`{c}" not in doc and f"clearair {c}" not in doc]
    assert missing == [], f"document these in docs/cli.md: {missing}"


@pytest.mark.parametrize("module", SERVICES)
def test_every_service_function_is_in_the_architecture_doc(module: str) -> None:
    doc = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    mod = importlib.import_module(f"clearair.services.{module}")
    public = [
        name
        for name, fn in inspect.getmembers(mod, inspect.isfunction)
        if fn.__module__ == mod.__name__
        and not name.startswith("_")
        and name not in {"default_checker", "first_error"}
    ]
    missing = [n for n in public if n not in doc]
    assert missing == [], f"document these {module} functions in docs/architecture.md: {missing}"
    assert all(
        fn.__doc__
        for _, fn in inspect.getmembers(mod, inspect.isfunction)
        if fn.__module__ == mod.__name__ and not _.startswith("_")
    )
