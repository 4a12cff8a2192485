"""The written summary of a conversation (Markdown), checked by the analyzer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clearair.domain.conversations import ConversationKind
from clearair.domain.plan import Checker, FallbackKind
from clearair.domain.schemas import ConversationDetail, OutcomeResult
from clearair.services import conversations
from clearair.services.plans import default_checker

if TYPE_CHECKING:
    from clearair.language.model import Report
    from clearair.storage.uow import UnitOfWork

RESULT_WORDS: dict[OutcomeResult, str] = {
    OutcomeResult.AGREEMENT: "We agreed a way forward.",
    OutcomeResult.EXPECTATION_SET: "We did not agree; I set out what I expect and what follows "
    "if it does not happen.",
    OutcomeResult.ESCALATED: "We did not agree, so this goes further.",
    OutcomeResult.NOT_ACCEPTED: "The apology was not accepted, and that is yours to decide.",
    OutcomeResult.POSTPONED: "We postponed the conversation.",
}


@dataclass(frozen=True)
class Summary:
    """The Markdown text and the analyzer's report on it."""

    markdown: str
    report: Report

    def to_dict(self) -> dict[str, Any]:
        return {"markdown": self.markdown, "analysis": self.report.to_dict()}


def render_markdown(detail: ConversationDetail) -> str:
    """The summary text: what we talked about, what happened, what we agreed, next steps."""
    c = detail.conversation
    plan = detail.plan.plan
    outcome = detail.outcome
    lines: list[str] = [f"# Summary: {c.title}", ""]
    when = outcome.held_at.astimezone().strftime("%Y-%m-%d") if outcome else "not yet held"
    lines += [f"- With: {c.counterpart.name}", f"- Date: {when}", ""]
    purpose = plan.poems.opening.mutual_purpose
    if purpose:
        lines += ["## Why we talked", "", purpose, ""]
    if c.kind in (ConversationKind.APOLOGY, ConversationKind.TRUST_REPAIR):
        a = plan.apology
        apology_lines = [x for x in (a.what_i_did, a.my_share, a.impact, a.repair, a.change) if x]
        if apology_lines:
            lines += ["## What I said", ""] + [f"- {x}" for x in apology_lines] + [""]
    facts = plan.poems.opening.facts
    if facts:
        lines += ["## The facts", ""] + [f"- {f}" for f in facts] + [""]
    if outcome:
        lines += ["## Outcome", "", RESULT_WORDS[outcome.result], ""]
        if outcome.notes:
            lines += [outcome.notes, ""]
        fb = plan.poems.summarize.fallback
        if outcome.result == OutcomeResult.EXPECTATION_SET and fb and fb.kind == FallbackKind.EXPECTATION:
            if fb.expectation:
                lines += [f"What I expect: {fb.expectation}", ""]
            if fb.consequence:
                lines += [f"If it does not happen: {fb.consequence}", ""]
        if outcome.result == OutcomeResult.ESCALATED and fb and fb.kind == FallbackKind.ESCALATION:
            if fb.escalation:
                lines += [f"Escalation: {fb.escalation}", ""]
            if fb.next_step:
                lines += [f"What happens next: {fb.next_step}", ""]
    if detail.agreements:
        lines += ["## What we agreed", "", "| action | who | by when | done |", "|---|---|---|---|"]
        for ag in detail.agreements:
            due = ag.due_date.isoformat() if ag.due_date else "-"
            done = "yes" if ag.done else "no"
            lines.append(f"| {_cell(ag.action)} | {_cell(ag.owner)} | {due} | {done} |")
        lines.append("")
    open_check_ins = [ci for ci in detail.check_ins if not ci.done]
    if open_check_ins:
        lines += ["## Next check-ins", ""]
        lines += [f"- {ci.date.isoformat()}" + (f": {ci.note}" if ci.note else "") for ci in open_check_ins]
        lines.append("")
    lines += ["If I have missed or misread anything, please tell me and I will correct it.", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def build(uow: UnitOfWork, owner_id: int, conversation_id: int, *, checker: Checker | None = None) -> Summary:
    """Write the summary from the plan, the outcome and the agreements, and check it."""
    detail = conversations.detail(uow, owner_id, conversation_id)
    markdown = render_markdown(detail)
    report = (checker or default_checker)(markdown, "conversation")
    return Summary(markdown=markdown, report=report)
