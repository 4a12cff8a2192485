"""The optional voice, against a small local server speaking the same protocol."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from clearair.rehearsal.engine import Rehearsal
from clearair.rehearsal.scenario import Scenario
from clearair.rehearsal.voice import OpenAIVoice, Placeholders, VoiceSettings, names_in

from .conftest import silent_analyzer
from .fake_llm import FakeLLM


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def _voice(llm: FakeLLM, **kw: Any) -> OpenAIVoice:
    return OpenAIVoice(VoiceSettings(base_url=llm.url, model="tiny", api_key="k-123"), **kw)


def test_names_are_replaced_before_the_call_and_restored_after(llm: FakeLLM, lunch: Scenario) -> None:
    voice = _voice(llm, extra_names=["Samira"])
    try:
        r = Rehearsal(lunch, seed=1, analyzer=silent_analyzer, voice=voice)
        reply = r.say("Priya, I sat with Samira and Jonas at Rosa's and forgot the time.")
    finally:
        voice.close()
    sent = json.dumps(llm.requests)
    for name in ("Priya", "Samira", "Jonas", "Rosa"):
        assert name not in sent, f"{name} reached the server"
    assert "[PERSON" in sent
    assert llm.requests[-1]["model"] == "tiny"
    assert llm.headers[-1]["Authorization"] == "Bearer k-123"
    assert reply.text == "*sighs* Priya here. Fine, go on."
    # The engine chose the reaction; the voice only worded it.
    assert reply.reaction in ("reply", "flash")
    assert r.voice_failures == 0


def test_a_failing_server_falls_back_to_the_engine_wording(llm: FakeLLM, lunch: Scenario) -> None:
    llm.status = 500
    voice = _voice(llm)
    try:
        r = Rehearsal(lunch, seed=1, analyzer=silent_analyzer, voice=voice)
        reply = r.say("Okay.")
    finally:
        voice.close()
    assert r.voice_failures == 2  # the opening and the reply
    all_wordings = [*lunch.replies.guarded, *lunch.replies.neutral, *lunch.replies.open]
    all_wordings += [w for reaction in lunch.reactions for w in reaction.wordings]
    assert reply.text in all_wordings


def test_an_unreachable_server_falls_back(lunch: Scenario) -> None:
    voice = OpenAIVoice(VoiceSettings(base_url="http://127.0.0.1:9", model="m", timeout=2))
    try:
        r = Rehearsal(lunch, seed=1, analyzer=silent_analyzer, voice=voice)
    finally:
        voice.close()
    assert r.voice_failures == 1
    assert r.turns[0].text in lunch.opening


def test_settings_come_from_flags_then_the_environment() -> None:
    env = {"CLEARAIR_LLM_BASE_URL": "http://env/v1/", "CLEARAIR_LLM_MODEL": "m1", "CLEARAIR_LLM_API_KEY": "e"}
    s = VoiceSettings.resolve(environ=env)
    assert (s.base_url, s.model, s.api_key) == ("http://env/v1", "m1", "e")
    s = VoiceSettings.resolve(base_url="http://flag", model="m2", api_key="f", environ=env)
    assert (s.base_url, s.model, s.api_key) == ("http://flag", "m2", "f")
    with pytest.raises(ValueError, match="base URL and a model"):
        VoiceSettings.resolve(environ={})


def test_placeholders() -> None:
    holders = Placeholders(["Ana", "Ana Lopez", ""])
    hidden = holders.hide("Ana Lopez met Ana and Anabel.")
    assert hidden == "[PERSON2] met [PERSON1] and Anabel."
    assert holders.restore(hidden) == "Ana Lopez met Ana and Anabel."
    assert names_in("On Tuesday I met Claire at Rosa's. I said sorry.") == {"Claire", "Rosa"}


def test_stage_directions_and_quotes_start_sentences() -> None:
    assert names_in('*sighs* Can we talk to Ruth? "Fine," she said to Omar.') == {"Ruth", "Omar"}
