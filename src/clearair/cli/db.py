"""``clearair db``: where the database is and whether it is up to date."""

from __future__ import annotations

import typer

db_app = typer.Typer(help="The database: status and migrations.", no_args_is_help=True)


def _unreachable(url: str) -> typer.Exit:
    from sqlalchemy.engine import make_url

    from clearair.cli._workspace import fail

    where = make_url(url).render_as_string(hide_password=True)
    return fail(f"cannot open the database at {where}")


@db_app.command("status")
def status() -> None:
    """Say which database is used and which schema revision it is at."""
    from sqlalchemy.exc import OperationalError

    from clearair.settings import Settings
    from clearair.storage.database import open_database

    settings = Settings.from_env()
    db = open_database(settings, upgrade_fresh=False)
    try:
        st = db.status()
    except OperationalError:
        raise _unreachable(settings.database_url) from None
    finally:
        db.close()
    typer.echo(f"database: {st.url}")
    typer.echo(f"revision: {st.current or 'none (empty database)'}")
    typer.echo(f"latest:   {st.head}")
    if st.up_to_date:
        typer.echo("up to date")
    else:
        typer.echo("needs `clearair db upgrade`")
        raise typer.Exit(1)


@db_app.command("upgrade")
def upgrade() -> None:
    """Run the migrations up to the latest schema (safe to run again)."""
    from sqlalchemy.exc import OperationalError

    from clearair.settings import Settings
    from clearair.storage.database import open_database

    settings = Settings.from_env()
    db = open_database(settings, upgrade_fresh=False)
    try:
        before = db.status().current
        db.upgrade()
        after = db.status().current
    except OperationalError:
        raise _unreachable(settings.database_url) from None
    finally:
        db.close()
    if before == after:
        typer.echo(f"already at the latest revision ({after})")
    else:
        typer.echo(f"upgraded from {before or 'empty'} to {after}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
