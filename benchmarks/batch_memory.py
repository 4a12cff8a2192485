"""Batch mode memory: maximum resident memory of `clearair check --jsonl` by input size.

    .venv/bin/python benchmarks/batch_memory.py [--sizes BYTES ...]

Writes JSONL files of development-corpus texts of each size and runs the
batch command on each in a fresh process; prints the maximum resident set
size and the wall time. Constant memory means the RSS stays flat as the
input grows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import corpus_sentences, tool

# Runs the command as its child and prints the child's peak RSS in kB.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500_000, 3_000_000])
    args = parser.parse_args()
    texts = corpus_sentences()
    print("| input | max RSS | time |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"batch-{size}.jsonl"
            written = 0
            with path.open("w", encoding="utf-8") as handle:
                n = 0
                while written < size:
                    line = json.dumps({"id": n, "text": texts[n % len(texts)]}) + "\n"
                    handle.write(line)
                    written += len(line.encode("utf-8"))
                    n += 1
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", _MEASURE, tool("clearair"), "check", "--jsonl", str(path)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            elapsed = time.perf_counter() - start
            if out[0] != "0":
                raise SystemExit(f"clearair check --jsonl exited with {out[0]}")
            print(f"| {size / 1e6:g} MB | {int(out[1]) / 1024:.1f} MB | {elapsed:.1f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
