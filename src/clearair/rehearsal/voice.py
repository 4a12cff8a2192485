"""The optional voice: a language model words the reaction the engine chose.

The engine decides *what* happens (a flash, a roadbump, the hidden concern,
agreement); the voice only rewords the chosen line inside the persona. It
speaks the OpenAI chat-completions protocol (``POST {base_url}/chat/completions``),
so a local Ollama or vLLM server works. Before any call, every known name
(the persona, the scenario's names, names given by the caller, and
capitalized words in the learner's turn) is replaced by a placeholder such as
``[PERSON1]``; the placeholders are put back in the answer. Nothing is logged.
If the call fails, the engine keeps its own wording.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clearair.rehearsal.engine import VoiceError

if TYPE_CHECKING:
    import httpx

    from clearair.rehearsal.scenario import Scenario

ENV_BASE_URL = "CLEARAIR_LLM_BASE_URL"
ENV_MODEL = "CLEARAIR_LLM_MODEL"
ENV_API_KEY = "CLEARAIR_LLM_API_KEY"

# A capitalized word not at the start of the text, a sentence, a quote or a *stage direction*.
_CAPITALIZED = re.compile(r"(?<![.!?*:\"]\s)(?<![*\"(])(?<!^)\b([A-Z][a-z]{1,}(?:[-'][A-Z]?[a-z]+)?)\b")
#: Capitalized words that are not names (checked without a trailing 's).
_NOT_NAMES = frozenset(
    [
        "I",
        "I'm",
        "I've",
        "I'd",
        "I'll",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Okay",
        "OK",
        "Yes",
        "No",
        "So",
        "And",
        "But",
        "The",
        "This",
        "That",
        "What",
        "How",
        "Why",
        "When",
        "Where",
        "Who",
        "Sorry",
        "Thanks",
        "Thank",
        "Please",
        "Hi",
        "Hey",
        "Honestly",
        "Actually",
        "Well",
        "Also",
        "Then",
        "Dear",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "English",
    ]
)
_HINTS = {
    "reply": "an ordinary answer",
    "flash": "a quick, guarded reaction (a sigh, a shrug, a short answer)",
    "roadbump": "a strong reaction: hurt, anger or shutting down",
    "reveal": "opening up about what is really going on",
    "agreement": "agreeing on the way forward",
    "walk-out": "ending the conversation and leaving",
    "opening": "the first thing you say",
}


class Placeholders:
    """Replaces names with ``[PERSON1]``... and puts them back."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names: dict[str, str] = {}
        for name in (n.strip() for n in names):
            if name and name not in self._names:
                self._names[name] = f"[PERSON{len(self._names) + 1}]"
        longest_first = sorted(self._names, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(rf"\b{re.escape(n)}\b" for n in longest_first)) if self._names else None
        )

    @property
    def mapping(self) -> Mapping[str, str]:
        return dict(self._names)

    def hide(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._names[m.group(0)], text)

    def restore(self, text: str) -> str:
        for name, placeholder in self._names.items():
            text = text.replace(placeholder, name)
        return text


def names_in(text: str) -> set[str]:
    """Capitalized words that look like names (not at a sentence start)."""
    found = set()
    for match in _CAPITALIZED.finditer(text):
        word = match.group(1).removesuffix("'s")
        if word not in _NOT_NAMES:
            found.add(word)
    return found


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0

    @classmethod
    def resolve(
        cls,
        *,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> VoiceSettings:
        """Flags first, then ``CLEARAIR_LLM_*``; raise ``ValueError`` if something is missing."""
        env = os.environ if environ is None else environ
        url = base_url or env.get(ENV_BASE_URL, "")
        name = model or env.get(ENV_MODEL, "")
        missing = [what for what, value in (("base URL", url), ("model", name)) if not value]
        if missing:
            raise ValueError(
                f"the openai voice needs a {' and a '.join(missing)} "
                f"(--llm-base-url/{ENV_BASE_URL}, --llm-model/{ENV_MODEL})"
            )
        key = api_key if api_key is not None else env.get(ENV_API_KEY, "")
        return cls(base_url=url.rstrip("/"), model=name, api_key=key)


class OpenAIVoice:
    """Words reactions with any OpenAI-compatible chat-completions server."""

    def __init__(
        self,
        settings: VoiceSettings,
        *,
        extra_names: Iterable[str] = (),
        client: httpx.Client | None = None,
    ) -> None:
        self.settings = settings
        self._extra = tuple(extra_names)
        self._client = client

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(timeout=self.settings.timeout)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def messages(
        self, scenario: Scenario, kind: str, wording: str, learner_text: str
    ) -> tuple[list[dict[str, str]], Placeholders]:
        """The chat messages for one reaction, with every name replaced."""
        found = sorted(names_in(learner_text) | names_in(wording))
        holders = Placeholders([*scenario.names, *self._extra, *found])
        persona = scenario.persona
        system = (
            f"You play {persona.name} in a practice conversation. {persona.name} is "
            f"{scenario.brief.their_role} Style: {persona.style}. {persona.description} "
            "Reword the line you are given so it sounds natural in this persona. Keep its meaning "
            "and its stage directions in *asterisks*; add no new facts; at most three sentences; "
            "answer with the line only."
        )
        user = (
            f"The other person just said: {learner_text or '(nothing yet)'}\n"
            f"Your reaction is {_HINTS.get(kind, 'an answer')}. The line to reword: {wording}"
        )
        return (
            [
                {"role": "system", "content": holders.hide(system)},
                {"role": "user", "content": holders.hide(user)},
            ],
            holders,
        )

    def word(self, scenario: Scenario, kind: str, wording: str, learner_text: str) -> str:
        import httpx

        messages, holders = self.messages(scenario, kind, wording, learner_text)
        headers = {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        body: dict[str, Any] = {"model": self.settings.model, "messages": messages, "temperature": 0.7}
        try:
            response = self._http().post(
                f"{self.settings.base_url}/chat/completions", json=body, headers=headers
            )
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            # The error names the failure only: no user text.
            raise VoiceError(f"the voice server did not answer usefully ({type(exc).__name__})") from None
        if not isinstance(content, str) or not content.strip():
            raise VoiceError("the voice server sent an empty line")
        line = holders.restore(" ".join(content.split()))
        return line[:600]
