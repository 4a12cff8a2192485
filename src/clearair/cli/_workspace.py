"""Shared plumbing for the workspace commands: open the database, report errors,
read ``--from-file`` documents, prompt for a model's fields, print JSON.

Imported only inside commands (it is cheap, but it pulls in nothing heavy
either: the database and the services load lazily).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import typer

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from clearair.storage.database import Database
    from clearair.storage.uow import SqlUnitOfWork


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``clearair: message`` on stderr and return the exit to raise."""
    typer.echo(f"clearair: {message}", err=True)
    return typer.Exit(code)


@dataclass
class Session:
    """An open workspace for one command: the database, a unit of work, the acting owner."""

    db: Database
    uow: SqlUnitOfWork
    owner_id: int


def validation_message(exc: ValidationError, prefix: str = "", *, tagged: bool = False) -> str:
    """``field.path: message`` for each pydantic error (what the person must fix).

    ``tagged``: the model is a discriminated union, whose errors start with the
    tag (``quick-fixed.quick_fix``); the tag is dropped.
    """
    lines = []
    for err in exc.errors():
        parts = err["loc"][1:] if tagged and len(err["loc"]) > 1 else err["loc"]
        loc = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in parts)
        loc = loc.replace(".[", "[")
        path = ".".join(p for p in (prefix, loc) if p)
        lines.append(f"{path or 'input'}: {err['msg']}")
    return "; ".join(lines)


@contextlib.contextmanager
def workspace() -> Iterator[Session]:
    """Open the database from the settings (migrating a fresh one), as the local user.

    Workspace errors and validation errors become a one-line message and exit 2.
    """
    from pydantic import ValidationError

    from clearair.domain.errors import NotFoundError, WorkspaceError
    from clearair.services import accounts
    from clearair.settings import Settings
    from clearair.storage.database import open_database

    db = open_or_fail(Settings.from_env(), open_database)
    try:
        uow = db.unit_of_work()
        owner = accounts.ensure_local_user(uow)
        yield Session(db=db, uow=uow, owner_id=owner.id)
    except NotFoundError as exc:
        raise fail(str(exc)) from None
    except WorkspaceError as exc:
        raise fail(str(exc)) from None
    except ValidationError as exc:
        raise fail(validation_message(exc)) from None
    finally:
        db.close()


