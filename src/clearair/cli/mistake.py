"""``clearair mistake``: the mistake log, from discovery to lessons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from clearair.cli._workspace import OutputFormat

if TYPE_CHECKING:
    from clearair.domain.schemas import MistakePublic

mistake_app = typer.Typer(
    help="The mistake log: tell early, quick fix, understand, fix, tell everyone, monitor, learn.",
    no_args_is_help=True,
)

IdArg = Annotated[int, typer.Argument(metavar="ID", help="The mistake's id.")]
Opt = Optional[str]  # noqa: UP045 - Typer needs Optional on 3.11
FromFile = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--from-file", "-f", help="Read the fields from a YAML or JSON file (- for stdin)."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="human (default) or json.")]


def _validate(model: Any, data: Any, prefix: str = "") -> Any:
    from pydantic import TypeAdapter, ValidationError

    from clearair.cli._workspace import fail, validation_message

    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        return model.model_validate(data)
    except ValidationError as exc:
        raise fail(validation_message(exc, prefix, tagged=isinstance(model, TypeAdapter))) from None


@mistake_app.command("new")
def new(
    title: Annotated[Opt, typer.Option("--title", help="What happened, in a few words.")] = None,
    description: Annotated[Opt, typer.Option("--description", help="The facts.")] = None,
    notes: Annotated[Opt, typer.Option("--notes", help="Private notes (never shared).")] = None,
    discovered_at: Annotated[
        Opt, typer.Option("--discovered-at", help="When you found it (default: now).")
    ] = None,
    shared: Annotated[bool, typer.Option("--shared", help="Show it on the team board.")] = False,
    from_file: FromFile = None,
    output: FormatOption = OutputFormat.human,
) -> None:
    """Log a mistake you just found; the disclosure clock starts."""
    from clearair.cli._workspace import ask, parse_datetime, print_json, read_mapping, workspace
    from clearair.domain.schemas import MistakeCreate
    from clearair.services import mistakes

    data: dict[str, Any] = read_mapping(from_file) if from_file else {}
    if title:
        data["title"] = title
    if description is not None:
        data["description"] = description
    if notes is not None:
        data["private_notes"] = notes
    if discovered_at:
        data["discovered_at"] = parse_datetime(discovered_at, "discovered_at")
    if shared:
        data["shared"] = True
    if from_file is None:
        if "title" not in data:
            data["title"] = ask("What happened (a title)", "title")
        if "description" not in data:
            data["description"] = ask("The facts", "description", "")
    payload = _validate(MistakeCreate, data)
    with workspace() as ws:
        m = mistakes.create(ws.uow, ws.owner_id, payload)
    if output is OutputFormat.json:
        print_json(m)
        return
    typer.echo(f"Mistake {m.id} logged: {m.title}.")
    typer.echo(f"Tell it before anyone else finds out: clearair mistake advance {m.id} disclosed")


@mistake_app.command("list")
def list_(
    show_all: Annotated[bool, typer.Option("--all", help="Include closed ones.")] = False,
    output: FormatOption = OutputFormat.human,
) -> None:
    """List your mistakes, newest first, with the disclosure clock."""
    from clearair.cli._workspace import print_json, render_table, workspace
    from clearair.services import mistakes

    with workspace() as ws:
        items = mistakes.list_(ws.uow, ws.owner_id, include_closed=show_all)
    if output is OutputFormat.json:
        print_json(items)
        return
    if not items:
        typer.echo("No open mistakes logged.")
        return
    rows = [
        [
            str(m.id),
            m.title,
            m.stage,
            f"{m.disclosure_clock}" + ("" if m.disclosed_at else " (running)"),
            "yes" if m.shared else "no",
        ]
        for m in items
    ]
    render_table("Mistakes", ["id", "title", "stage", "disclosure clock", "shared"], rows)


def render(m: MistakePublic) -> None:
    """Print a mistake for its owner."""
    from clearair.domain.mistakes import STAGE_HELP, next_stage

    typer.secho(f"#{m.id} {m.title}", bold=True)
    typer.echo(f"  stage: {m.stage}: {STAGE_HELP[m.stage]}")
    clock = m.disclosure_clock + ("" if m.disclosed_at else " and running")
    typer.echo(f"  disclosure clock: {clock}   shared on team board: {'yes' if m.shared else 'no'}")
    if m.description:
        typer.echo(f"  facts: {m.description}")
    if m.private_notes:
        typer.echo(f"  private notes: {m.private_notes}")
    if m.disclosed_to:
        typer.echo(f"  disclosed to: {m.disclosed_to}")
    if m.quick_fix:
        typer.echo(f"  quick fix: {m.quick_fix}")
    u = m.understanding
    for name in ("touch_points", "associations", "implications", "contributing_factors"):
        for item in getattr(u, name):
            typer.echo(f"  {name.replace('_', ' ')}: {item}")
    for i, o in enumerate(m.options):
        chosen = " (chosen)" if m.chosen_option == i else ""
        typer.echo(f"  option {i}{chosen}: {o.description}")
    if m.fix:
        typer.echo(f"  fix: {m.fix}")
    for n in m.told:
        ack = (
            f"acknowledged {n.acknowledged_at.astimezone():%Y-%m-%d}"
            if n.acknowledged_at
            else "not acknowledged"
        )
        typer.echo(f"  told [{n.id}] {n.person} on {n.told_at.astimezone():%Y-%m-%d %H:%M}, {ack}")
    if m.monitoring_until:
        typer.echo(f"  monitoring until: {m.monitoring_until.isoformat()}")
    for c in m.checks:
        typer.echo(f"  check {c.at.astimezone():%Y-%m-%d}: {c.note}")
    for name in ("went_well", "went_wrong", "got_lucky"):
        for item in getattr(m.lessons, name):
            typer.echo(f"  lesson ({name.replace('_', ' ')}): {item}")
    if m.close_reason:
        typer.echo(f"  closed early because: {m.close_reason}")
    for link in m.links:
        typer.echo(f"  conversation {link.conversation_id}: {link.purpose}")
    typer.echo("  stages: " + ", ".join(f"{s.stage} {s.at.astimezone():%Y-%m-%d %H:%M}" for s in m.stages))
    nxt = next_stage(m.stage)
    if nxt:
        typer.echo(f"  next: clearair mistake advance {m.id} {nxt}")


@mistake_app.command("show")
def show(mistake_id: IdArg, output: FormatOption = OutputFormat.human) -> None:
    """Show a mistake with every stage, who was told and the lessons."""
    from clearair.cli._workspace import print_json, workspace
    from clearair.services import mistakes

    with workspace() as ws:
        m = mistakes.get(ws.uow, ws.owner_id, mistake_id)
    if output is OutputFormat.json:
        print_json(m)
    else:
        render(m)


@mistake_app.command("edit")
def edit(
    mistake_id: IdArg,
    title: Annotated[Opt, typer.Option("--title")] = None,
    description: Annotated[Opt, typer.Option("--description")] = None,
    notes: Annotated[Opt, typer.Option("--notes", help="Private notes.")] = None,
    share: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--share/--no-share", help="Show it on the team board, or not."),
    ] = None,
    from_file: FromFile = None,
) -> None:
    """Change the title, facts, private notes, sharing or lessons."""
    from clearair.cli._workspace import ask, read_mapping, workspace
    from clearair.domain.schemas import MistakeUpdate
    from clearair.services import mistakes

    data: dict[str, Any] = read_mapping(from_file) if from_file else {}
    for key, value in (
        ("title", title),
        ("description", description),
        ("private_notes", notes),
        ("shared", share),
    ):
        if value is not None:
            data[key] = value
    with workspace() as ws:
        if not data and from_file is None:
            current = mistakes.get(ws.uow, ws.owner_id, mistake_id)
            data["title"] = ask("Title", "title", current.title)
            data["description"] = ask("The facts", "description", current.description)
            data["private_notes"] = ask("Private notes", "private_notes", current.private_notes)
            data["shared"] = typer.confirm("Share on the team board?", default=current.shared)
            data["version"] = current.version
        payload = _validate(MistakeUpdate, data)
        m = mistakes.update(ws.uow, ws.owner_id, mistake_id, payload)
    typer.echo(f"Mistake {m.id} updated.")


@mistake_app.command("advance")
def advance(
    mistake_id: IdArg,
    stage: Annotated[
        Opt, typer.Argument(metavar="[STAGE]", help="The next stage (default: the next one).")
    ] = None,
    at: Annotated[Opt, typer.Option("--at", help="When it happened (default: now).")] = None,
    from_file: FromFile = None,
) -> None:
    """Move the mistake to its next stage, with that stage's fields (asked for, or from a file)."""
    from pydantic import TypeAdapter

    from clearair.cli._workspace import fail, parse_datetime, prompt_model, read_mapping, workspace
    from clearair.domain.mistakes import STAGE_HELP, MistakeStage, check_advance, next_stage
    from clearair.domain.schemas import MistakeAdvance
    from clearair.services import mistakes

    adapter: TypeAdapter[Any] = TypeAdapter(MistakeAdvance)
    with workspace() as ws:
        current = mistakes.get(ws.uow, ws.owner_id, mistake_id)
        data: dict[str, Any] = read_mapping(from_file) if from_file else {}
        target = stage or data.get("stage") or next_stage(current.stage)
        if target is None:
            raise fail(f"mistake {mistake_id} is closed")
        try:
            target_stage = MistakeStage(target)
        except ValueError:
            raise fail(f"STAGE: unknown stage {target!r}") from None
        data["stage"] = target_stage.value
        check_advance(current.stage, target_stage)
        if at:
            data["at"] = parse_datetime(at, "at")
        if from_file is None:
            from pydantic import BaseModel

            from clearair.domain import schemas

            models: dict[MistakeStage, type[BaseModel]] = {
                MistakeStage.DISCLOSED: schemas.Disclose,
                MistakeStage.QUICK_FIXED: schemas.QuickFix,
                MistakeStage.UNDERSTOOD: schemas.Understand,
                MistakeStage.OPTIONS_WEIGHED: schemas.WeighOptions,
                MistakeStage.FIXED: schemas.Fix,
                MistakeStage.COMMUNICATED: schemas.Communicate,
                MistakeStage.MONITORING: schemas.Monitor,
                MistakeStage.CLOSED: schemas.Close,
            }
            model = models[target_stage]
            typer.secho(f"{target_stage}: {STAGE_HELP[target_stage]}", bold=True)
            data = prompt_model(model, data, skip=frozenset({"stage", "at", "version"}))
        payload = _validate(adapter, data)
        m = mistakes.advance(ws.uow, ws.owner_id, mistake_id, payload)
    typer.echo(f"Mistake {m.id} is now {m.stage}.")


