"""Cold start: `clearair check` of a three-sentence draft, and `clearair --help`,
against `proselint check` of the same file.

    .venv/bin/python benchmarks/coldstart.py [--runs N]

Each command is a fresh process; prints the median wall-clock time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bytecode, median, timed, tool

DRAFT = (
    "I'm sorry I missed our lunch and left you waiting for an hour. "
    "That's on me. Can I take you out on Friday to make it up to you?\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.txt"
        path.write_text(DRAFT, encoding="utf-8")
        rows = [
            ("clearair --help", [tool("clearair"), "--help"]),
            ("clearair check draft.txt", [tool("clearair"), "check", str(path)]),
            ("proselint check draft.txt", [tool("proselint"), "check", str(path)]),
        ]
        bytecode()
        timed(rows[1][1], 1)  # warm the file cache and the analyzer cache once
        for name, cmd in rows:
            times = timed(cmd, args.runs, ok=(0, 1))  # proselint exits 1 when it finds errors
            print(f"{name:28} median {median(times) * 1000:7.0f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
