"""``clearair scenarios`` and ``clearair rehearse``: practice a hard conversation.

Only Typer is imported at module level; the scenarios, the engine, the
analyzer and the database load inside the commands.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

if TYPE_CHECKING:
    from clearair.rehearsal.coach import PlanForRehearsal
    from clearair.rehearsal.engine import Rehearsal
    from clearair.rehearsal.scenario import Library


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


class VoiceKind(StrEnum):
    none = "none"
    openai = "openai"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"clearair: {message}", err=True)
    return typer.Exit(code)


DirOption = Annotated[
    Optional[list[Path]],  # noqa: UP045 - Typer needs Optional on 3.11
    typer.Option("--dir", help="Also load the *.yaml scenarios in this directory (repeatable)."),
]


def _library(dirs: list[Path] | None) -> Library:
    from clearair.rehearsal.scenario import load_library

    library = load_library(*(dirs or []))
    for error in library.errors:
        typer.echo(f"clearair: scenario skipped: {error}", err=True)
    return library


def scenarios(
    output: Annotated[
        OutputFormat, typer.Option("--format", help="human (default) or json.")
    ] = OutputFormat.human,
    dirs: DirOption = None,
) -> None:
    """List the rehearsal scenarios (built-in and from --dir)."""
    library = _library(dirs)
    if output is OutputFormat.json:
        items = [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "counterpart": s.persona.name,
                "style": s.persona.style,
            }
            for s in library.scenarios
        ]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    width = max((len(s.id) for s in library.scenarios), default=0)
    for s in library.scenarios:
        typer.echo(f"{s.id:<{width}}  {s.title}  ({s.persona.name}, {s.persona.style})")


def rehearse(
    scenario_id: Annotated[
        str, typer.Argument(metavar="SCENARIO", help="A scenario id (see `clearair scenarios`).")
    ],
    script: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--script", help="Play the learner's turns from this file, one per line (- for stdin)."),
    ] = None,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", help="Seed for the counterpart's wordings (same seed, same run)."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="human (default) or json.")
    ] = OutputFormat.human,
    conversation: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--conversation", help="Link to a conversation: check the run against its plan and save it."
        ),
    ] = None,
    voice: Annotated[
        VoiceKind, typer.Option("--voice", help="openai: a language model words the counterpart's lines.")
    ] = VoiceKind.none,
    llm_base_url: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--llm-base-url", help="OpenAI-compatible server (default: $CLEARAIR_LLM_BASE_URL)."),
    ] = None,
    llm_model: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--llm-model", help="Model name (default: $CLEARAIR_LLM_MODEL)."),
    ] = None,
    llm_api_key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--llm-api-key", help="API key, if the server needs one (default: $CLEARAIR_LLM_API_KEY)."
        ),
    ] = None,
    dirs: DirOption = None,
) -> None:
    """Rehearse a hard conversation against a counterpart who reacts; a coach reports after."""
    import random

    from clearair.rehearsal.coach import coach, render_text
    from clearair.rehearsal.engine import Rehearsal

    library = _library(dirs)
    try:
        scenario = library.get(scenario_id)
    except KeyError:
        raise _fail(
            f"no scenario {scenario_id!r}; `clearair scenarios` lists them ({', '.join(library.ids)})"
        ) from None

    lines: list[str] | None = None
    if script is not None:
        lines = _read_script(script)

    plan: PlanForRehearsal | None = None
    names: list[str] = []
    if conversation is not None:
        plan, names = _load_plan(conversation)

    speaker = None
    if voice is VoiceKind.openai:
        from clearair.rehearsal.voice import OpenAIVoice, VoiceSettings

        try:
            settings = VoiceSettings.resolve(base_url=llm_base_url, model=llm_model, api_key=llm_api_key)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        speaker = OpenAIVoice(settings, extra_names=names)

    run_seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    run = Rehearsal(scenario, seed=run_seed, voice=speaker)
    try:
        if lines is not None:
            for line in lines:
                if run.ended:
                    break
                run.say(line)
            run.stop()
            if output is OutputFormat.human:
                _print_transcript(run)
        else:
            _interactive(run, err=output is OutputFormat.json)
    finally:
        if speaker is not None:
            speaker.close()

    report = coach(run, plan).to_dict()
    saved_id = _save_run(conversation, run, report) if conversation is not None else None
    if output is OutputFormat.json:
        document: dict[str, Any] = {**run.to_dict(), "report": report}
        if conversation is not None:
            document["conversation"] = conversation
            document["saved_run"] = saved_id
        if speaker is not None:
            document["voice_failures"] = run.voice_failures
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    typer.echo("")
    typer.echo(render_text(report, scenario.persona.name))
    if speaker is not None and run.voice_failures:
        typer.echo(
            f"\n(the voice server failed {run.voice_failures} time(s); the engine's own lines were used)"
        )
    if saved_id is not None:
        typer.echo(f"\nSaved as rehearsal run {saved_id} of conversation {conversation}.")


def _read_script(script: Path) -> list[str]:
    try:
        raw = sys.stdin.read() if str(script) == "-" else script.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read the script {script}: {exc}") from None
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if not lines:
        raise _fail(f"the script {script} has no turns (one turn per line)")
    return lines


def _speaker_line(run: Rehearsal, index: int) -> str:
    turn = run.turns[index]
    if turn.speaker == "learner":
        return f"you> {turn.text}"
    tag = f" [{turn.reaction}]" if turn.reaction in ("flash", "roadbump", "walk-out") else ""
    return f"{run.scenario.persona.name}{tag}: {turn.text}"


def _print_brief(run: Rehearsal, *, err: bool = False) -> None:
    brief = run.scenario.brief
    lines = [
        run.scenario.title,
        f"You: {brief.your_role}",
        f"Them: {brief.their_role}",
        brief.situation,
        "Facts:",
        *(f"  - {fact}" for fact in brief.facts),
        "",
    ]
    for line in lines:
        typer.echo(line, err=err)


def _print_transcript(run: Rehearsal) -> None:
    _print_brief(run)
    for i in range(len(run.turns)):
        typer.echo(_speaker_line(run, i))
    typer.echo(f"\n(ended: {run.ended})")


def _interactive(run: Rehearsal, *, err: bool = False) -> None:
    """Play turns typed in the terminal. With ``err`` the session goes to stderr (stdout keeps the JSON)."""
    from clearair.rehearsal.engine import EmptyTurnError

    def say(line: str) -> None:
        typer.echo(line, err=err)

    _print_brief(run, err=err)
    say("Type your turn and press Enter. /brief shows the brief again, /end finishes.\n")
    say(_speaker_line(run, 0))
    while run.ended is None:
        (sys.stderr if err else sys.stdout).write("you> ")
        (sys.stderr if err else sys.stdout).flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            line = ""
        if not line:
            say("")
            run.stop()
            break
        command = line.strip().lower()
        if command in ("/end", "/quit", "/stop"):
            run.stop()
            break
        if command == "/brief":
            _print_brief(run, err=err)
            continue
        try:
            run.say(line)
        except EmptyTurnError:
            say("(say something, or /end to finish)")
            continue
        say(_speaker_line(run, len(run.turns) - 1))
    if run.ended not in (None, "stopped"):
        say(f"\n(ended: {run.ended})")


def _open_workspace() -> Any:
    from clearair.settings import Settings
    from clearair.storage.database import open_database

    return open_database(Settings.from_env())


def _load_plan(conversation_id: int) -> tuple[PlanForRehearsal, list[str]]:
    from clearair.domain.errors import NotFoundError
    from clearair.rehearsal.coach import plan_from_domain
    from clearair.services import accounts, conversations, plans

    db = _open_workspace()
    try:
        uow = db.unit_of_work()
        me = accounts.ensure_local_user(uow)
        try:
            conv = conversations.get(uow, me.id, conversation_id)
            plan = plans.get(uow, me.id, conversation_id)
        except NotFoundError:
            raise _fail(f"no conversation with id {conversation_id}") from None
        names = [conv.counterpart.name] if conv.counterpart.name else []
        return plan_from_domain(plan.plan), names
    finally:
        db.close()


def _save_run(conversation_id: int, run: Rehearsal, report: dict[str, Any]) -> int:
    from clearair.domain.schemas import RehearsalRunCreate
    from clearair.services import accounts, rehearsals

    db = _open_workspace()
    try:
        uow = db.unit_of_work()
        me = accounts.ensure_local_user(uow)
        data = run.to_dict()
        saved = rehearsals.save(
            uow,
            me.id,
            RehearsalRunCreate(
                conversation_id=conversation_id,
                scenario_id=run.scenario.id,
                seed=run.seed,
                transcript=data["turns"],
                report={**report, "final_safety": data["final_safety"], "revealed": data["revealed"]},
            ),
        )
        return saved.id
    finally:
        db.close()


def register(app: typer.Typer) -> None:
    app.command("scenarios")(scenarios)
    app.command("rehearse")(rehearse)
