"""Throughput: `clearair check` versus `proselint check` on the same 1 MB text.

    .venv/bin/python benchmarks/throughput.py [--size BYTES] [--runs N]

Both run as their command-line tools, pinned to one core (taskset), on the
same generated text (development-corpus sentences shuffled into paragraphs);
proselint with an uncapped configuration so it reports every error (the
benchmark checks that it did). clearair runs from byte-code, as an installed
package does, after one untimed run that builds its analyzer cache. The two
take turns, run by run. Prints words per second for each and the ratio. Needs the bench extra (proselint):
`make bench` installs it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bytecode, generated_text, median, one_core, timed, tool


def proselint_errors(cmd: list[str]) -> int:
    """How many errors proselint reports; stops unless its uncapped JSON came out.

    Proof that the configuration took effect: the output must be proselint's
    JSON document, and the count must not sit at its default cap of 1,000.
    """
    done = subprocess.run(cmd, capture_output=True, check=False)
    try:
        files = json.loads(done.stdout)["result"]
    except (ValueError, KeyError) as exc:
        raise SystemExit(f"proselint did not print its JSON output: {exc}") from exc
    count = sum(len(found["diagnostics"]) for found in files.values())
    if count == 1_000:
        raise SystemExit("proselint reported exactly 1,000 errors: its cap, not the whole text")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of text (default 1 MB)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        text = generated_text(args.size)
        path = Path(tmp) / "sample.txt"
        path.write_text(text, encoding="utf-8")
        config = Path(tmp) / "proselintrc.json"
        config.write_text(json.dumps({"max_errors": 1_000_000_000}), encoding="utf-8")
        words = len(text.split())
        clearair_cmd = one_core([tool("clearair"), "check", str(path), "--format", "json"])
        bytecode()
        timed(clearair_cmd, 1)  # builds the analyzer cache if the rules changed since the last run
        proselint_cmd = one_core(
            [
                tool("proselint"),
                # The options go after the subcommand: given before it, proselint
                # 0.16's subcommand parser resets them to their defaults, and the
                # run silently stops at the default cap of 1,000 errors.
                "check",
                "--config",
                str(config),
                "--output-format",
                "json",
                str(path),
            ]
        )
        # The two tools take turns, run by run, so that a change in the shared
        # machine's load between runs weighs on both alike.
        clearair_times: list[float] = []
        proselint_times: list[float] = []
        for _ in range(args.runs):
            clearair_times += timed(clearair_cmd, 1)
            proselint_times += timed(proselint_cmd, 1, ok=(0, 1))  # exits 1 on errors
        clearair, proselint = median(clearair_times), median(proselint_times)
        reported = proselint_errors(proselint_cmd)
    from clearair.language.segment import sentences

    found = [s.text for s in sentences(text)]
    print(f"text: {len(text.encode('utf-8')):,} bytes, {words:,} words; median of {args.runs} runs, one core")
    print(
        f"sentences: {len(found):,}, {len(set(found)):,} distinct "
        "(corpus texts recur; clearair analyzes each distinct sentence once per run)"
    )
    print(f"clearair check : {clearair:7.2f} s  {words / clearair:>10,.0f} words/s")
    print(
        f"proselint check: {proselint:7.2f} s  {words / proselint:>10,.0f} words/s"
        f"  ({reported:,} errors reported, uncapped)"
    )
    print(f"ratio: clearair's speed / proselint's = {proselint / clearair:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
