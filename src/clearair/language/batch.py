"""The JSONL batch contract of ``clearair check --jsonl``.

Each input line is a JSON object with ``text`` (a string) and an optional
``id`` (any JSON value). Each output line is ``{"id", "score", "verdict",
"findings"}`` in input order; a bad line gives ``{"id", "line", "error"}`` in
its place and the rest go on. Lines are read and written one at a time, so
memory stays constant whatever the size of the input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from clearair.language.engine import Analyzer


@dataclass
class BatchStats:
    lines: int = 0
    errors: int = 0


def _error(item_id: Any, number: int, message: str) -> dict[str, Any]:
    return {"id": item_id, "line": number, "error": message}


def process_line(analyzer: Analyzer, raw: bytes, number: int, kind: str = "auto") -> dict[str, Any]:
    """Turn one input line into one output object (a result or an error)."""
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return _error(None, number, f"not valid UTF-8 at byte offset {exc.start} of the line")
    if not line.strip():
        return _error(None, number, "empty line; expected a JSON object with a 'text' string")
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(None, number, f"not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(item, dict):
        return _error(None, number, "expected a JSON object with a 'text' string")
    item_id = item.get("id")
    if "text" not in item:
        return _error(item_id, number, "missing field 'text'")
    text = item["text"]
    if not isinstance(text, str):
        return _error(item_id, number, f"field 'text' must be a string, not {type(text).__name__}")
    report = analyzer.check(text, kind=kind)
    return {
        "id": item_id,
        "score": report.score,
        "verdict": report.verdict,
        "findings": [f.to_dict() for f in report.findings],
    }


def run(
    analyzer: Analyzer, lines: Iterable[bytes], kind: str = "auto", stats: BatchStats | None = None
) -> Iterator[str]:
    """Yield one output JSON line (without newline) per input line."""
    stats = stats if stats is not None else BatchStats()
    for number, raw in enumerate(lines, 1):
        result = process_line(analyzer, raw.rstrip(b"\r\n"), number, kind)
        stats.lines += 1
        if "error" in result:
            stats.errors += 1
        yield json.dumps(result, ensure_ascii=False)
