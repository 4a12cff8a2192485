"""The plan wizard: its steps, their fields, and form values ↔ plan changes.

Every field has a dotted path into :class:`~clearair.domain.plan.Plan`
(``poems.prepare.evidence``). Free text is a textarea; a list of notes is a
textarea with one item per line; a yes/no is a checkbox. The derailers and
the fallback have their own small forms. The labels come from the plan
model's own field descriptions, so the wizard and the CLI say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from clearair.domain.conversations import ConversationKind
from clearair.domain.plan import (
    SECTIONS,
    ApologyPlan,
    Beliefs,
    Derailer,
    Explore,
    Fallback,
    FallbackKind,
    MakeSafe,
    Mindset,
    Opening,
    Plan,
    Prepare,
    Summarize,
)

FieldType = Literal["text", "lines", "bool", "minutes"]

DERAILER_HELP: dict[Derailer, str] = {
    Derailer.AVOIDANCE: "Putting it off, or never quite getting to the point.",
    Derailer.MINIMIZING: "Making the problem sound smaller than it is.",
    Derailer.BLAME: "Making it about who is at fault instead of what happens next.",
    Derailer.TRIGGERED: "Reacting to something they say instead of responding.",
    Derailer.WINGING_IT: "Going in without a plan.",
}


@dataclass(frozen=True)
class FormField:
    """One field of a wizard step."""

    path: str
    label: str
    type: FieldType

    @property
    def dom_id(self) -> str:
        return "f-" + self.path.replace(".", "-").replace("_", "-")

    @property
    def checked(self) -> bool:
        """Free text is read by the analyzer; yes/no and numbers are not."""
        return self.type in ("text", "lines")


@dataclass(frozen=True)
class Step:
    """One page of the wizard."""

    slug: str
    title: str
    intro: str
    fields: tuple[FormField, ...]
    special: Literal["", "derailers", "fallback"] = ""


def _fields(model: type[BaseModel], prefix: str, skip: tuple[str, ...] = ()) -> tuple[FormField, ...]:
    out: list[FormField] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation = info.annotation
        ftype: FieldType
        if annotation is bool:
            ftype = "bool"
        elif name == "time_minutes":
            ftype = "minutes"
        elif info.default_factory is list:
            ftype = "lines"
        else:
            ftype = "text"
        label = info.description or name.replace("_", " ").capitalize()
        out.append(FormField(path=f"{prefix}.{name}", label=label, type=ftype))
    return tuple(out)


MINDSET = Step(
    "mindset",
    "Mindset",
    "Six questions before you plan. Be honest: nobody else reads this.",
    _fields(Mindset, "mindset"),
)
BELIEFS = Step(
    "beliefs",
    "Confident beliefs",
    "Confidence sits between humility and arrogance. Tick each belief you hold now.",
    _fields(Beliefs, "beliefs"),
)
DERAILERS = Step(
    "derailers",
    "Derailers",
    "Anticipation breeds five derailing behaviors. Tick the ones that may hit you, and say what you will do.",
    (),
    special="derailers",
)
APOLOGY = Step(
    "apology",
    "The apology",
    "Apologize for what you did, not for how they feel. Take your fair share, no more, "
    "no less. Leave excuses out.",
    _fields(ApologyPlan, "apology"),
)
PREPARE = Step(
    "prepare",
    "P · Prepare",
    "Be calm, have the facts, book a safe space, schedule enough time (or postpone).",
    _fields(Prepare, "poems.prepare"),
)
OPEN = Step(
    "open",
    "O · Open",
    "A mutual-purpose statement, then the facts, which cannot be argued, then your story.",
    _fields(Opening, "poems.opening"),
)
EXPLORE = Step(
    "explore",
    "E · Explore",
    "Their point of view. Listen without necessarily agreeing; ask what and how, not why.",
    _fields(Explore, "poems.explore"),
)
MAKE_SAFE = Step(
    "make-safe",
    "M · Make it safe",
    "Watch for flashes (quick reactions) and roadbumps (slow down). Prepare a contrasting statement.",
    _fields(MakeSafe, "poems.make_safe"),
)
SUMMARIZE = Step(
    "summarize",
    "S · Summarize",
    "Summarize first, then agree the way forward. Decide what happens if you do not agree.",
    _fields(Summarize, "poems.summarize", skip=("fallback",)),
    special="fallback",
)

FALLBACK_FIELDS: tuple[FormField, ...] = _fields(Fallback, "poems.summarize.fallback", skip=("kind",))

POEMS_STEPS = (PREPARE, OPEN, EXPLORE, MAKE_SAFE, SUMMARIZE)


def steps_for(kind: ConversationKind) -> tuple[Step, ...]:
    """The wizard's steps for a conversation of ``kind`` (the sections it needs)."""
    sections = SECTIONS[kind]
    steps: list[Step] = [MINDSET, BELIEFS]
    if "derailers" in sections:
        steps.append(DERAILERS)
    if "apology" in sections:
        steps.append(APOLOGY)
    if "poems" in sections:
        steps.extend(POEMS_STEPS)
    return tuple(steps)


