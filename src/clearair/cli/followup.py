"""``clearair followup``: record the outcome, agreements and check-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from clearair.cli._workspace import OutputFormat

followup_app = typer.Typer(
    help="After the conversation: the outcome, agreements and check-ins.", no_args_is_help=True
)

IdArg = Annotated[int, typer.Argument(metavar="ID", help="The conversation's id.")]
Opt = Optional[str]  # noqa: UP045 - Typer needs Optional on 3.11
FromFile = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--from-file", "-f", help="Read the fields from a YAML or JSON file (- for stdin)."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="human (default) or json.")]
RESULTS = "agreement, expectation-set, escalated, not-accepted, postponed"


def _validate(model: Any, data: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from clearair.cli._workspace import fail, validation_message

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise fail(validation_message(exc)) from None


@followup_app.command("outcome")
def outcome(
    conversation_id: IdArg,
    held_at: Annotated[Opt, typer.Option("--held-at", help="YYYY-MM-DD HH:MM or now.")] = None,
    result: Annotated[Opt, typer.Option("--result", help=f"One of: {RESULTS}.")] = None,
    notes: Annotated[Opt, typer.Option("--notes", help="What happened, briefly.")] = None,
    from_file: FromFile = None,
) -> None:
    """Record how the conversation went (moves it to held)."""
    from clearair.cli._workspace import ask, parse_datetime, read_mapping, workspace
    from clearair.domain.schemas import OutcomeCreate
    from clearair.services import followup

    data: dict[str, Any] = read_mapping(from_file) if from_file else {}
    if held_at:
        data["held_at"] = parse_datetime(held_at, "held_at")
    if result:
        data["result"] = result
    if notes is not None:
        data["notes"] = notes
    if from_file is None:
        if "held_at" not in data:
            data["held_at"] = parse_datetime(
                ask("When was it held (YYYY-MM-DD HH:MM or now)", "held_at", "now"), "held_at"
            )
        if "result" not in data:
            data["result"] = ask(f"Result ({RESULTS})", "result")
        if "notes" not in data:
            data["notes"] = ask("Notes", "notes", "")
    payload = _validate(OutcomeCreate, data)
    with workspace() as ws:
        saved = followup.record_outcome(ws.uow, ws.owner_id, conversation_id, payload)
    typer.echo(f"Outcome recorded for conversation {conversation_id}: {saved.result}.")


@followup_app.command("agree")
def agree(
    conversation_id: IdArg,
    action: Annotated[Opt, typer.Option("--action", help="What will be done.")] = None,
    owner: Annotated[Opt, typer.Option("--owner", help="Who owns it (a name, or me).")] = None,
    due: Annotated[Opt, typer.Option("--due", help="Due date: YYYY-MM-DD, today, +N.")] = None,
    from_file: FromFile = None,
) -> None:
    """Add an agreement (action, owner, due date). A file may hold a list of them."""
    from clearair.cli._workspace import ask, fail, parse_date, read_document, workspace
    from clearair.domain.schemas import AgreementCreate
    from clearair.services import followup

    items: list[dict[str, Any]]
    if from_file is not None:
        doc = read_document(from_file)
        items = doc if isinstance(doc, list) else [doc]
        if not all(isinstance(x, dict) for x in items):
            raise fail(f"{from_file}: expected a mapping or a list of mappings")
    else:
        item: dict[str, Any] = {
            "action": action or ask("Action", "action"),
            "owner": owner or ask("Owner", "owner", "me"),
        }
        raw_due = due if due is not None else ask("Due date (YYYY-MM-DD, +N, empty for none)", "due_date", "")
        item["due_date"] = parse_date(raw_due, "due_date")
        items = [item]
    from pydantic import ValidationError

    from clearair.cli._workspace import validation_message

    payloads = []
    for i, x in enumerate(items):
        try:
            payloads.append(AgreementCreate.model_validate(x))
        except ValidationError as exc:
            raise fail(validation_message(exc, f"[{i}]" if len(items) > 1 else "")) from None
    # One unit of work for all of them: if one fails, none is written.
    with workspace() as ws, ws.uow:
        saved = [followup.add_agreement(ws.uow, ws.owner_id, conversation_id, p) for p in payloads]
        ws.uow.commit()
    for s in saved:
        due_text = s.due_date.isoformat() if s.due_date else "no date"
        typer.echo(f"Agreement {s.id} added: {s.action} ({s.owner}, {due_text}).")


@followup_app.command("checkin")
def checkin(
    conversation_id: IdArg,
    on: Annotated[Opt, typer.Option("--date", help="YYYY-MM-DD, today, +N.")] = None,
    note: Annotated[Opt, typer.Option("--note", help="What to check.")] = None,
) -> None:
    """Plan a check-in."""
    from clearair.cli._workspace import ask, parse_date, workspace
    from clearair.domain.schemas import CheckInCreate
    from clearair.services import followup

    when = parse_date(on or ask("Date (YYYY-MM-DD or +N)", "date"), "date")
    data = {"date": when, "note": note if note is not None else ask("Note", "note", "")}
    payload = _validate(CheckInCreate, data)
    with workspace() as ws:
        saved = followup.add_check_in(ws.uow, ws.owner_id, conversation_id, payload)
    typer.echo(f"Check-in {saved.id} planned for {saved.date.isoformat()}.")


@followup_app.command("done")
def done(
    what: Annotated[str, typer.Argument(metavar="agreement|check-in")],
    item_id: Annotated[int, typer.Argument(metavar="ID")],
    note: Annotated[Opt, typer.Option("--note", help="For a check-in: what you found.")] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Mark it not done.")] = False,
) -> None:
    """Mark an agreement or a check-in done."""
    from clearair.cli._workspace import fail, workspace
    from clearair.domain.schemas import AgreementUpdate, CheckInUpdate
    from clearair.services import followup

    with workspace() as ws:
        if what == "agreement":
            a = followup.update_agreement(ws.uow, ws.owner_id, item_id, AgreementUpdate(done=not undo))
            typer.echo(f"Agreement {a.id} {'done' if a.done else 'open again'}: {a.action}")
        elif what in ("check-in", "checkin"):
            fields: dict[str, Any] = {"done": not undo}
            if note is not None:
                fields["note"] = note
            c = followup.update_check_in(ws.uow, ws.owner_id, item_id, CheckInUpdate(**fields))
            typer.echo(f"Check-in {c.id} {'done' if c.done else 'open again'} ({c.date.isoformat()}).")
        else:
            raise fail(f"{what!r}: say agreement or check-in")


@followup_app.command("edit")
def edit(
    what: Annotated[str, typer.Argument(metavar="agreement|check-in")],
    item_id: Annotated[int, typer.Argument(metavar="ID")],
    action: Annotated[Opt, typer.Option("--action", help="Agreement: what will be done.")] = None,
    owner: Annotated[Opt, typer.Option("--owner", help="Agreement: who owns it.")] = None,
    due: Annotated[Opt, typer.Option("--due", help="Agreement: due date ('none' clears).")] = None,
    on: Annotated[Opt, typer.Option("--date", help="Check-in: its date.")] = None,
    note: Annotated[Opt, typer.Option("--note", help="Check-in: its note.")] = None,
    from_file: FromFile = None,
) -> None:
    """Change an agreement or a check-in (with no options: asks for each field)."""
    from clearair.cli._workspace import ask, fail, parse_date, read_mapping, workspace
    from clearair.domain.schemas import AgreementUpdate, CheckInUpdate
    from clearair.services import followup

    data: dict[str, Any] = read_mapping(from_file) if from_file else {}
    kind = "agreement" if what == "agreement" else "check-in" if what in ("check-in", "checkin") else None
    if kind is None:
        raise fail(f"{what!r}: say agreement or check-in")
    with workspace() as ws:
        if kind == "agreement":
            for key, value in (("action", action), ("owner", owner)):
                if value is not None:
                    data[key] = value
            if due is not None:
                data["due_date"] = None if due.lower() == "none" else parse_date(due, "due_date")
            if not data and from_file is None:
                current = followup.get_agreement(ws.uow, ws.owner_id, item_id)
                data["action"] = ask("Action", "action", current.action)
                data["owner"] = ask("Owner", "owner", current.owner)
                raw = ask(
                    "Due date ('none' clears)",
                    "due_date",
                    current.due_date.isoformat() if current.due_date else "none",
                )
                data["due_date"] = None if raw.lower() in ("", "none") else parse_date(raw, "due_date")
                data["version"] = current.version
            a = followup.update_agreement(ws.uow, ws.owner_id, item_id, _validate(AgreementUpdate, data))
            typer.echo(f"Agreement {a.id} updated.")
        else:
            if on is not None:
                data["date"] = parse_date(on, "date")
            if note is not None:
                data["note"] = note
            if not data and from_file is None:
                current_ci = followup.get_check_in(ws.uow, ws.owner_id, item_id)
                data["date"] = parse_date(ask("Date", "date", current_ci.date.isoformat()), "date")
                data["note"] = ask("Note", "note", current_ci.note)
                data["version"] = current_ci.version
            c = followup.update_check_in(ws.uow, ws.owner_id, item_id, _validate(CheckInUpdate, data))
            typer.echo(f"Check-in {c.id} updated.")


@followup_app.command("delete")
def delete(
    what: Annotated[str, typer.Argument(metavar="agreement|check-in")],
    item_id: Annotated[int, typer.Argument(metavar="ID")],
) -> None:
    """Remove an agreement or a check-in."""
    from clearair.cli._workspace import fail, workspace
    from clearair.services import followup

    with workspace() as ws:
        if what == "agreement":
            followup.delete_agreement(ws.uow, ws.owner_id, item_id)
        elif what in ("check-in", "checkin"):
            followup.delete_check_in(ws.uow, ws.owner_id, item_id)
        else:
            raise fail(f"{what!r}: say agreement or check-in")
    typer.echo(f"{what.capitalize()} {item_id} deleted.")


@followup_app.command("due")
def due_list(
    days: Annotated[int, typer.Option("--days", help="Look this many days ahead.")] = 14,
    output: FormatOption = OutputFormat.human,
) -> None:
    """Open check-ins and agreements due in the next days (and any overdue)."""
    from datetime import date, timedelta

    from clearair.cli._workspace import print_json, render_table, workspace
    from clearair.services import conversations

    horizon = date.today() + timedelta(days=days)
    rows: list[dict[str, Any]] = []
    with workspace() as ws:
        for c in conversations.list_(ws.uow, ws.owner_id, include_finished=False):
            d = conversations.detail(ws.uow, ws.owner_id, c.id)
            for a in d.agreements:
                if not a.done and a.due_date and a.due_date <= horizon:
                    rows.append(
                        {
                            "type": "agreement",
                            "id": a.id,
                            "date": a.due_date.isoformat(),
                            "conversation_id": c.id,
                            "what": f"{a.action} ({a.owner})",
                        }
                    )
            for ci in d.check_ins:
                if not ci.done and ci.date <= horizon:
                    rows.append(
                        {
                            "type": "check-in",
                            "id": ci.id,
                            "date": ci.date.isoformat(),
                            "conversation_id": c.id,
                            "what": ci.note or c.title,
                        }
                    )
    rows.sort(key=lambda r: r["date"])
    if output is OutputFormat.json:
        print_json(rows)
        return
    if not rows:
        typer.echo(f"Nothing due in the next {days} days.")
        return
    render_table(
        "Due",
        ["date", "type", "id", "conversation", "what"],
        [[r["date"], r["type"], str(r["id"]), str(r["conversation_id"]), r["what"]] for r in rows],
    )


def register(app: typer.Typer) -> None:
    app.add_typer(followup_app, name="followup")
