"""``clearair conversation``: create, list, show, edit, move and delete conversations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from clearair.cli._workspace import OutputFormat

conversation_app = typer.Typer(
    help="Conversations: the hard talks you plan, hold and follow up.", no_args_is_help=True
)

FormatOption = Annotated[OutputFormat, typer.Option("--format", help="human (default) or json.")]
FromFile = Annotated[
    Optional[Path],  # noqa: UP045 - Typer needs Optional on 3.11
    typer.Option("--from-file", "-f", help="Read the fields from a YAML or JSON file (- for stdin)."),
]
Opt = Optional[str]  # noqa: UP045

KINDS = "apology, feedback, mistake-disclosure, trust-repair, other"


@conversation_app.command("new")
def new(
    kind: Annotated[Opt, typer.Option("--kind", help=f"One of: {KINDS}.")] = None,
    title: Annotated[Opt, typer.Option("--title", help="A short title.")] = None,
    counterpart: Annotated[Opt, typer.Option("--with", help="Who it is with (a name).")] = None,
    relationship: Annotated[
        Opt, typer.Option("--relationship", help="Your relationship (peer, report, client...).")
    ] = None,
    target: Annotated[
        Opt, typer.Option("--target", help="Target date: YYYY-MM-DD, today, tomorrow or +N.")
    ] = None,
    from_file: FromFile = None,
    output: FormatOption = OutputFormat.human,
) -> None:
    """Start a conversation; missing fields are asked for."""
    from pydantic import ValidationError

    from clearair.cli._workspace import ask, fail, parse_date, print_json, read_mapping, workspace
    from clearair.domain.schemas import ConversationCreate
    from clearair.services import conversations

    data: dict[str, Any] = read_mapping(from_file) if from_file else {}
    cp = dict(data.get("counterpart") or {})
    if kind:
        data["kind"] = kind
    if title:
        data["title"] = title
    if counterpart:
        cp["name"] = counterpart
    if relationship is not None:
        cp["relationship"] = relationship
    if target is not None:
        data["target_date"] = parse_date(target, "target_date")
    if from_file is None:
        if "kind" not in data:
            data["kind"] = ask(f"Kind ({KINDS})", "kind")
        if "title" not in data:
            data["title"] = ask("Title", "title")
        if "name" not in cp:
            cp["name"] = ask("With whom (name)", "counterpart.name")
        if "relationship" not in cp:
            cp["relationship"] = ask("Your relationship to them", "counterpart.relationship", "")
        if "target_date" not in data:
            raw = ask("Target date (YYYY-MM-DD, today, +N; plan it, don't delay)", "target_date", "")
            data["target_date"] = parse_date(raw, "target_date")
    data["counterpart"] = cp
    try:
        payload = ConversationCreate.model_validate(data)
    except ValidationError as exc:
        from clearair.cli._workspace import validation_message

        raise fail(validation_message(exc)) from None
    with workspace() as ws:
        conv = conversations.create(ws.uow, ws.owner_id, payload)
    if output is OutputFormat.json:
        print_json(conv)
    else:
        typer.echo(
            f"Conversation {conv.id} created: {conv.title} ({conv.kind}, with {conv.counterpart.name})."
        )
        typer.echo(f"Next: clearair plan edit {conv.id}")


@conversation_app.command("list")
def list_(
    show_all: Annotated[bool, typer.Option("--all", help="Include closed and cancelled ones.")] = False,
    status: Annotated[Opt, typer.Option("--status", help="Only this status.")] = None,
    output: FormatOption = OutputFormat.human,
) -> None:
    """List conversations, soonest first; overdue ones say so."""
    from clearair.cli._workspace import fail, print_json, render_table, workspace
    from clearair.domain.conversations import OVERDUE_NOTE, ConversationStatus
    from clearair.services import conversations

    try:
        wanted = ConversationStatus(status) if status else None
    except ValueError:
        raise fail(f"--status: unknown status {status!r}") from None
    with workspace() as ws:
        items = conversations.list_(
            ws.uow, ws.owner_id, status=wanted, include_finished=show_all or wanted is not None
        )
    if output is OutputFormat.json:
        print_json(items)
        return
    if not items:
        typer.echo("No conversations yet. Start one: clearair conversation new")
        return
    rows = [
        [
            str(c.id),
            c.kind,
            c.title,
            c.counterpart.name,
            c.target_date.isoformat() if c.target_date else "-",
            c.status + (", OVERDUE" if c.overdue else ""),
        ]
        for c in items
    ]
    render_table("Conversations", ["id", "kind", "title", "with", "target", "status"], rows)
    for c in items:
        if c.overdue:
            typer.echo(f"#{c.id} is past its target date and still in planning: {OVERDUE_NOTE}.")


@conversation_app.command("show")
def show(
    conversation_id: Annotated[int, typer.Argument(metavar="ID")],
    output: FormatOption = OutputFormat.human,
) -> None:
    """Show a conversation with its outcome, agreements and check-ins."""
    from clearair.cli._workspace import print_json, workspace
    from clearair.domain.conversations import OVERDUE_NOTE
    from clearair.services import conversations

    with workspace() as ws:
        d = conversations.detail(ws.uow, ws.owner_id, conversation_id)
    if output is OutputFormat.json:
        print_json(d)
        return
    c = d.conversation
    typer.secho(f"#{c.id} {c.title}", bold=True)
    rel = f" ({c.counterpart.relationship})" if c.counterpart.relationship else ""
    typer.echo(f"  kind: {c.kind}   with: {c.counterpart.name}{rel}")
    target = c.target_date.isoformat() if c.target_date else "not set"
    typer.echo(
        f"  status: {c.status}   target: {target}" + (f"   OVERDUE: {OVERDUE_NOTE}" if c.overdue else "")
    )
    if d.drafts:
        last = d.drafts[-1]
        typer.echo(f"  drafts: {len(d.drafts)} (latest {last.part} v{last.number}, score {last.score})")
    if d.outcome:
        o = d.outcome
        typer.echo(f"  outcome: {o.result}, held {o.held_at.astimezone():%Y-%m-%d %H:%M}")
        if o.notes:
            typer.echo(f"    {o.notes}")
    for a in d.agreements:
        due = a.due_date.isoformat() if a.due_date else "no date"
        typer.echo(f"  agreement {a.id}: [{'x' if a.done else ' '}] {a.action} ({a.owner}, {due})")
    for ci in d.check_ins:
        typer.echo(
            f"  check-in {ci.id}: [{'x' if ci.done else ' '}] {ci.date.isoformat()} {ci.note}".rstrip()
        )
    if d.mistake_ids:
        typer.echo(f"  linked mistakes: {', '.join(str(i) for i in d.mistake_ids)}")


@conversation_app.command("edit")
def edit(
    conversation_id: Annotated[int, typer.Argument(metavar="ID")],
    kind: Annotated[Opt, typer.Option("--kind", help=f"One of: {KINDS}.")] = None,
    title: Annotated[Opt, typer.Option("--title")] = None,
    counterpart: Annotated[Opt, typer.Option("--with")] = None,
    relationship: Annotated[Opt, typer.Option("--relationship")] = None,
    target: Annotated[Opt, typer.Option("--target", help="YYYY-MM-DD, today, +N; 'none' clears.")] = None,
    from_file: FromFile = None,
) -> None:
    """Change a conversation's fields (with no options: asks for each)."""
    from pydantic import ValidationError

    from clearair.cli._workspace import ask, fail, parse_date, read_mapping, validation_message, workspace
    from clearair.domain.schemas import ConversationUpdate
    from clearair.services import conversations

    data: dict[str, Any] = read_mapping(from_file) if from_file else {}
    with workspace() as ws:
        current = conversations.get(ws.uow, ws.owner_id, conversation_id)
        cp = {**current.counterpart.model_dump(), **(data.get("counterpart") or {})}
        given = any(v is not None for v in (kind, title, counterpart, relationship, target))
        if kind:
            data["kind"] = kind
        if title:
            data["title"] = title
        if counterpart:
            cp["name"] = counterpart
        if relationship is not None:
            cp["relationship"] = relationship
        if target is not None:
            data["target_date"] = None if target.lower() == "none" else parse_date(target, "target_date")
        if not given and from_file is None:
            data["kind"] = ask(f"Kind ({KINDS})", "kind", current.kind)
            data["title"] = ask("Title", "title", current.title)
            cp["name"] = ask("With whom", "counterpart.name", cp["name"])
            cp["relationship"] = ask("Relationship", "counterpart.relationship", cp["relationship"])
            raw = ask(
                "Target date ('none' clears)",
                "target_date",
                current.target_date.isoformat() if current.target_date else "",
            )
            data["target_date"] = None if raw.lower() in ("", "none") else parse_date(raw, "target_date")
        if counterpart or relationship is not None or "counterpart" in data or not given:
            data["counterpart"] = cp
        # What was read is what gets changed: if someone else saved in between, it's a conflict.
        data.setdefault("version", current.version)
        try:
            payload = ConversationUpdate.model_validate(data)
        except ValidationError as exc:
            raise fail(validation_message(exc)) from None
        conv = conversations.update(ws.uow, ws.owner_id, conversation_id, payload)
    typer.echo(f"Conversation {conv.id} updated (version {conv.version}).")


