"""Every rule carries must-flag and must-pass examples, and they hold."""

from __future__ import annotations

import pytest

from clearair.language.engine import default_analyzer
from clearair.language.ruleset import LABELS, MIN_EXAMPLES, load_rules

RULES = {rule.label: rule for rule in load_rules()}


@pytest.mark.parametrize("label", LABELS)
def test_rule_has_enough_examples(label: str) -> None:
    rule = RULES[label]
    assert len(rule.flag_examples) >= MIN_EXAMPLES, f"{rule.source}: too few 'flag' examples"
    assert len(rule.pass_examples) >= MIN_EXAMPLES, f"{rule.source}: too few 'pass' examples"


@pytest.mark.parametrize("label", LABELS)
def test_flag_examples_are_flagged(label: str) -> None:
    analyzer = default_analyzer()
    missed = [t for t in RULES[label].flag_examples if label not in analyzer.labels(t)]
    assert not missed, f"{RULES[label].source}: not flagged as {label}: {missed}"


@pytest.mark.parametrize("label", LABELS)
def test_pass_examples_pass(label: str) -> None:
    analyzer = default_analyzer()
    wrong = [t for t in RULES[label].pass_examples if label in analyzer.labels(t)]
    assert not wrong, f"{RULES[label].source}: wrongly flagged as {label}: {wrong}"
