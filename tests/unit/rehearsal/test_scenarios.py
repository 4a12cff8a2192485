"""Scenarios are data: the built-ins load, and bad files are reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clearair.rehearsal.scenario import (
    Library,
    ScenarioLoadError,
    builtin_dir,
    load_library,
    parse_scenario,
)
from clearair.rehearsal.signals import SIGNALS


def test_the_builtin_scenarios_load_without_errors(library: Library) -> None:
    assert library.errors == ()
    assert len(library.scenarios) >= 8
    assert {
        "missed-lunch",
        "wrong-email",
        "client-mistake",
        "missed-deadlines",
        "peer-cries",
        "blames-back",
        "broken-promise",
        "tell-the-team",
    } <= set(library.ids)


def test_every_persona_style_is_used(library: Library) -> None:
    styles = {s.persona.style for s in library.scenarios}
    assert styles == {"goes-quiet", "pushes-back", "cries", "blames-back", "agrees-too-fast"}


def test_decks_have_several_wordings_and_known_signals(library: Library) -> None:
    for scenario in library.scenarios:
        for reaction in scenario.reactions:
            assert len(reaction.wordings) >= 2, (scenario.id, reaction.id)
            assert set(reaction.trigger.any) <= SIGNALS


def _good_text() -> str:
    return (builtin_dir() / "missed-lunch.yaml").read_text(encoding="utf-8")


def _errors(text: str) -> list[str]:
    with pytest.raises(ScenarioLoadError) as info:
        parse_scenario(text, "broken.yaml")
    return [str(e) for e in info.value.errors]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_bad_style_names_file_line_and_field() -> None:
    text = _good_text().replace("style: pushes-back", "style: sulks")
    (error,) = _errors(text)
    line = _line_of(text, "style: sulks")
    assert error.startswith(f"broken.yaml:{line}: persona.style: ")
    assert "goes-quiet" in error


def test_a_missing_field_is_reported_at_its_section() -> None:
    text = _good_text().replace("  their_role: Priya, a close friend and former colleague.\n", "")
    (error,) = _errors(text)
    assert error == f"broken.yaml:{_line_of(text, 'brief:')}: brief.their_role: is required"


def test_an_unknown_signal_in_a_trigger_is_reported_on_its_line() -> None:
    text = _good_text().replace("trigger: {any: [blame-shift,", "trigger: {any: [blame-shfit,")
    (error,) = _errors(text)
    line = _line_of(text, "blame-shfit")
    assert error.startswith(f"broken.yaml:{line}: reactions[2].trigger.any: ")
    assert "blame-shfit" in error


def test_a_misspelled_field_is_reported() -> None:
    text = _good_text().replace("  start_safety: 40", "  start_safty: 40")
    (error,) = _errors(text)
    assert error.startswith(f"broken.yaml:{_line_of(text, 'start_safty')}: persona.start_safty: ")


def test_invalid_yaml_reports_the_line() -> None:
    text = _good_text().replace("kind: apology", "kind: [apology")
    (error,) = _errors(text)
    assert error.startswith("broken.yaml:")
    assert "not valid YAML" in error


def test_a_deck_without_a_roadbump_is_rejected() -> None:
    data = yaml.safe_load(_good_text())
    data["reactions"] = [r for r in data["reactions"] if r["kind"] == "flash"]
    (error,) = _errors(yaml.safe_dump(data))
    assert "roadbump" in error


def test_a_bad_file_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    good = yaml.safe_load(_good_text())
    good["id"] = "my-own"
    (tmp_path / "a-good.yaml").write_text(yaml.safe_dump(good), encoding="utf-8")
    (tmp_path / "b-bad.yaml").write_text(
        _good_text().replace("kind: apology", "kind: chat"), encoding="utf-8"
    )
    (tmp_path / "c-dup.yaml").write_text(_good_text(), encoding="utf-8")
    library = load_library(tmp_path)
    assert "my-own" in library.ids
    assert len(library.scenarios) >= 9
    messages = [str(e) for e in library.errors]
    assert len(messages) == 2
    assert messages[0].startswith(f"{tmp_path / 'b-bad.yaml'}:")
    assert ": kind: " in messages[0]
    assert "duplicate id 'missed-lunch'" in messages[1]


def test_a_missing_directory_is_an_error_not_a_crash(tmp_path: Path) -> None:
    library = load_library(tmp_path / "nope")
    assert library.scenarios
    assert "not a directory" in str(library.errors[0])


def test_every_name_in_the_lines_is_listed_for_the_voice(library: Library) -> None:
    from clearair.rehearsal.voice import names_in

    for s in library.scenarios:
        decks = [s.opening, s.hidden_concern.wordings, s.end.agreement.wordings, s.end.walk_out.wordings]
        decks += [s.replies.guarded, s.replies.neutral, s.replies.open, *(r.wordings for r in s.reactions)]
        found = set().union(*(names_in(w) for deck in decks for w in deck))
        assert found <= set(s.names), f"{s.id}: list {sorted(found - set(s.names))} in brief.names"
