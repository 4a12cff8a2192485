"""The plan of a conversation and the readiness check.

A plan holds the six mindset answers, the four confident beliefs, the
derailers that may hit (and what the person will do about each), a POEMS
plan and, for apologies, an apology plan. Every field has an empty default so
a plan can be filled in over several sittings; :func:`readiness` says what is
still missing and runs the analyzer on every free-text field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import Field

from clearair.domain.base import Model, Note
from clearair.domain.conversations import ConversationKind

if TYPE_CHECKING:
    from clearair.language.model import Report


class Derailer(StrEnum):
    """The five derailing behaviors that anticipation breeds."""

    AVOIDANCE = "avoidance"
    MINIMIZING = "minimizing"
    BLAME = "blame"
    TRIGGERED = "triggered"
    WINGING_IT = "winging-it"


class Mindset(Model):
    """The six mindset questions (the fifth has three parts: me, them, the relationship)."""

    difficult_for_me: Note = Field("", description="What is difficult about this for me?")
    problem_for_them: Note = Field("", description="What is the problem for them?")
    how_i_feel: Note = Field("", description="How am I feeling?")
    my_contribution: Note = Field("", description="How might I have contributed?")
    outcome_for_me: Note = Field("", description="What outcome do I want for me?")
    outcome_for_them: Note = Field("", description="What outcome do I want for them?")
    outcome_for_relationship: Note = Field(
        "", description="What outcome do I want for the relationship?"
    )
    how_to_behave: Note = Field(
        "", description="How must I behave to get the relationship outcome I want?"
    )


class Beliefs(Model):
    """The four confident beliefs, each checked or not."""

    needs_to_be_had: bool = Field(False, description="This conversation needs to be had.")
    prepared: bool = Field(False, description="I have prepared as much as I can.")
    can_stay_calm: bool = Field(False, description="I know myself well enough to stay calm.")
    can_make_it_safe: bool = Field(False, description="I can make it safe to talk.")


class DerailerRisk(Model):
    """A derailer that may hit, and what the person will do about it."""

    derailer: Derailer
    response: Note = Field("", description="What I will do about it.")


class Prepare(Model):
    """POEMS, prepare: calm, the evidence, a safe place, enough time."""

    calm: bool = Field(False, description="I am calm enough to have it.")
    evidence: list[Note] = Field(
        default_factory=list, description="The factual evidence: seen, heard, written."
    )
    safe_place: Note = Field("", description="Where: a private, safe place.")
    place_booked: bool = Field(False, description="The place is booked.")
    time_minutes: int | None = Field(None, ge=5, le=480, description="Time scheduled, in minutes.")


class Opening(Model):
    """POEMS, open: a mutual-purpose statement, the facts, then your story."""

    mutual_purpose: Note = Field("", description="A goal we both share.")
    facts: list[Note] = Field(default_factory=list, description="Facts that cannot be argued.")
    story: Note = Field("", description="My story: the facts plus my conclusion.")


class Explore(Model):
    """POEMS, explore: their story, with *what* and *how* questions."""

    questions: list[Note] = Field(
        default_factory=list, description="Open questions (what, how) to hear their view."
    )


class MakeSafe(Model):
    """POEMS, make it safe: expected flashes and roadbumps, contrasting statements."""

    expected_flashes: list[Note] = Field(
        default_factory=list, description="Quick reactions I may see (a sigh, a shrug)."
    )
    expected_roadbumps: list[Note] = Field(
        default_factory=list, description="Moments to slow down (new information, strong emotion)."
    )
    contrasting: list[Note] = Field(
        default_factory=list, description="Prepared don't/do statements."
    )


class FallbackKind(StrEnum):
    """What happens when there is no agreement."""

    EXPECTATION = "expectation"
    ESCALATION = "escalation"


class Fallback(Model):
    """The fallback: an expectation with its consequence, or an escalation with its next step."""

    kind: FallbackKind
    expectation: Note = Field("", description="The behavior I expect.")
    consequence: Note = Field("", description="The consequence if it does not happen.")
    escalation: Note = Field("", description="To whom I escalate, and why.")
    next_step: Note = Field("", description="What happens next.")


class Summarize(Model):
    """POEMS, summarize: solution questions, and the fallback if there is no agreement."""

    solution_questions: list[Note] = Field(
        default_factory=list, description="Questions that look for a way forward."
    )
    fallback: Fallback | None = None


class Poems(Model):
    """The five POEMS steps."""

    prepare: Prepare = Field(default_factory=Prepare)
    opening: Opening = Field(default_factory=Opening)
    explore: Explore = Field(default_factory=Explore)
    make_safe: MakeSafe = Field(default_factory=MakeSafe)
    summarize: Summarize = Field(default_factory=Summarize)


class ApologyPlan(Model):
    """What a real apology holds."""

    what_i_did: Note = Field("", description="What I did, specifically.")
    my_share: Note = Field("", description="My fair share of responsibility.")
    impact: Note = Field("", description="The impact on them.")
    repair: Note = Field("", description="The repair I offer.")
    change: Note = Field("", description="What I will change.")
    excuses_left_out: list[Note] = Field(
        default_factory=list, description="Excuses I will leave out."
    )
    explanation_if_asked: Note = Field(
        "", description="The explanation I give only if they ask for it."
    )
    may_not_accept: Note = Field(
        "", description="A note to myself that they may not accept, and that is theirs to decide."
    )


class Plan(Model):
    """The whole plan of one conversation."""

    mindset: Mindset = Field(default_factory=Mindset)
    beliefs: Beliefs = Field(default_factory=Beliefs)
    derailers: list[DerailerRisk] = Field(default_factory=list)
    poems: Poems = Field(default_factory=Poems)
    apology: ApologyPlan = Field(default_factory=ApologyPlan)


def deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Merge ``changes`` into a copy of ``base``; nested dicts merge, everything else replaces."""
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


