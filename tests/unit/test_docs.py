"""The docs tell the truth: generated references are fresh, commands documented."""

from __future__ import annotations

from pathlib import Path

from clearair.language import docs
from clearair.language.engine import default_analyzer

ROOT = Path(__file__).resolve().parents[2]


def test_labels_doc_is_generated_from_the_rules() -> None:
    expected = docs.labels_markdown(default_analyzer().rules)
    actual = (ROOT / "docs/labels.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/labels.md is stale: run `make docs`"
