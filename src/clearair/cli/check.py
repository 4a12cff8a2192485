"""``clearair check``: read a draft and say what each sentence does."""

from __future__ import annotations

import gc
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from clearair.language.engine import Analyzer
    from clearair.language.model import Report


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


class FailOn(StrEnum):
    problem = "problem"
    never = "never"


class MessageKind(StrEnum):
    auto = "auto"
    apology = "apology"
    conversation = "conversation"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"clearair: {message}", err=True)
    return typer.Exit(2)


def check(
    source: Annotated[
        Optional[str],  # noqa: UP045 - Typer needs Optional on 3.11
        typer.Argument(metavar="[FILE|-]", help="The draft to check; - or nothing reads standard input."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="human (default) or json.")
    ] = OutputFormat.human,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="'problem': exit 1 when any problem is found.")
    ] = FailOn.never,
    kind: Annotated[
        MessageKind,
        typer.Option("--kind", help="How to score the message; auto decides from the text."),
    ] = MessageKind.auto,
    jsonl: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--jsonl",
            metavar="FILE|-",
            help="Batch mode: one JSON object per line in, one per line out.",
        ),
    ] = None,
) -> None:
    """Check a draft sentence by sentence: findings, score and verdict."""
    from clearair.language.textio import InputError, read_text

    if jsonl is not None:
        if source is not None:
            raise _fail("give either FILE or --jsonl FILE, not both")
        raise typer.Exit(_run_batch(jsonl, kind.value))
    try:
        text = read_text(source or "-", sys.stdin.buffer)
    except InputError as exc:
        raise _fail(str(exc)) from None
    analyzer = _analyzer()
    # One text of at most 10 MB: its analysis makes no reference cycles, so the
    # cycle collector would only re-scan the young objects it keeps making
    # (a test checks that a check leaves nothing for it).
    gc.disable()
    try:
        report = analyzer.check(text, kind=kind.value)
    finally:
        gc.enable()
    if output is OutputFormat.json:
        # Indented for a person at a terminal; compact (and several times
        # faster to write) when a program reads it.
        if sys.stdout.isatty():
            import json

            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            typer.echo(report.to_json())
    else:
        render(report)
    if fail_on is FailOn.problem and report.problems:
        raise typer.Exit(1)


def _analyzer() -> Analyzer:
    """The built-in analyzer. It lives as long as this process, so its many
    objects are moved out of the garbage collector's sight (``gc.freeze``):
    the collections that a long check triggers no longer scan them."""
    from clearair.language.engine import default_analyzer

    analyzer = default_analyzer()
    gc.freeze()
    return analyzer


def _run_batch(source: str, kind: str) -> int:
    from clearair.language import batch

    if source == "-":
        handle = sys.stdin.buffer
    else:
        path = Path(source)
        if not path.is_file():
            raise _fail(f"{source}: no such file")
        handle = path.open("rb")
    stats = batch.BatchStats()
    out = sys.stdout
    try:
        for line in batch.run(_analyzer(), handle, kind=kind, stats=stats):
            out.write(line)
            out.write("\n")
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    out.flush()
    if stats.errors:
        typer.echo(f"clearair: {stats.errors} of {stats.lines} line(s) had errors", err=True)
        return 2
    return 0


def render(report: Report, console: Console | None = None) -> None:
    """Print a report for people: each sentence with its spans highlighted."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = console or Console(highlight=False)
    if not report.sentences:
        console.print("Nothing to check: the text is empty.")
        return
    by_sentence: dict[int, list[int]] = {}
    for i, finding in enumerate(report.findings):
        by_sentence.setdefault(finding.sentence, []).append(i)
    for sentence in report.sentences:
        indexes = by_sentence.get(sentence.index)
        if not indexes:
            continue
        line = Text(sentence.text)
        for i in indexes:
            f = report.findings[i]
            style = "bold red underline" if f.kind == "problem" else "bold green underline"
            line.stylize(style, f.start - sentence.start, f.end - sentence.start)
        console.print(Text(f"{sentence.index + 1:>3}  ", style="dim") + line)
        for i in indexes:
            f = report.findings[i]
            mark, style = ("✗", "red") if f.kind == "problem" else ("✓", "green")
            span = report.text[f.start : f.end]
            console.print(
                Text.assemble(("     ", ""), (f"{mark} {f.label}", f"bold {style}"), (f'  "{span}"', "dim"))
            )
            console.print(Padding(Text(f.message), (0, 0, 0, 7)))
            if f.kind == "problem":
                console.print(Padding(Text(f"Try: {f.suggestion}", style="cyan"), (0, 0, 0, 7)))
        console.print()
    if not report.findings:
        console.print(
            "No findings: none of the sentences apologizes, blames or asks anything clearair looks for."
        )
    problems, strengths = len(report.problems), len(report.strengths)
    console.print(
        Text.assemble(
            ("Score ", "bold"),
            (f"{report.score}/100", "bold"),
            ("  ·  verdict ", ""),
            (report.verdict, "bold magenta"),
            (
                f"  ·  {problems} problem(s), {strengths} strength(s), {len(report.sentences)} sentence(s)",
                "dim",
            ),
        )
    )


def register(app: typer.Typer) -> None:
    app.command("check")(check)
