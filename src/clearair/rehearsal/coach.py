"""The coach: what worked and what did not, after a run.

It reads only the run (its turns and the counterpart's state) and, when the
rehearsal is linked to a conversation, that conversation's plan. Everything
it says quotes the learner's own turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from clearair.rehearsal.engine import Rehearsal, Turn
from clearair.rehearsal.signals import POEMS_EVIDENCE, POEMS_STEPS, TECHNIQUES

if TYPE_CHECKING:
    from clearair.domain.plan import Plan

SPARK = "▁▂▃▄▅▆▇█"
#: How much of a planned line (its content words) must show up in a turn to count as said.
MATCH = 0.6

STEP_NAMES = {
    "prepare": "Prepare",
    "open": "Open",
    "explore": "Explore",
    "make-it-safe": "Make it safe",
    "summarize": "Summarize",
}

_STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "is",
        "it",
        "it's",
        "its",
        "just",
        "me",
        "my",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "we're",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "you're",
        "your",
        "yours",
        "about",
        "really",
        "want",
        "like",
        "also",
    }
)
_WORD = re.compile(r"[a-z0-9']+")


def sparkline(values: list[int]) -> str:
    """0-100 values as a one-line chart."""
    return "".join(SPARK[min(len(SPARK) - 1, max(0, v) * len(SPARK) // 101)] for v in values)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP and len(w) > 1}


def overlap(planned: str, said: str) -> float:
    """How much of a planned line shows up in what was said (0-1, content words)."""
    want = _words(planned)
    if not want:
        return 0.0
    return len(want & _words(said)) / len(want)


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class PlanForRehearsal:
    """The parts of a conversation's plan the coach checks a run against."""

    mutual_purpose: str = ""
    facts: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    contrasting: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.mutual_purpose or self.facts or self.questions or self.contrasting)


def plan_from_domain(plan: Plan) -> PlanForRehearsal:
    """The checkable parts of a conversation's plan (:class:`clearair.domain.plan.Plan`)."""
    poems = plan.poems
    facts = [*poems.opening.facts, *poems.prepare.evidence]
    if plan.apology.what_i_did:
        facts.append(plan.apology.what_i_did)
    return PlanForRehearsal(
        mutual_purpose=poems.opening.mutual_purpose,
        facts=tuple(f for f in facts if f.strip()),
        questions=tuple(
            q for q in [*poems.explore.questions, *poems.summarize.solution_questions] if q.strip()
        ),
        contrasting=tuple(c for c in poems.make_safe.contrasting if c.strip()),
    )


@dataclass
class CoachReport:
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return self.data


def _evidence(turns: list[Turn], signals: frozenset[str]) -> list[dict[str, Any]]:
    out = []
    for turn in turns:
        for signal in sorted(signals & set(turn.signals)):
            out.append(
                {"turn": turn.number, "signal": signal, "quote": _clip(turn.quotes.get(signal, turn.text))}
            )
    return out


def _explain(turn: Turn) -> str:
    parts = sorted(turn.causes, key=lambda c: -abs(c[1]))
    direction = "rose" if turn.delta > 0 else "fell"
    said = ", ".join(f"{name} ({value:+d})" for name, value in parts[:4])
    head = f"Safety {direction} {abs(turn.delta)} points, to {turn.safety}"
    return f"{head}, after {said}" if said else head


def _plan_check(run: Rehearsal, plan: PlanForRehearsal) -> dict[str, Any]:
    learner = run.learner_turns
    opening = learner[:2]
    opening_text = " ".join(t.text for t in opening)

    def said_purpose() -> dict[str, Any]:
        for t in opening:
            if "mutual-purpose" in t.signals or (
                plan.mutual_purpose and overlap(plan.mutual_purpose, t.text) >= MATCH
            ):
                return {"done": True, "turn": t.number, "quote": _clip(t.text)}
        return {"done": False, "planned": plan.mutual_purpose}

    facts = []
    for fact in plan.facts:
        hit = next((t for t in learner if overlap(fact, t.text) >= MATCH), None)
        facts.append(
            {
                "fact": fact,
                "said": hit is not None,
                "turn": hit.number if hit else None,
                "in_opening": hit is not None and hit in opening,
            }
        )
    opened_with_facts = any(f["in_opening"] for f in facts) or any("facts" in t.signals for t in opening)

    questions = []
    for question in plan.questions:
        best = max(learner, key=lambda t: overlap(question, t.text), default=None)
        asked = best is not None and overlap(question, best.text) >= MATCH
        questions.append(
            {"question": question, "asked": asked, "turn": best.number if asked and best else None}
        )

    flashes = []
    turns = run.turns
    for i, turn in enumerate(turns):
        if turn.reaction not in ("flash", "roadbump"):
            continue
        answer = next((t for t in turns[i + 1 :] if t.speaker == "learner"), None)
        used = answer is not None and (
            "contrasting" in answer.signals or any(overlap(c, answer.text) >= MATCH for c in plan.contrasting)
        )
        flashes.append(
            {
                "turn": turn.number,
                "reaction": turn.reaction,
                "answer_turn": answer.number if answer else None,
                "used_contrasting": used,
                "quote": _clip(answer.text) if answer else None,
            }
        )
    return {
        "opened_with_mutual_purpose": said_purpose(),
        "opened_with_facts": {"done": opened_with_facts, "opening": _clip(opening_text)},
        "facts": facts,
        "questions": questions,
        "contrasting_after_flashes": flashes,
        "planned_contrasting": list(plan.contrasting),
    }


