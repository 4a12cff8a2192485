"""``clearair summary``: the written summary of a conversation, checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from clearair.cli._workspace import OutputFormat


def summary(
    conversation_id: Annotated[int, typer.Argument(metavar="ID", help="The conversation's id.")],
    output_file: Annotated[
        Optional[Path],  # noqa: UP045 - Typer needs Optional on 3.11
        typer.Option("-o", "--output", help="Write the Markdown to this file."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="human (default) or json.")
    ] = OutputFormat.human,
) -> None:
    """Write the summary (Markdown) from the plan, outcome and agreements, and check it."""
    from clearair.cli._workspace import print_json, workspace
    from clearair.services import summary as summary_service

    with workspace() as ws:
        result = summary_service.build(ws.uow, ws.owner_id, conversation_id)
    if output_file is not None:
        output_file.write_text(result.markdown, encoding="utf-8")
    if output is OutputFormat.json:
        print_json(result)
        return
    if output_file is None:
        typer.echo(result.markdown)
    else:
        typer.echo(f"Summary written to {output_file}.")
    report = result.report
    typer.echo(f"Analyzer: score {report.score} ({report.verdict}).")
    for f in report.problems:
        typer.echo(f'  ✗ {f.label}: "{report.text[f.start : f.end]}": {f.message}')


def register(app: typer.Typer) -> None:
    app.command("summary")(summary)