@mistake_app.command("tell")
def tell(
    mistake_id: IdArg,
    person: Annotated[Opt, typer.Option("--person", help="Who you told.")] = None,
    told_at: Annotated[Opt, typer.Option("--told-at", help="When (default: now).")] = None,
    acknowledged: Annotated[bool, typer.Option("--acknowledged", help="They have acknowledged it.")] = False,
) -> None:
    """Record that you told someone about it."""
    from clearair.cli._workspace import ask, parse_datetime, workspace
    from clearair.domain.schemas import NotificationCreate
    from clearair.services import mistakes

    data = {
        "person": person or ask("Who did you tell", "person"),
        "told_at": parse_datetime(told_at, "told_at"),
        "acknowledged": acknowledged,
    }
    payload = _validate(NotificationCreate, data)
    with workspace() as ws:
        m = mistakes.tell(ws.uow, ws.owner_id, mistake_id, payload)
    typer.echo(f"Noted: {payload.person} was told (notification {m.told[-1].id}).")


@mistake_app.command("ack")
def ack(
    notification_id: Annotated[int, typer.Argument(metavar="NOTIFICATION_ID")],
) -> None:
    """Record that a person you told acknowledged it."""
    from clearair.cli._workspace import workspace
    from clearair.services import mistakes

    with workspace() as ws:
        m = mistakes.acknowledge(ws.uow, ws.owner_id, notification_id)
    person = next(n.person for n in m.told if n.id == notification_id)
    typer.echo(f"{person} acknowledged mistake {m.id}.")


