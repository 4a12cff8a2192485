from __future__ import annotations

from pathlib import Path

import pytest

from clearair.language.ruleset import LABELS, RuleError, load_rules

GOOD = """\
label: {label}
kind: {kind}
title: A title
weight: 10
message: A message that is long enough to explain why.
suggestion: Say it another way.
patterns:
  - name: p
    match: |-
      {match}
examples:
  flag: ["x"]
  pass: ["y"]
"""


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_builtin_rules_cover_the_28_labels_in_contract_order() -> None:
    assert tuple(rule.label for rule in load_rules()) == LABELS
    assert len(LABELS) == 28


def test_error_names_file_and_field(tmp_path: Path) -> None:
    write(
        tmp_path,
        "excuse.yaml",
        GOOD.format(label="excuse", kind="problem", match="but").replace("weight: 10", "weight: -3"),
    )
    with pytest.raises(RuleError, match=r"excuse\.yaml: field 'weight'"):
        load_rules(tmp_path, require_all=False)


def test_unknown_label_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "x.yaml", GOOD.format(label="rudeness", kind="problem", match="x"))
    with pytest.raises(RuleError, match=r"x\.yaml: field 'label': .*unknown label 'rudeness'"):
        load_rules(tmp_path, require_all=False)


def test_bad_regex_names_the_pattern(tmp_path: Path) -> None:
    write(tmp_path, "excuse.yaml", GOOD.format(label="excuse", kind="problem", match="(unclosed"))
    with pytest.raises(
        RuleError, match=r"excuse\.yaml: field 'patterns\.0\.match': invalid regular expression"
    ):
        load_rules(tmp_path, require_all=False)


def test_unknown_macro_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "excuse.yaml", GOOD.format(label="excuse", kind="problem", match="{NOPE}"))
    with pytest.raises(RuleError, match=r"unknown macro \{NOPE\}"):
        load_rules(tmp_path, require_all=False)


def test_macros_expand_from_lexicon_files(tmp_path: Path) -> None:
    write(tmp_path, "_lexicon.yaml", "macros:\n  BUT: |-\n    (?:but|though)\n")
    write(tmp_path, "excuse.yaml", GOOD.format(label="excuse", kind="problem", match=r"\b{BUT}\b"))
    (rule,) = load_rules(tmp_path, require_all=False)
    assert rule.patterns[0].regex.search("sorry, though")


def test_duplicate_label_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.format(label="excuse", kind="problem", match="x"))
    write(tmp_path, "b.yaml", GOOD.format(label="excuse", kind="problem", match="y"))
    with pytest.raises(RuleError, match=r"b\.yaml: field 'label': 'excuse' is already defined in a\.yaml"):
        load_rules(tmp_path, require_all=False)


def test_missing_labels_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "excuse.yaml", GOOD.format(label="excuse", kind="problem", match="x"))
    with pytest.raises(RuleError, match="no rule file for label"):
        load_rules(tmp_path)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "excuse.yaml", "label: [unclosed\n")
    with pytest.raises(RuleError, match=r"excuse\.yaml: not valid YAML"):
        load_rules(tmp_path, require_all=False)
