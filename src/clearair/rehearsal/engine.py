"""The persona engine: the counterpart's state lives here, in code.

Each learner turn is read by the analyzer (its labels) and by the technique
detectors; the scenario's rules (over the defaults in ``defaults.yaml``)
turn the signals into changes of safety and openness, remembered remarks
keep costing trust, and a reaction is chosen from the scenario's deck. The
only randomness is the choice among wordings, from a ``random.Random(seed)``,
so a run is reproducible from its seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field

from clearair.rehearsal.detectors import Hit, detect, sentences
from clearair.rehearsal.scenario import Effect, Reaction, Scenario, Style
from clearair.rehearsal.signals import PROBLEM_LABELS

if TYPE_CHECKING:
    from clearair.language.model import Report

ReactionKind = Literal["opening", "reply", "flash", "roadbump", "reveal", "agreement", "walk-out"]
Ending = Literal["agreement", "walked-out", "turn-limit", "stopped"]
Analyzer = Callable[..., "Report"]

#: Apologies that do not count as a sincere "say sorry".
NON_APOLOGY = frozenset({"conditional-apology", "apology-for-feelings", "vague-apology", "excuse"})
#: Learner signals that count as curiosity when they follow a flash or roadbump.
CURIOUS_AFTER_REACTION = frozenset({"open-question", "say-what-you-see"})


class StyleRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hurt: float = Field(gt=0, le=3)
    grudge: int = Field(ge=0, le=20)
    ceiling: int = Field(ge=0, le=50)


class Bands(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    guarded_below: int = Field(ge=0, le=100)
    open_from: int = Field(ge=0, le=100)


class EngineDefaults(BaseModel):
    """The contents of ``defaults.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rules: dict[str, Effect]
    max_gain: int = Field(ge=1, le=100)
    max_loss: int = Field(ge=1, le=100)
    repeat_factor: float = Field(ge=0, le=1)
    styles: dict[Style, StyleRules]
    bands: Bands


@lru_cache(maxsize=1)
def default_rules() -> EngineDefaults:
    text = (resources.files("clearair.rehearsal") / "defaults.yaml").read_text(encoding="utf-8")
    return EngineDefaults.model_validate(yaml.safe_load(text))


class Voice(Protocol):
    """Words a reaction the engine chose (see :mod:`clearair.rehearsal.voice`)."""

    def word(self, scenario: Scenario, kind: str, wording: str, learner_text: str) -> str: ...


class VoiceError(Exception):
    """The voice could not word a reaction; the engine keeps its own wording."""


class EmptyTurnError(ValueError):
    """A learner turn with nothing in it."""