@mistake_app.command("check")
def check(
    mistake_id: IdArg,
    note: Annotated[Opt, typer.Option("--note", help="What you saw while monitoring.")] = None,
) -> None:
    """Add a monitoring note."""
    from clearair.cli._workspace import ask, workspace
    from clearair.domain.schemas import CheckNoteCreate
    from clearair.services import mistakes

    payload = _validate(CheckNoteCreate, {"note": note or ask("What did you see", "note")})
    with workspace() as ws:
        m = mistakes.add_check(ws.uow, ws.owner_id, mistake_id, payload)
    typer.echo(f"Check note added to mistake {m.id} ({len(m.checks)} so far).")


@mistake_app.command("link")
def link(
    mistake_id: IdArg,
    conversation_id: Annotated[int, typer.Argument(metavar="CONVERSATION_ID")],
    purpose: Annotated[str, typer.Option("--purpose", help="e.g. apology to the client.")] = "",
) -> None:
    """Link a conversation this mistake needs."""
    from clearair.cli._workspace import workspace
    from clearair.services import mistakes

    with workspace() as ws:
        mistakes.link(ws.uow, ws.owner_id, mistake_id, conversation_id, purpose)
    typer.echo(f"Mistake {mistake_id} linked to conversation {conversation_id}.")


@mistake_app.command("unlink")
def unlink(
    mistake_id: IdArg,
    conversation_id: Annotated[int, typer.Argument(metavar="CONVERSATION_ID")],
) -> None:
    """Remove a link to a conversation (the conversation stays)."""
    from clearair.cli._workspace import workspace
    from clearair.services import mistakes

    with workspace() as ws:
        mistakes.unlink(ws.uow, ws.owner_id, mistake_id, conversation_id)
    typer.echo(f"Mistake {mistake_id} no longer linked to conversation {conversation_id}.")