# --- readiness -----------------------------------------------------------------

#: Plan sections a conversation of each kind needs.
SECTIONS: dict[ConversationKind, tuple[str, ...]] = {
    ConversationKind.APOLOGY: ("mindset", "beliefs", "apology"),
    ConversationKind.TRUST_REPAIR: ("mindset", "beliefs", "derailers", "apology", "poems"),
    ConversationKind.FEEDBACK: ("mindset", "beliefs", "derailers", "poems"),
    ConversationKind.MISTAKE_DISCLOSURE: ("mindset", "beliefs", "derailers", "poems"),
    ConversationKind.OTHER: ("mindset", "beliefs", "derailers", "poems"),
}


@dataclass(frozen=True)
class MissingItem:
    """A part of the plan that is still empty (``field`` is a dotted path)."""

    field: str
    message: str


@dataclass(frozen=True)
class FieldFinding:
    """A problem the analyzer found in one free-text field of the plan."""

    field: str
    label: str
    message: str
    suggestion: str
    excerpt: str


@dataclass(frozen=True)
class Readiness:
    """What is missing, what the analyzer found, and a 0-100 readiness score."""

    missing: list[MissingItem] = field(default_factory=list)
    findings: list[FieldFinding] = field(default_factory=list)
    checked_fields: int = 0
    score: int = 0

    @property
    def ready(self) -> bool:
        """Nothing missing and no problem found."""
        return not self.missing and not self.findings

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (used by ``--format json`` and the web app)."""
        return {
            "ready": self.ready,
            "score": self.score,
            "checked_fields": self.checked_fields,
            "missing": [{"field": m.field, "message": m.message} for m in self.missing],
            "findings": [
                {
                    "field": f.field,
                    "label": f.label,
                    "message": f.message,
                    "suggestion": f.suggestion,
                    "excerpt": f.excerpt,
                }
                for f in self.findings
            ],
        }


#: ``check(text, kind)`` returns the analyzer's report (``clearair.check``).
Checker = Callable[[str, str], "Report"]


def _required(plan: Plan, kind: ConversationKind) -> Iterator[tuple[str, bool, str]]:
    """(field, filled?, what to do) for everything the plan of ``kind`` needs."""
    sections = SECTIONS[kind]
    if "mindset" in sections:
        for name, info in Mindset.model_fields.items():
            yield (
                f"mindset.{name}",
                bool(getattr(plan.mindset, name)),
                f"answer: {info.description}",
            )
    if "beliefs" in sections:
        for name, info in Beliefs.model_fields.items():
            yield (
                f"beliefs.{name}",
                bool(getattr(plan.beliefs, name)),
                f"not yet checked: {info.description}",
            )
    if "derailers" in sections:
        yield (
            "derailers",
            bool(plan.derailers),
            "name at least one derailer that may hit (avoidance, minimizing, blame, "
            "triggered, winging-it)",
        )
        for i, risk in enumerate(plan.derailers):
            yield (
                f"derailers[{i}].response",
                bool(risk.response),
                f"say what you will do if {risk.derailer} hits",
            )
    if "poems" in sections:
        p = plan.poems
        yield "poems.prepare.calm", p.prepare.calm, "be calm before you have it (or postpone)"
        yield "poems.prepare.evidence", bool(p.prepare.evidence), "list the factual evidence"
        yield "poems.prepare.safe_place", bool(p.prepare.safe_place), "choose a safe place"
        yield "poems.prepare.place_booked", p.prepare.place_booked, "book the place"
        yield (
            "poems.prepare.time_minutes",
            p.prepare.time_minutes is not None,
            "schedule enough time",
        )
        yield (
            "poems.opening.mutual_purpose",
            bool(p.opening.mutual_purpose),
            "write a mutual-purpose statement",
        )
        yield "poems.opening.facts", bool(p.opening.facts), "start with facts"
        yield "poems.opening.story", bool(p.opening.story), "tell your story: facts + conclusion"
        yield (
            "poems.explore.questions",
            bool(p.explore.questions),
            "prepare what/how questions",
        )
        yield (
            "poems.make_safe.contrasting",
            bool(p.make_safe.contrasting),
            "prepare a contrasting (don't/do) statement",
        )
        yield (
            "poems.make_safe.expected_flashes",
            bool(p.make_safe.expected_flashes or p.make_safe.expected_roadbumps),
            "note the flashes or roadbumps you expect",
        )
        yield (
            "poems.summarize.solution_questions",
            bool(p.summarize.solution_questions),
            "prepare solution questions",
        )
        fb = p.summarize.fallback
        yield (
            "poems.summarize.fallback",
            fb is not None,
            "decide the fallback if there is no agreement (expectation or escalation)",
        )
        if fb is not None and fb.kind == FallbackKind.EXPECTATION:
            yield "poems.summarize.fallback.expectation", bool(fb.expectation), "state it"
            yield "poems.summarize.fallback.consequence", bool(fb.consequence), "state it"
        elif fb is not None:
            yield "poems.summarize.fallback.escalation", bool(fb.escalation), "say to whom, why"
            yield "poems.summarize.fallback.next_step", bool(fb.next_step), "say what's next"
    if "apology" in sections:
        a = plan.apology
        for name in ("what_i_did", "my_share", "impact", "repair", "change", "may_not_accept"):
            info = ApologyPlan.model_fields[name]
            yield f"apology.{name}", bool(getattr(a, name)), f"write: {info.description}"


def free_text_fields(plan: Plan, kind: ConversationKind) -> Iterator[tuple[str, str, str]]:
    """(field, text, analyzer kind) for every non-empty free-text field the kind uses.

    The apology section is read as an apology; everything else as a
    conversation. The excuses the person has chosen to leave out are not
    checked: they are excuses on purpose.
    """
    sections = SECTIONS[kind]

    def walk(prefix: str, value: Any, akind: str) -> Iterator[tuple[str, str, str]]:
        if isinstance(value, Model):
            for name in type(value).model_fields:
                yield from walk(f"{prefix}.{name}", getattr(value, name), akind)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(f"{prefix}[{i}]", item, akind)
        elif (
            isinstance(value, str)
            and value
            and not isinstance(value, StrEnum)
            and not prefix.startswith("apology.excuses_left_out[")
        ):
            yield prefix, value, akind

    for section in sections:
        akind = "apology" if section == "apology" else "conversation"
        yield from walk(section, getattr(plan, section), akind)


def readiness(
    plan: Plan, kind: ConversationKind, check: Checker, *, has_target_date: bool = True
) -> Readiness:
    """Say what is missing from ``plan`` and what the analyzer finds in its words.

    The score weighs completeness (70 points: the share of required items
    filled in) and clean language (30 points once there is text to check,
    minus 10 for every problem the analyzer finds). A conversation without a
    target date counts as missing one: plan it, but don't delay.
    """
    required = [("target_date", has_target_date, "set a date: plan it, but don't delay")]
    required += list(_required(plan, kind))
    missing = [MissingItem(f, msg) for f, filled, msg in required if not filled]
    findings: list[FieldFinding] = []
    checked = 0
    for path, text, akind in free_text_fields(plan, kind):
        checked += 1
        report = check(text, akind)
        problems = [f for f in report.findings if f.kind == "problem"]
        for f in problems:
            findings.append(
                FieldFinding(
                    field=path,
                    label=f.label,
                    message=f.message,
                    suggestion=f.suggestion,
                    excerpt=text[f.start : f.end],
                )
            )
    completeness = (len(required) - len(missing)) / len(required) if required else 1.0
    language = max(0, 30 - 10 * len(findings)) if checked else 0
    score = round(70 * completeness) + language
    return Readiness(missing=missing, findings=findings, checked_fields=checked, score=score)
