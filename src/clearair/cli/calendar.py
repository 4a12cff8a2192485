"""``clearair calendar export``: check-ins and due dates as an .ics file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

calendar_app = typer.Typer(help="Check-ins and agreement due dates for your calendar.", no_args_is_help=True)


@calendar_app.command("export")
def export(
    output_file: Annotated[Path, typer.Option("-o", "--output", help="The .ics file to write.")],
    detailed: Annotated[
        bool,
        typer.Option("--detailed", help="Put names and topics in the event titles (default: neutral)."),
    ] = False,
    include_done: Annotated[
        bool, typer.Option("--include-done", help="Also the check-ins and agreements already done.")
    ] = False,
) -> None:
    """Write an iCalendar file that calendars import; titles are neutral unless --detailed."""
    from clearair.cli._workspace import workspace
    from clearair.services import calendar as calendar_service

    with workspace() as ws:
        data = calendar_service.build_ics(ws.uow, ws.owner_id, detailed=detailed, include_done=include_done)
    output_file.write_bytes(data)
    count = data.count(b"BEGIN:VEVENT")
    typer.echo(f"{count} event(s) written to {output_file}.")


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar")