def open_or_fail(settings: Any, opener: Any, **kw: Any) -> Any:
    """Open the database, turning "cannot connect" into one clear line (no password shown)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from clearair.domain.errors import WorkspaceError

    try:
        return opener(settings, **kw)
    except WorkspaceError as exc:
        raise fail(str(exc)) from None
    except OperationalError:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        raise fail(f"cannot open the database at {where}") from None


def read_document(path: Path) -> Any:
    """A YAML or JSON file (``-`` reads standard input); parse errors name the line."""
    import yaml

    if str(path) == "-":
        text = sys.stdin.read()
        name = "<stdin>"
    else:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise fail(f"{path}: not UTF-8 text") from None
        name = str(path)
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise fail(f"{name}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        raise fail(f"{name}: {where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise fail(f"{name}: does not parse: {exc}") from None


def read_mapping(path: Path) -> dict[str, Any]:
    """A document that must be a mapping (``key: value`` at the top)."""
    data = read_document(path)
    if not isinstance(data, dict):
        raise fail(f"{path}: expected a mapping of fields at the top level")
    return data


def print_json(data: Any) -> None:
    """Pretty JSON on stdout (pydantic models and lists of them too)."""
    typer.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2))


def _plain(data: Any) -> Any:
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json")
    if hasattr(data, "to_dict"):
        return data.to_dict()
    if isinstance(data, list):
        return [_plain(x) for x in data]
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    return data


def parse_date(value: str | None, field: str) -> date | None:
    """``YYYY-MM-DD`` (or ``today``/``tomorrow``/``+N`` days) or a clear error naming the field."""
    if value is None or value == "":
        return None
    from datetime import timedelta

    v = value.strip().lower()
    if v == "today":
        return date.today()
    if v == "tomorrow":
        return date.today() + timedelta(days=1)
    if v.startswith("+") and v[1:].isdigit():
        return date.today() + timedelta(days=int(v[1:]))
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise fail(f"{field}: {value!r} is not a date (use YYYY-MM-DD, today or +N)") from None


def parse_datetime(value: str | None, field: str) -> datetime | None:
    """``YYYY-MM-DD[ HH:MM]`` or ``now`` (local time) or a clear error naming the field."""
    if value is None or value == "":
        return None
    if value.strip().lower() == "now":
        return datetime.now().astimezone()
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise fail(f"{field}: {value!r} is not a date and time (use YYYY-MM-DD HH:MM or now)") from None
    return parsed if parsed.tzinfo else parsed.astimezone()


def interactive() -> bool:
    """True when a person is at the keyboard."""
    return sys.stdin.isatty()


# --- prompting a model field by field ---------------------------------------------


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin is Union or str(origin) == "<class 'types.UnionType'>":
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _label(name: str, description: str | None) -> str:
    return description or name.replace("_", " ").capitalize()


def prompt_model(
    model: type[BaseModel],
    current: dict[str, Any],
    heading: str = "",
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Ask for every field of ``model`` (current values as defaults); return the new dict.

    Text: type a new value or press Enter to keep it. Lists: one item per line,
    an empty line ends the list (Enter at once keeps the current list, ``-``
    clears it). Yes/no: y or n. Nested sections are asked in turn.
    """
    from pydantic import BaseModel as PydanticModel

    if heading:
        typer.secho(f"\n{heading}", bold=True)
    out = dict(current)
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation, optional = _unwrap_optional(info.annotation)
        label = _label(name, info.description)
        value = current.get(name)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, PydanticModel):
            if optional:
                keep = typer.confirm(f"{label}: fill this in?", default=value is not None)
                if not keep:
                    out[name] = None
                    continue
            out[name] = prompt_model(annotation, value or {}, heading=f"{heading} › {name}".strip(" ›"))
        elif origin is list:
            (item_type,) = get_args(annotation)
            if isinstance(item_type, type) and issubclass(item_type, PydanticModel):
                out[name] = prompt_model_list(item_type, value or [], label)
            else:
                out[name] = _prompt_list(label, value or [])
        elif annotation is bool:
            out[name] = typer.confirm(label, default=bool(value))
        elif isinstance(annotation, type) and issubclass(annotation, StrEnum):
            choices = "/".join(m.value for m in annotation)
            while True:
                answer = typer.prompt(f"{label} ({choices})", default=value or "", show_default=bool(value))
                if answer in {m.value for m in annotation}:
                    out[name] = answer
                    break
                typer.echo(f"  choose one of: {choices}")
        elif annotation is int:
            raw = typer.prompt(
                label, default="" if value is None else str(value), show_default=value is not None
            )
            out[name] = (
                int(raw)
                if raw.strip().lstrip("-").isdigit()
                else (None if optional and not raw.strip() else raw)
            )
        else:
            out[name] = typer.prompt(label, default=value or "", show_default=bool(value)).strip()
    return out


def _prompt_list(label: str, current: list[str]) -> list[str]:
    typer.echo(f"{label} (one per line; empty line ends; Enter keeps, '-' clears)")
    for item in current:
        typer.echo(f"  · {item}")
    items: list[str] = []
    while True:
        line = typer.prompt("  +", default="", show_default=False).strip()
        if not line:
            break
        if line == "-" and not items:
            return []
        items.append(line)
    return items or list(current)


def prompt_model_list(
    model: type[BaseModel], current: list[dict[str, Any]], label: str
) -> list[dict[str, Any]]:
    from clearair.domain.plan import Derailer, DerailerRisk

    if model is DerailerRisk:
        by_name = {d.get("derailer"): d for d in current}
        out = []
        typer.echo("Which derailers may hit? (y/n for each)")
        for d in Derailer:
            existing = by_name.get(d.value)
            if typer.confirm(f"  {d.value}", default=existing is not None):
                response = typer.prompt(
                    f"    what will you do about {d.value}?",
                    default=(existing or {}).get("response", ""),
                    show_default=bool(existing),
                )
                out.append({"derailer": d.value, "response": response.strip()})
        return out
    items: list[dict[str, Any]] = []
    typer.echo(f"{label}:")
    while typer.confirm("  add one?", default=not items and not current):
        items.append(prompt_model(model, {}))
    return items or current


def ask(label: str, field: str, default: str | None = None) -> str:
    """Prompt for a missing value; with no one to answer, use the default or fail naming the field."""
    try:
        value: str = typer.prompt(label, default=default, show_default=default is not None)
    except typer.Abort:
        if default is not None:
            typer.echo("", err=True)
            return default
        raise fail(f"{field}: missing (give it as an option or in --from-file)") from None
    return value.strip()


def render_table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    """A plain rich table (no colors when piped)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    Console(highlight=False).print(table)
