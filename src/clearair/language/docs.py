"""Documentation generated from the rule data (docs/labels.md).

python -m clearair.language.docs > docs/labels.md
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clearair.language.ruleset import Rule

HEADER = """\
# Labels

<!-- Generated from src/clearair/language/rules/*.yaml by
     `python -m clearair.language.docs > docs/labels.md`; a test fails when stale. -->

Each sentence of a draft gets zero or more labels. A **problem** undermines
trust or safety; a **strength** is part of an effective apology or a safe
conversation. The ids are a public contract (CLI, JSON, web, API).
`clearair rules` prints the same list in the terminal.

| label | kind | weight | what it is |
|---|---|---|---|
"""


def rules_as_dicts(rules: Sequence[Rule]) -> list[dict[str, Any]]:
    return [
        {
            "label": r.label,
            "kind": r.kind,
            "title": r.title,
            "weight": r.weight,
            "message": r.message,
            "suggestion": r.suggestion,
            "examples": {"flag": list(r.flag_examples), "pass": list(r.pass_examples)},
        }
        for r in rules
    ]


def labels_markdown(rules: Sequence[Rule], examples: int = 5) -> str:
    out = [HEADER]
    for r in rules:
        out.append(f"| [`{r.label}`](#{r.label}) | {r.kind} | {r.weight:g} | {r.title} |\n")
    for r in rules:
        out.append(f"\n## {r.label}\n\n*{r.kind}, weight {r.weight:g}: {r.title}*\n\n")
        out.append(f"{r.message}\n\n**Suggestion:** {r.suggestion}\n\n")
        out.append("Flagged:\n\n" + "".join(f"- {t}\n" for t in r.flag_examples[:examples]))
        out.append("\nNot flagged:\n\n" + "".join(f"- {t}\n" for t in r.pass_examples[:examples]))
    return "".join(out)


def main() -> None:
    from clearair.language.engine import default_analyzer

    print(labels_markdown(default_analyzer().rules), end="")


if __name__ == "__main__":
    main()