@mistake_app.command("delete")
def delete(
    mistake_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a mistake and everything recorded under it."""
    from clearair.cli._workspace import workspace
    from clearair.services import mistakes

    with workspace() as ws:
        m = mistakes.get(ws.uow, ws.owner_id, mistake_id)
        if not yes:
            typer.confirm(f"Delete mistake {m.id} ({m.title}) and its history?", abort=True)
        mistakes.delete(ws.uow, ws.owner_id, mistake_id)
    typer.echo(f"Mistake {mistake_id} deleted.")


@mistake_app.command("board")
def board(output: FormatOption = OutputFormat.human) -> None:
    """The team board: everyone's shared mistakes (no private notes)."""
    from clearair.cli._workspace import print_json, render_table, workspace
    from clearair.services import mistakes

    with workspace() as ws:
        items = mistakes.team_board(ws.uow, ws.owner_id)
    if output is OutputFormat.json:
        print_json(items)
        return
    if not items:
        typer.echo("Nothing shared on the team board yet.")
        return
    rows = [[str(b.id), b.author, b.title, b.stage, b.disclosure_clock] for b in items]
    render_table("Team board", ["id", "by", "title", "stage", "disclosure clock"], rows)


def register(app: typer.Typer) -> None:
    app.add_typer(mistake_app, name="mistake")
