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

HELP = (
    "Own a mistake and hold the hard conversation that follows: "
    "plan it, check the words, rehearse it, follow up."
)


def build_app(only: str | None = None) -> typer.Typer:
    """The command-line app with every command group, or only the module ``only``.

    Typer inspects every command's signature when the app runs (about 80 ms
    for all of them), so ``clearair check FILE`` builds just its own module.
    """
    app = typer.Typer(
        name="clearair",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def main() -> None:  # a group even when only one module is attached
        pass

    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(f"clearair.cli.{name}").register(app)
    return app


def run() -> None:
    """Entry point of the console script."""
    import sys

    # Each module registers the command of its own name (and `data`, `rehearse`
    # a few more, reached through the full app).
    first = sys.argv[1] if len(sys.argv) > 1 else ""
    build_app(first if first in COMMAND_MODULES else None)()