def step_of_path(kind: ConversationKind, path: str) -> str | None:
    """The slug of the step where the field at ``path`` is edited."""
    for step in steps_for(kind):
        if step.special == "derailers" and path.startswith("derailers"):
            return step.slug
        if step.special == "fallback" and path.startswith("poems.summarize"):
            return step.slug
        for f in step.fields:
            if path == f.path or path.startswith(f.path + "["):
                return step.slug
    return None


# --- values -------------------------------------------------------------------------


def get_value(plan: Plan, path: str) -> Any:
    """The value at a dotted ``path`` of ``plan`` (``None`` when a parent is missing)."""
    value: Any = plan
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def display_value(plan: Plan, f: FormField) -> Any:
    value = get_value(plan, f.path)
    if f.type == "lines":
        return "\n".join(value or [])
    if f.type == "minutes":
        return "" if value is None else str(value)
    if f.type == "bool":
        return bool(value)
    return value or ""


def _nest(path: str, value: Any) -> dict[str, Any]:
    parts = path.split(".")
    out: dict[str, Any] = {parts[-1]: value}
    for part in reversed(parts[:-1]):
        out = {part: out}
    return out


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_value(f: FormField, raw: str | None) -> Any:
    """A form value as the plan stores it (a missing checkbox is ``False``).

    A number that is not a number is passed through as text so the plan's
    validation names the field.
    """
    if f.type == "bool":
        return raw is not None and raw not in ("", "false", "off", "0")
    text = (raw or "").replace("\r\n", "\n")
    if f.type == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    if f.type == "minutes":
        text = text.strip()
        if not text:
            return None
        return int(text) if text.isdigit() else text
    return text.strip()


def step_changes(step: Step, form: dict[str, str], plan: Plan) -> dict[str, Any]:
    """The plan changes that the values of one step's form make."""
    changes: dict[str, Any] = {}
    for f in step.fields:
        changes = _merge(changes, _nest(f.path, parse_value(f, form.get(f.path))))
    if step.special == "derailers":
        risks = []
        for derailer in Derailer:
            if form.get(f"derailers.{derailer.value}.on"):
                response = (form.get(f"derailers.{derailer.value}.response") or "").strip()
                risks.append({"derailer": derailer.value, "response": response})
        changes["derailers"] = risks
    if step.special == "fallback":
        kind = (form.get("poems.summarize.fallback.kind") or "").strip()
        if kind in (FallbackKind.EXPECTATION, FallbackKind.ESCALATION):
            fallback: dict[str, Any] = {"kind": kind}
            for f in FALLBACK_FIELDS:
                fallback[f.path.rsplit(".", 1)[1]] = parse_value(f, form.get(f.path))
            changes = _merge(changes, {"poems": {"summarize": {"fallback": fallback}}})
        else:
            changes = _merge(changes, {"poems": {"summarize": {"fallback": None}}})
    return changes


def only_field(changes: dict[str, Any], path: str) -> dict[str, Any]:
    """The part of a step's ``changes`` that belongs to the one field at ``path``.

    An autosave stores only the field that changed, so two saves of two
    fields in flight at once cannot undo each other. The derailers and the
    fallback are stored as a whole (their fields belong together).
    """
    if path.startswith("derailers"):
        return {"derailers": changes.get("derailers", [])}
    if path.startswith("poems.summarize.fallback"):
        fallback = changes.get("poems", {}).get("summarize", {}).get("fallback")
        return {"poems": {"summarize": {"fallback": fallback}}}
    value: Any = changes
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return {}
        value = value[part]
    return _nest(path, value)


def derailer_rows(plan: Plan) -> list[dict[str, Any]]:
    """One row per derailer: whether it may hit, and the planned response."""
    chosen = {risk.derailer: risk.response for risk in plan.derailers}
    return [
        {
            "value": d.value,
            "help": DERAILER_HELP[d],
            "on": d in chosen,
            "response": chosen.get(d, ""),
        }
        for d in Derailer
    ]


def step_text(step: Step, form: dict[str, str], path: str) -> tuple[str, str]:
    """The text of the field at ``path`` in the form, and how the analyzer reads it."""
    akind = "apology" if path.startswith("apology.") else "conversation"
    return (form.get(path) or "").strip(), akind