def coach(run: Rehearsal, plan: PlanForRehearsal | None = None) -> CoachReport:
    """Build the coach's report for a finished (or stopped) run."""
    scenario = run.scenario
    learner = run.learner_turns
    poems = []
    for step in POEMS_STEPS:
        evidence = _evidence(learner, POEMS_EVIDENCE[step])
        covered = bool(evidence) or (step == "prepare" and plan is not None and not plan.is_empty)
        poems.append(
            {
                "step": step,
                "name": STEP_NAMES[step],
                "covered": covered,
                "matters_here": step in scenario.goals,
                "evidence": evidence,
            }
        )
    techniques = []
    for ident, name in TECHNIQUES.items():
        used = _evidence(learner, frozenset({ident}))
        techniques.append({"id": ident, "name": name, "used": bool(used), "turns": used})
    problems = [{"turn": t.number, **p.to_dict()} for t in learner for p in t.problems]
    timeline = [t.safety for t in run.turns if t.speaker == "counterpart"]
    swings = sorted((t for t in learner if abs(t.delta) >= 5), key=lambda t: (-abs(t.delta), t.number))
    reactions = [
        {"turn": t.number, "kind": t.reaction, "id": t.reaction_id, "text": t.text}
        for t in run.turns
        if t.reaction in ("flash", "roadbump")
    ]
    concern = scenario.hidden_concern
    missed = [p["name"] for p in poems if p["matters_here"] and not p["covered"]]
    report: dict[str, Any] = {
        "ended": run.ended or "stopped",
        "final_safety": run.state.safety,
        "poems": poems,
        "missed_steps": missed,
        "techniques": techniques,
        "problems": problems,
        "remembered": [
            {"turn": r.turn, "signal": r.signal, "quote": _clip(r.quote)} for r in run.state.memory
        ],
        "reactions": reactions,
        "timeline": timeline,
        "sparkline": sparkline(timeline),
        "swings": [
            {
                "turn": t.number,
                "delta": t.delta,
                "safety": t.safety,
                "quote": _clip(t.text),
                "because": [{"signal": s, "safety": d} for s, d in t.causes],
                "explanation": _explain(t),
            }
            for t in swings[:3]
        ],
        "hidden_concern": {
            "revealed": run.state.revealed,
            "turn": run.state.revealed_at,
            "summary": concern.summary,
            "how": (
                f"It comes out when {scenario.persona.name} feels safe "
                f"(safety {concern.reveal_at} or more) and you ask an open question."
            ),
        },
        "plan": _plan_check(run, plan) if plan is not None and not plan.is_empty else None,
    }
    return CoachReport(report)


def render_text(report: dict[str, Any], persona: str) -> str:
    """The report as plain text for the terminal."""
    lines: list[str] = []
    add = lines.append
    add(f"Coach's report ({report['ended']}, final safety {report['final_safety']})")
    add("")
    add(f"Safety  {report['sparkline']}  " + " ".join(str(v) for v in report["timeline"]))
    for swing in report["swings"]:
        add(f"  turn {swing['turn']}: {swing['explanation']}")
        add(f'    you said: "{swing["quote"]}"')
    add("")
    add("POEMS")
    for step in report["poems"]:
        mark = "x" if step["covered"] else " "
        note = "" if step["covered"] or not step["matters_here"] else "  (matters here)"
        add(f"  [{mark}] {step['name']}{note}")
        for ev in step["evidence"][:2]:
            add(f'      turn {ev["turn"]} {ev["signal"]}: "{ev["quote"]}"')
    add("")
    add("Techniques")
    for tech in report["techniques"]:
        if tech["used"]:
            turns = ", ".join(str(t["turn"]) for t in tech["turns"])
            add(f'  [x] {tech["name"]} (turn {turns}): "{tech["turns"][0]["quote"]}"')
        else:
            add(f"  [ ] {tech['name']}")
    add("")
    if report["problems"]:
        add("Problems")
        for p in report["problems"]:
            add(f'  turn {p["turn"]} {p["label"]}: "{_clip(p["quote"], 120)}"')
            if p["message"]:
                add(f"      {p['message']}")
        add("")
    if report["remembered"]:
        add(f"{persona} will remember")
        for r in report["remembered"]:
            add(f'  turn {r["turn"]} {r["signal"]}: "{r["quote"]}"')
        add("")
    concern = report["hidden_concern"]
    if concern["revealed"]:
        add(f"Hidden concern: it came out at turn {concern['turn']}: {concern['summary']}")
    else:
        add(f"Hidden concern: it did not come out. {concern['how']}")
        add(f"  It was: {concern['summary']}")
    plan = report.get("plan")
    if plan:
        add("")
        add("Against your plan")
        purpose = plan["opened_with_mutual_purpose"]
        add(f"  [{'x' if purpose['done'] else ' '}] opened with your mutual purpose")
        add(f"  [{'x' if plan['opened_with_facts']['done'] else ' '}] opened with your facts")
        for q in plan["questions"]:
            where = f" (turn {q['turn']})" if q["asked"] else ""
            add(f"  [{'x' if q['asked'] else ' '}] asked: {q['question']}{where}")
        for f in plan["contrasting_after_flashes"]:
            add(
                f"  [{'x' if f['used_contrasting'] else ' '}] contrasting after the "
                f"{f['reaction']} at turn {f['turn']}"
            )
    return "\n".join(lines)
