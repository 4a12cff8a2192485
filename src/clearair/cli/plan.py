"""``clearair plan``: edit and show the plan, check readiness, keep drafts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from clearair.cli._workspace import OutputFormat

if TYPE_CHECKING:
    from clearair.domain.plan import Readiness

plan_app = typer.Typer(
    help="The plan: mindset, beliefs, derailers, POEMS or the apology; readiness; drafts.",
    no_args_is_help=True,
)

FormatOption = Annotated[OutputFormat, typer.Option("--format", help="human (default) or json.")]
IdArg = Annotated[int, typer.Argument(metavar="ID", help="The conversation's id.")]

SECTIONS = ("mindset", "beliefs", "derailers", "poems", "apology")


@plan_app.command("edit")
def edit(
    conversation_id: IdArg,
    from_file: Annotated[
        Optional[Path],  # noqa: UP045 - Typer needs Optional on 3.11
        typer.Option(
            "--from-file",
            "-f",
            help="Merge these plan fields (YAML/JSON; sections merge, lists replace).",
        ),
    ] = None,
    section: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--section", help=f"Only ask about one section: {', '.join(SECTIONS)}."),
    ] = None,
) -> None:
    """Fill in the plan: from a file, or by answering questions section by section."""
    from clearair.cli._workspace import fail, prompt_model, read_mapping, workspace
    from clearair.domain import plan as plan_model
    from clearair.domain.plan import SECTIONS as KIND_SECTIONS
    from clearair.services import conversations, plans

    if section is not None and section not in SECTIONS:
        raise fail(f"--section: unknown section {section!r} (one of: {', '.join(SECTIONS)})")
    with workspace() as ws:
        conv = conversations.get(ws.uow, ws.owner_id, conversation_id)
        current = plans.get(ws.uow, ws.owner_id, conversation_id)
        if from_file is not None:
            changes = read_mapping(from_file)
        else:
            wanted = [section] if section else list(KIND_SECTIONS[conv.kind])
            data = current.plan.model_dump(mode="json")
            changes = {}
            models: dict[str, Any] = {
                "mindset": plan_model.Mindset,
                "beliefs": plan_model.Beliefs,
                "poems": plan_model.Poems,
                "apology": plan_model.ApologyPlan,
            }
            for name in wanted:
                if name == "derailers":
                    from clearair.cli._workspace import prompt_model_list

                    typer.secho("\nderailers", bold=True)
                    changes["derailers"] = prompt_model_list(
                        plan_model.DerailerRisk, data["derailers"], "derailers"
                    )
                else:
                    changes[name] = prompt_model(models[name], data[name], heading=name)
        saved = plans.patch(ws.uow, ws.owner_id, conversation_id, changes, version=current.version)
    typer.echo(f"Plan of conversation {conversation_id} saved (version {saved.version}).")
    typer.echo(f"Check it: clearair plan check {conversation_id}")


@plan_app.command("show")
def show(conversation_id: IdArg, output: FormatOption = OutputFormat.human) -> None:
    """Show the plan (the sections this kind of conversation uses)."""
    from clearair.cli._workspace import print_json, workspace
    from clearair.domain.plan import SECTIONS as KIND_SECTIONS
    from clearair.services import conversations, plans

    with workspace() as ws:
        conv = conversations.get(ws.uow, ws.owner_id, conversation_id)
        p = plans.get(ws.uow, ws.owner_id, conversation_id)
    if output is OutputFormat.json:
        print_json(p)
        return
    import yaml

    data = p.plan.model_dump(mode="json")
    shown = {k: data[k] for k in KIND_SECTIONS[conv.kind]}
    typer.secho(f"Plan for #{conv.id} {conv.title} ({conv.kind})", bold=True)
    typer.echo(yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=88).rstrip())


def render_readiness(result: Readiness) -> None:
    """Print the readiness report for people."""
    verdict = "ready" if result.ready else "not ready yet"
    typer.secho(f"Readiness: {result.score}/100 ({verdict})", bold=True)
    if result.missing:
        typer.echo(f"\nStill missing ({len(result.missing)}):")
        for m in result.missing:
            typer.echo(f"  - {m.field}: {m.message}")
    if result.findings:
        typer.echo(f"\nWhat the analyzer found ({len(result.findings)}):")
        for f in result.findings:
            typer.echo(f'  ✗ {f.field}: {f.label}: "{f.excerpt}"')
            typer.echo(f"      {f.message}")
            if f.suggestion:
                typer.echo(f"      try: {f.suggestion}")
    typer.echo(f"\n{result.checked_fields} free-text field(s) checked.")


@plan_app.command("check")
def check(conversation_id: IdArg, output: FormatOption = OutputFormat.human) -> None:
    """List what is still missing, check every free-text field, give a readiness score."""
    from clearair.cli._workspace import print_json, workspace
    from clearair.services import plans

    with workspace() as ws:
        result = plans.check(ws.uow, ws.owner_id, conversation_id)
    if output is OutputFormat.json:
        print_json(result)
    else:
        render_readiness(result)


@plan_app.command("draft")
def draft(
    conversation_id: IdArg,
    part: Annotated[str, typer.Option("--part", help="opening or apology.")],
    source: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="[FILE|-]", help="The text; - reads stdin; nothing asks for it."),
    ] = None,
    output: FormatOption = OutputFormat.human,
) -> None:
    """Save a new version of the opening or the apology, with its analysis."""
    from pydantic import ValidationError

    from clearair.cli._workspace import ask, fail, print_json, validation_message, workspace
    from clearair.domain.schemas import DraftCreate
    from clearair.services import plans

    if source is None:
        text = ask(f"Your {part} text", "text")
    elif source == "-":
        import sys

        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise fail(f"{source}: no such file")
        text = path.read_text(encoding="utf-8")
    try:
        payload = DraftCreate.model_validate({"part": part, "text": text})
    except ValidationError as exc:
        raise fail(validation_message(exc)) from None
    with workspace() as ws:
        saved = plans.add_draft(ws.uow, ws.owner_id, conversation_id, payload)
        history = plans.list_drafts(ws.uow, ws.owner_id, conversation_id, payload.part)
    if output is OutputFormat.json:
        print_json(saved)
        return
    typer.echo(f"Saved {saved.part} v{saved.number}: score {saved.score} ({saved.verdict}).")
    if len(history) > 1:
        trail = " → ".join(str(d.score) for d in history)
        typer.echo(f"Scores so far: {trail}")
    for f in saved.analysis.get("findings", []):
        mark = "✗" if f["kind"] == "problem" else "✓"
        typer.echo(f'  {mark} {f["label"]}: "{saved.text[f["start"] : f["end"]]}"')


@plan_app.command("drafts")
def drafts(
    conversation_id: IdArg,
    part: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--part", help="Only opening or apology."),
    ] = None,
    output: FormatOption = OutputFormat.human,
) -> None:
    """List the stored versions and how their score changed."""
    from clearair.cli._workspace import fail, print_json, render_table, workspace
    from clearair.domain.schemas import DraftPart
    from clearair.services import plans

    try:
        wanted = DraftPart(part) if part else None
    except ValueError:
        raise fail(f"--part: {part!r} is not opening or apology") from None
    with workspace() as ws:
        items = plans.list_drafts(ws.uow, ws.owner_id, conversation_id, wanted)
    if output is OutputFormat.json:
        print_json(items)
        return
    if not items:
        typer.echo(f"No drafts yet. Save one: clearair plan draft {conversation_id} --part apology")
        return
    rows = [
        [
            d.part,
            f"v{d.number}",
            str(d.score),
            d.verdict,
            d.text if len(d.text) < 60 else d.text[:57] + "...",
        ]
        for d in items
    ]
    render_table("Drafts", ["part", "version", "score", "verdict", "text"], rows)


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
