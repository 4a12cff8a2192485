"""``clearair export`` and ``clearair import``: everything, as one JSON file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def export(
    output_file: Annotated[Path, typer.Option("-o", "--output", help="The .json file to write.")],
) -> None:
    """Write everything (conversations, plans, follow-up, mistakes, rehearsals) as JSON."""
    import json

    from clearair.cli._workspace import workspace
    from clearair.services import data

    with workspace() as ws:
        doc = data.export_data(ws.uow, ws.owner_id)
    output_file.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    typer.echo(
        f"Exported {len(doc['conversations'])} conversation(s), {len(doc['mistakes'])} "
        f"mistake(s), {len(doc['rehearsal_runs'])} rehearsal run(s) to {output_file}."
    )


def import_(
    input_file: Annotated[Path, typer.Argument(metavar="FILE.json")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete your current data first (same transaction).")
    ] = False,
) -> None:
    """Restore an export (added to your data, or replacing it with --replace)."""
    from clearair.cli._workspace import read_document, workspace
    from clearair.services import data

    doc = read_document(input_file)
    with workspace() as ws:
        counts = data.import_data(ws.uow, ws.owner_id, doc, replace=replace)
    typer.echo(
        f"Imported {counts['conversations']} conversation(s), {counts['mistakes']} mistake(s), "
        f"{counts['rehearsal_runs']} rehearsal run(s)."
    )


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