@conversation_app.command("status")
def status(
    conversation_id: Annotated[int, typer.Argument(metavar="ID")],
    new_status: Annotated[
        str,
        typer.Argument(metavar="STATUS", help="planning, ready, held, following-up, closed, cancelled"),
    ],
) -> None:
    """Move a conversation to another status (only allowed moves)."""
    from clearair.cli._workspace import fail, workspace
    from clearair.domain.conversations import ConversationStatus
    from clearair.services import conversations

    try:
        target = ConversationStatus(new_status)
    except ValueError:
        allowed = ", ".join(s.value for s in ConversationStatus)
        raise fail(f"STATUS: unknown status {new_status!r} (one of: {allowed})") from None
    with workspace() as ws:
        conv = conversations.set_status(ws.uow, ws.owner_id, conversation_id, target)
    typer.echo(f"Conversation {conv.id} is now {conv.status}.")


@conversation_app.command("delete")
def delete(
    conversation_id: Annotated[int, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a conversation and everything under it."""
    from clearair.cli._workspace import workspace
    from clearair.services import conversations

    with workspace() as ws:
        conv = conversations.get(ws.uow, ws.owner_id, conversation_id)
        if not yes:
            typer.confirm(
                f"Delete conversation {conv.id} ({conv.title}) with its plan, drafts and follow-up?",
                abort=True,
            )
        conversations.delete(ws.uow, ws.owner_id, conversation_id)
    typer.echo(f"Conversation {conversation_id} deleted.")


def register(app: typer.Typer) -> None:
    app.add_typer(conversation_app, name="conversation")
