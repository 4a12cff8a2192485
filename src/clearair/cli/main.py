"""The ``clearair`` console script.

Each command group lives in its own module under ``clearair.cli`` and exposes
``register(app)``. Those modules import only Typer at module level; the
analyzer, the database and the web stack are imported inside the commands, so
``clearair --help`` stays instant.
"""

from __future__ import annotations

import importlib

import typer

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "check",
    "rules",
    "conversation",
    "plan",
    "followup",
    "summary",
    "calendar",
    "mistake",
    "guide",
    "data",
    "db",
    "serve",
    "rehearse",
)

app = typer.Typer(
    name="clearair",
    help="Own a mistake and hold the hard conversation that follows: "
    "plan it, check the words, rehearse it, follow up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def build_app() -> typer.Typer:
    """Attach every command group to ``app`` (once) and return it."""
    if not getattr(app, "_clearair_registered", False):
        for name in COMMAND_MODULES:
            module = importlib.import_module(f"clearair.cli.{name}")
            module.register(app)
        app._clearair_registered = True  # type: ignore[attr-defined]
    return app


def run() -> None:
    """Entry point of the console script."""
    build_app()()
