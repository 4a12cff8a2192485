"""``clearair rules``: every label with its kind, message and examples."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class RulesFormat(StrEnum):
    human = "human"
    json = "json"
    markdown = "markdown"


def rules(
    output: Annotated[
        RulesFormat,
        typer.Option("--format", help="human (default), json, or markdown (docs/labels.md)."),
    ] = RulesFormat.human,
) -> None:
    """List every label: its kind, what it means, a suggestion and examples."""
    from clearair.language import docs
    from clearair.language.engine import default_analyzer

    analyzer = default_analyzer()
    if output is RulesFormat.json:
        import json

        typer.echo(json.dumps(docs.rules_as_dicts(analyzer.rules), ensure_ascii=False, indent=2))
        return
    if output is RulesFormat.markdown:
        typer.echo(docs.labels_markdown(analyzer.rules), nl=False)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for rule in analyzer.rules:
        style = "red" if rule.kind == "problem" else "green"
        console.print(Text.assemble((rule.label, f"bold {style}"), (f"  {rule.kind} · {rule.title}", "dim")))
        console.print(f"  {rule.message}")
        console.print(Text(f"  Suggestion: {rule.suggestion}", style="cyan"))
        console.print(Text("  Flags: " + " · ".join(f'"{t}"' for t in rule.flag_examples[:3]), style="dim"))
        console.print(Text("  Not:   " + " · ".join(f'"{t}"' for t in rule.pass_examples[:3]), style="dim"))
        console.print()


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
