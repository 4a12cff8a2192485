"""The service contract: a family of pydantic schemas per entity.

``XCreate`` is what a caller sends to create an X, ``XUpdate`` what it sends to
change one (every field optional; only the fields that are set change; an
optional ``version`` makes the update fail with :class:`~clearair.domain.errors.ConflictError`
when the record changed since the caller read it), and ``XPublic`` what the
services return. Validation errors name the field (pydantic ``loc``).
Secrets (password hashes, calendar tokens) never appear in a ``Public`` model.
"""

from __future__ import annotations

import datetime as _dt
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from clearair.domain.base import Model, Note, Text, Title, UTCDateTime
from clearair.domain.conversations import ConversationKind, ConversationStatus
from clearair.domain.mistakes import MistakeStage
from clearair.domain.plan import Plan

# --- users and invites ----------------------------------------------------------


class Role(StrEnum):
    """What a user may do in team mode."""

    ADMIN = "admin"
    MEMBER = "member"


Email = Annotated[str, Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
Password = Annotated[str, Field(min_length=10, max_length=1024)]


class UserPublic(Model):
    """A user as others may see it (no password hash, no calendar token)."""

    id: int
    email: str | None
    display_name: str
    role: Role
    is_local: bool
    created_at: datetime


class AdminCreate(Model):
    """The first admin of a team installation."""

    email: Email
    display_name: Title
    password: Password


class InviteCreate(Model):
    """An invitation for someone to join the team."""

    email: Email
    role: Role = Role.MEMBER
    valid_days: int = Field(7, ge=1, le=90)


class InvitePublic(Model):
    """An invitation; ``token`` is what the invitee presents to accept it."""

    id: int
    token: str
    email: str
    role: Role
    created_by: int
    expires_at: datetime
    used_at: datetime | None


class InviteAccept(Model):
    """Accepting an invitation sets the display name and the password."""

    token: str = Field(min_length=8)
    display_name: Title
    password: Password


# --- conversations ---------------------------------------------------------------


class Counterpart(Model):
    """The person the conversation is with."""

    name: Title
    relationship: Note = ""


class ConversationCreate(Model):
    """A new conversation (it starts in ``planning``)."""

    kind: ConversationKind
    title: Title
    counterpart: Counterpart
    target_date: date | None = None


class ConversationUpdate(Model):
    """Changes to a conversation; the status changes through its own service call."""

    kind: ConversationKind | None = None
    title: Title | None = None
    counterpart: Counterpart | None = None
    target_date: date | None = None
    version: int | None = None


class ConversationPublic(Model):
    """A conversation as the services return it."""

    id: int
    owner_id: int
    kind: ConversationKind
    title: str
    counterpart: Counterpart
    target_date: date | None
    status: ConversationStatus
    overdue: bool
    created_at: datetime
    updated_at: datetime
    version: int


class PlanPublic(Model):
    """The plan of a conversation and its version."""

    conversation_id: int
    plan: Plan
    updated_at: datetime
    version: int


class DraftPart(StrEnum):
    """Which text a draft is a version of."""

    OPENING = "opening"
    APOLOGY = "apology"


class DraftCreate(Model):
    """A new version of the opening or the apology text."""

    part: DraftPart
    text: Text


class DraftPublic(Model):
    """One stored version, with the analyzer's report at the time it was saved."""

    id: int
    conversation_id: int
    part: DraftPart
    number: int
    text: str
    score: int
    verdict: str
    analysis: dict[str, Any]
    created_at: datetime


# --- after the conversation ------------------------------------------------------


class OutcomeResult(StrEnum):
    """How the conversation ended."""

    AGREEMENT = "agreement"
    EXPECTATION_SET = "expectation-set"
    ESCALATED = "escalated"
    NOT_ACCEPTED = "not-accepted"
    POSTPONED = "postponed"


class OutcomeCreate(Model):
    """What happened (recording it again replaces the previous outcome)."""

    held_at: UTCDateTime
    result: OutcomeResult
    notes: Note = ""
    version: int | None = None


class OutcomePublic(Model):
    """The recorded outcome."""

    conversation_id: int
    held_at: datetime
    result: OutcomeResult
    notes: str
    updated_at: datetime
    version: int


class AgreementCreate(Model):
    """An agreed action: what, who owns it, by when."""

    action: Text
    owner: Title
    due_date: date | None = None
    done: bool = False


class AgreementUpdate(Model):
    """Changes to an agreement."""

    action: Text | None = None
    owner: Title | None = None
    due_date: date | None = None
    done: bool | None = None
    version: int | None = None


class AgreementPublic(Model):
    """An agreement."""

    id: int
    conversation_id: int
    action: str
    owner: str
    due_date: date | None
    done: bool
    created_at: datetime
    version: int


class CheckInCreate(Model):
    """A planned check-in after the conversation."""

    date: _dt.date
    note: Note = ""
    done: bool = False


class CheckInUpdate(Model):
    """Changes to a check-in."""

    date: _dt.date | None = None
    note: Note | None = None
    done: bool | None = None
    version: int | None = None


class CheckInPublic(Model):
    """A check-in."""

    id: int
    conversation_id: int
    date: _dt.date
    note: str
    done: bool
    created_at: datetime
    version: int


class ConversationDetail(Model):
    """A conversation with everything under it."""

    conversation: ConversationPublic
    plan: PlanPublic
    drafts: list[DraftPublic]
    outcome: OutcomePublic | None
    agreements: list[AgreementPublic]
    check_ins: list[CheckInPublic]
    mistake_ids: list[int]


# --- mistakes --------------------------------------------------------------------


class Understanding(Model):
    """What really happened."""

    touch_points: list[Note] = Field(default_factory=list)
    associations: list[Note] = Field(default_factory=list)
    implications: list[Note] = Field(default_factory=list)
    contributing_factors: list[Note] = Field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing has been written down."""
        return not (
            self.touch_points or self.associations or self.implications or self.contributing_factors
        )


class MistakeOption(Model):
    """One way to fix it."""

    description: Text
    pros: Note = ""
    cons: Note = ""


class Lessons(Model):
    """What the mistake taught."""

    went_well: list[Note] = Field(default_factory=list)
    went_wrong: list[Note] = Field(default_factory=list)
    got_lucky: list[Note] = Field(default_factory=list)


class NotificationCreate(Model):
    """Someone who was told about the mistake."""

    person: Title
    told_at: UTCDateTime | None = None
    acknowledged: bool = False


class NotificationPublic(Model):
    """Who was told, when, and whether they acknowledged it."""

    id: int
    person: str
    told_at: datetime
    acknowledged: bool
    acknowledged_at: datetime | None


class CheckNoteCreate(Model):
    """A note taken while monitoring the fix."""

    note: Text
    at: UTCDateTime | None = None


class CheckNotePublic(Model):
    """A monitoring note."""

    id: int
    at: datetime
    note: str


class StageEvent(Model):
    """When a mistake reached a stage."""

    stage: MistakeStage
    at: datetime


class MistakeLinkPublic(Model):
    """A conversation the mistake needs."""

    conversation_id: int
    purpose: str


class MistakeCreate(Model):
    """A newly discovered mistake."""

    title: Title
    description: Note = ""
    private_notes: Note = ""
    discovered_at: UTCDateTime | None = None
    shared: bool = False


class MistakeUpdate(Model):
    """Changes to a mistake's own fields (the stage changes through :func:`advance`)."""

    title: Title | None = None
    description: Note | None = None
    private_notes: Note | None = None
    shared: bool | None = None
    lessons: Lessons | None = None
    version: int | None = None


class _Advance(Model):
    at: UTCDateTime | None = None
    version: int | None = None


class Disclose(_Advance):
    """discovered → disclosed."""

    stage: Literal[MistakeStage.DISCLOSED] = MistakeStage.DISCLOSED
    disclosed_to: Note = ""


class QuickFix(_Advance):
    """disclosed → quick-fixed: what stopped the harm."""

    stage: Literal[MistakeStage.QUICK_FIXED] = MistakeStage.QUICK_FIXED
    quick_fix: Text


class Understand(_Advance):
    """quick-fixed → understood."""

    stage: Literal[MistakeStage.UNDERSTOOD] = MistakeStage.UNDERSTOOD
    understanding: Understanding

    @model_validator(mode="after")
    def _not_empty(self) -> Understand:
        if self.understanding.is_empty():
            raise ValueError(
                "understanding: write down at least one touch point, association, "
                "implication or contributing factor"
            )
        return self


class WeighOptions(_Advance):
    """understood → options-weighed: the options and the one chosen (0-based index)."""

    stage: Literal[MistakeStage.OPTIONS_WEIGHED] = MistakeStage.OPTIONS_WEIGHED
    options: list[MistakeOption] = Field(min_length=1)
    chosen: int = Field(ge=0)

    @model_validator(mode="after")
    def _chosen_exists(self) -> WeighOptions:
        if self.chosen >= len(self.options):
            raise ValueError(
                f"chosen: there are {len(self.options)} options; "
                f"chosen must be 0 to {len(self.options) - 1}"
            )
        return self


class Fix(_Advance):
    """options-weighed → fixed: the real fix."""

    stage: Literal[MistakeStage.FIXED] = MistakeStage.FIXED
    fix: Text


class Communicate(_Advance):
    """fixed → communicated: who was told (more can be added later)."""

    stage: Literal[MistakeStage.COMMUNICATED] = MistakeStage.COMMUNICATED
    told: list[NotificationCreate] = Field(min_length=1)


class Monitor(_Advance):
    """communicated → monitoring: until when."""

    stage: Literal[MistakeStage.MONITORING] = MistakeStage.MONITORING
    until: date


class Close(_Advance):
    """monitoring → closed, with the lessons (and a reason when closing early)."""

    stage: Literal[MistakeStage.CLOSED] = MistakeStage.CLOSED
    lessons: Lessons | None = None
    reason: Note = ""


#: The payload of one step forward, chosen by its ``stage`` field.
MistakeAdvance = Annotated[
    Disclose | QuickFix | Understand | WeighOptions | Fix | Communicate | Monitor | Close,
    Field(discriminator="stage"),
]


class MistakePublic(Model):
    """A mistake with everything recorded about it (for its owner)."""

    id: int
    owner_id: int
    title: str
    description: str
    private_notes: str
    shared: bool
    stage: MistakeStage
    discovered_at: datetime
    disclosed_at: datetime | None
    disclosed_to: str
    disclosure_clock_seconds: int
    disclosure_clock: str
    quick_fix: str
    understanding: Understanding
    options: list[MistakeOption]
    chosen_option: int | None
    fix: str
    monitoring_until: date | None
    checks: list[CheckNotePublic]
    told: list[NotificationPublic]
    lessons: Lessons
    close_reason: str
    stages: list[StageEvent]
    links: list[MistakeLinkPublic]
    created_at: datetime
    updated_at: datetime
    version: int


class MistakeBoardItem(Model):
    """A shared mistake as the team board shows it: no private notes."""

    id: int
    author: str
    title: str
    description: str
    stage: MistakeStage
    discovered_at: datetime
    disclosed_at: datetime | None
    disclosure_clock: str
    quick_fix: str
    fix: str
    told_count: int
    monitoring_until: date | None
    lessons: Lessons
    updated_at: datetime


# --- rehearsal runs --------------------------------------------------------------


class RehearsalRunCreate(Model):
    """A finished rehearsal to keep (optionally with a conversation)."""

    conversation_id: int | None = None
    scenario_id: Title
    seed: int
    transcript: list[dict[str, Any]]
    report: dict[str, Any]


class RehearsalRunPublic(Model):
    """A stored rehearsal run."""

    id: int
    owner_id: int
    conversation_id: int | None
    scenario_id: str
    seed: int
    transcript: list[dict[str, Any]]
    report: dict[str, Any]
    created_at: datetime