class RunOverError(RuntimeError):
    """The run has ended; no more turns."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a learner turn, with the sentence it is in."""

    label: str
    quote: str
    message: str
    suggestion: str

    def to_dict(self) -> dict[str, str]:
        return {
            "label": self.label,
            "quote": self.quote,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """What the engine read in one learner turn."""

    signals: frozenset[str]
    problems: tuple[Problem, ...]
    #: For each signal, the first sentence that carries it (for the coach).
    quotes: dict[str, str]


@dataclass(frozen=True, slots=True)
class Remembered:
    turn: int
    signal: str
    quote: str


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of the run. Learner and counterpart turns alternate."""

    number: int
    speaker: Literal["learner", "counterpart"]
    text: str
    safety: int
    openness: int
    reaction: ReactionKind | None = None
    reaction_id: str | None = None
    signals: tuple[str, ...] = ()
    delta: int = 0
    causes: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()
    quotes: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "number": self.number,
            "speaker": self.speaker,
            "text": self.text,
            "safety": self.safety,
            "openness": self.openness,
            "reaction": self.reaction,
        }
        if self.speaker == "counterpart":
            out["reaction_id"] = self.reaction_id
        else:
            out["signals"] = list(self.signals)
            out["delta"] = self.delta
            out["causes"] = [{"signal": s, "safety": d} for s, d in self.causes]
        return out


@dataclass
class CounterpartState:
    safety: int
    openness: int
    revealed: bool = False
    revealed_at: int | None = None
    memory: list[Remembered] = field(default_factory=list)


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, round(value))))


class Rehearsal:
    """One run of one scenario.

    ``analyzer`` defaults to :func:`clearair.check`; ``voice`` (optional)
    words the reactions the engine chose.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int = 0,
        analyzer: Analyzer | None = None,
        voice: Voice | None = None,
        defaults: EngineDefaults | None = None,
    ) -> None:
        self.scenario = scenario
        self.seed = seed
        self._rng = random.Random(seed)
        self._analyzer = analyzer
        self._voice = voice
        self._defaults = defaults or default_rules()
        self._style = self._defaults.styles[scenario.persona.style]
        self.state = CounterpartState(scenario.persona.start_safety, scenario.persona.start_openness)
        self.turns: list[Turn] = []
        self.ended: Ending | None = None
        self.voice_failures = 0
        self._last_line: str | None = None
        self._prev_signals: frozenset[str] = frozenset()
        self._learner_turns = 0
        opening = self._pick(scenario.opening)
        self._counterpart("opening", None, opening, learner_text="")

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        seed: int,
        learner_turns: Sequence[str],
        *,
        analyzer: Analyzer | None = None,
    ) -> Rehearsal:
        """Rebuild a run from its seed and the learner's turns (the engine is deterministic).

        Empty turns are skipped, and turns after the run ended are ignored.
        """
        run = cls(scenario, seed=seed, analyzer=analyzer)
        for text in learner_turns:
            if run.ended is not None:
                break
            if text.strip():
                run.say(text)
        return run

    # -- reading a turn -----------------------------------------------------

    def _analyze(self, text: str) -> Report:
        if self._analyzer is not None:
            return self._analyzer(text, kind=self._analyzer_kind())
        import clearair

        return clearair.check(text, kind=self._analyzer_kind())

    def _analyzer_kind(self) -> str:
        return "apology" if self.scenario.kind == "apology" else "conversation"

    def read(self, text: str) -> Reading:
        """The signals, problems and quotes of one learner turn."""
        report = self._analyze(text)
        signals: set[str] = set()
        quotes: dict[str, str] = {}
        problems: list[Problem] = []
        seen_problems: set[tuple[str, str]] = set()
        for finding in report.findings:
            if 0 <= finding.sentence < len(report.sentences):
                quote = report.sentences[finding.sentence].text.strip()
            else:
                quote = text[finding.start : finding.end].strip()
            signals.add(finding.label)
            quotes.setdefault(finding.label, quote)
            if finding.kind == "problem" and (finding.label, quote) not in seen_problems:
                seen_problems.add((finding.label, quote))
                problems.append(Problem(finding.label, quote, finding.message, finding.suggestion))
        hits: list[Hit] = detect(text)
        for hit in hits:
            signals.add(hit.signal)
            quotes.setdefault(hit.signal, hit.sentence)
            if hit.signal in PROBLEM_LABELS and hit.signal not in {p.label for p in problems}:
                problems.append(Problem(hit.signal, hit.sentence, _BACKUP_MESSAGES[hit.signal], ""))
        # A sincere sorry: regret that owns the act, with no non-apology in the turn.
        if "regret" in signals and signals & {"responsibility", "specific-act"}:
            signals.add("say-sorry")
            quotes.setdefault("say-sorry", quotes["regret"])
        if signals & NON_APOLOGY:
            signals.discard("say-sorry")
        # Staying curious: meeting a flash or roadbump with a question or what you see.
        last = self.turns[-1] if self.turns else None
        if last is not None and last.reaction in ("flash", "roadbump"):
            curious = signals & CURIOUS_AFTER_REACTION
            if curious:
                signals.add("stay-curious")
                quotes.setdefault("stay-curious", quotes[sorted(curious)[0]])
        if "step-in-step-out" not in signals and "open-question" in signals:
            parts = sentences(text)
            statements = [s for s in parts if not s.endswith("?") and len(s.split()) >= 4]
            if statements and parts[-1].endswith("?") and quotes.get("open-question") == parts[-1]:
                signals.add("step-in-step-out")
                quotes["step-in-step-out"] = parts[-1]
        return Reading(frozenset(signals), tuple(problems), quotes)

    # -- the rules ------------------------------------------------------------

    def _effect(self, signal: str) -> Effect | None:
        return self.scenario.rules.get(signal) or self._defaults.rules.get(signal)

    def _apply(self, signals: frozenset[str]) -> tuple[int, int, list[tuple[str, int]]]:
        gain = loss = 0.0
        open_change = 0.0
        causes: list[tuple[str, int]] = []
        for signal in sorted(signals):
            effect = self._effect(signal)
            if effect is None:
                continue
            safety = float(effect.safety)
            openness = float(effect.openness)
            if safety < 0:
                safety *= self._style.hurt
            elif signal in self._prev_signals:
                safety *= self._defaults.repeat_factor
                openness *= self._defaults.repeat_factor
            if safety > 0:
                gain += safety
            else:
                loss += safety
            open_change += openness
            if round(safety):
                causes.append((signal, round(safety)))
        delta = min(round(gain), self._defaults.max_gain) + max(round(loss), -self._defaults.max_loss)
        grudge = self._style.grudge * len(self.state.memory)
        if grudge:
            causes.append(("remembered", -grudge))
        return delta - grudge, round(open_change), causes

    def _matches(self, reaction: Reaction, signals: frozenset[str], safety: int, delta: int) -> bool:
        trigger = reaction.trigger
        if trigger.any:
            if not signals & set(trigger.any):
                return False
        elif delta >= 0:
            return False
        if trigger.safety_below is not None and safety >= trigger.safety_below:
            return False
        return not (trigger.safety_at_least is not None and safety < trigger.safety_at_least)

    # -- a turn ---------------------------------------------------------------

    def say(self, text: str) -> Turn:
        """Play one learner turn; return the counterpart's reaction."""
        if self.ended is not None:
            raise RunOverError(f"the run has ended ({self.ended})")
        text = text.strip()
        if not text:
            raise EmptyTurnError("say something (an empty turn is not played)")
        reading = self.read(text)
        delta, open_change, causes = self._apply(reading.signals)
        state = self.state
        before = state.safety
        for signal in sorted(reading.signals):
            effect = self._effect(signal)
            if effect is not None and effect.remember:
                state.memory.append(Remembered(len(self.turns), signal, reading.quotes.get(signal, text)))
        ceiling = 100 - self._style.ceiling * len(state.memory)
        state.safety = _clamp(before + delta, 0, ceiling)
        state.openness = _clamp(state.openness + open_change, 0, 100)
        self._learner_turns += 1
        self.turns.append(
            Turn(
                number=len(self.turns),
                speaker="learner",
                text=text,
                safety=state.safety,
                openness=state.openness,
                signals=tuple(sorted(reading.signals)),
                delta=state.safety - before,
                causes=tuple(causes),
                problems=reading.problems,
                quotes=dict(reading.quotes),
            )
        )
        kind, reaction_id, wording = self._choose(reading.signals, state.safety - before)
        if kind == "reveal":
            state.revealed = True
            state.revealed_at = len(self.turns)
        reply = self._counterpart(kind, reaction_id, wording, learner_text=text)
        self._prev_signals = reading.signals
        if kind == "agreement":
            self.ended = "agreement"
        elif kind == "walk-out":
            self.ended = "walked-out"
        elif self._learner_turns >= self.scenario.end.turn_limit:
            self.ended = "turn-limit"
        return reply

    def _choose(self, signals: frozenset[str], delta: int) -> tuple[ReactionKind, str | None, str]:
        scenario, state = self.scenario, self.state
        end = scenario.end
        if state.safety < end.walk_out.below:
            return "walk-out", "walk-out", self._pick(end.walk_out.wordings)
        concern = scenario.hidden_concern
        if (
            not state.revealed
            and state.safety >= concern.reveal_at
            and state.openness >= concern.openness_at_least
            and signals & set(concern.after)
        ):
            return "reveal", "hidden-concern", self._pick(concern.wordings)
        agreement = end.agreement
        if (
            (state.revealed or not agreement.needs_concern)
            and state.safety >= agreement.safety_at_least
            and signals & set(agreement.after)
        ):
            return "agreement", "agreement", self._pick(agreement.wordings)
        for kind in ("roadbump", "flash"):
            for reaction in scenario.reactions:
                if reaction.kind == kind and self._matches(reaction, signals, state.safety, delta):
                    return reaction.kind, reaction.id, self._pick(reaction.wordings)
        bands = self._defaults.bands
        if state.safety < bands.guarded_below:
            band, deck = "guarded", scenario.replies.guarded
        elif state.safety >= bands.open_from:
            band, deck = "open", scenario.replies.open
        else:
            band, deck = "neutral", scenario.replies.neutral
        return "reply", band, self._pick(deck)

    def _pick(self, wordings: Sequence[str]) -> str:
        """A wording, never the same as the counterpart's previous line."""
        options = [w for w in wordings if w.replace("{name}", self.scenario.persona.name) != self._last_line]
        return self._rng.choice(options or list(wordings)).replace("{name}", self.scenario.persona.name)

    def _counterpart(
        self, kind: ReactionKind, reaction_id: str | None, wording: str, *, learner_text: str
    ) -> Turn:
        text = wording
        if self._voice is not None:
            try:
                text = self._voice.word(self.scenario, kind, wording, learner_text) or wording
            except VoiceError:
                self.voice_failures += 1
                text = wording
        self._last_line = wording
        turn = Turn(
            number=len(self.turns),
            speaker="counterpart",
            text=text,
            safety=self.state.safety,
            openness=self.state.openness,
            reaction=kind,
            reaction_id=reaction_id,
        )
        self.turns.append(turn)
        return turn

    def stop(self) -> None:
        """End the run by the learner's choice (no-op if it has ended)."""
        if self.ended is None:
            self.ended = "stopped"

    # -- results --------------------------------------------------------------

    @property
    def learner_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == "learner"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "clearair.rehearsal/1",
            "scenario": self.scenario.id,
            "title": self.scenario.title,
            "seed": self.seed,
            "turns": [t.to_dict() for t in self.turns],
            "final_safety": self.state.safety,
            "revealed": self.state.revealed,
            "ended": self.ended or "stopped",
        }


_BACKUP_MESSAGES = {
    "blame-shift": "Puts the responsibility on them; expect them to defend themselves.",
    "why-question": "A why question asks them to justify themselves; ask what or how instead.",
    "minimizing": "Downplays what happened to them.",
    "character-judgment": "Labels the person rather than describing what they did; it will be remembered.",
    "dismissive": "Waves their concern away; it will be remembered.",
    "feeling-policing": "Tells them how to feel.",
}
