"""``clearair guide``: the reference cards."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from clearair.cli._workspace import OutputFormat


def guide(
    topic: Annotated[
        Optional[str],  # noqa: UP045 - Typer needs Optional on 3.11
        typer.Argument(
            metavar="[TOPIC]",
            help="apology, trust, mistakes, mindset, derailers, poems or techniques.",
        ),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="human (default) or json.")
    ] = OutputFormat.human,
) -> None:
    """Show a reference card (or list them all)."""
    from clearair.cli._workspace import fail, print_json
    from clearair.guides import get_card, load_cards

    if topic is None:
        cards = load_cards()
        if output is OutputFormat.json:
            print_json([c.model_dump() for c in cards])
            return
        width = max(len(c.slug) for c in cards)
        for c in cards:
            typer.echo(f"{c.slug:<{width}}  {c.title}: {c.summary}")
        typer.echo("\nRead one: clearair guide TOPIC")
        return
    try:
        card = get_card(topic.lower())
    except KeyError as exc:
        raise fail(str(exc.args[0])) from None
    if output is OutputFormat.json:
        print_json(card.model_dump())
        return
    typer.secho(card.title, bold=True)
    typer.echo(card.summary + "\n")
    for p in card.points:
        if p.term:
            typer.secho(f"• {p.term}", bold=True)
            typer.echo(f"  {p.text}")
        else:
            typer.echo(f"• {p.text}")
    if card.see_also:
        typer.echo(f"\nSee also: {', '.join(card.see_also)}")


def register(app: typer.Typer) -> None:
    app.command("guide")(guide)
