"""Shared helpers for the benchmarks: the repository root, tools and timing."""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """Path of a console script installed beside this Python (the .venv)."""
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run `make bench` (installs the bench extra)")
    return found


def bytecode() -> None:
    """Compile clearair's modules to byte-code, as pip does for an installed
    package (proselint's are). This checkout is an editable install, and with
    PYTHONDONTWRITEBYTECODE set Python would compile every module at every
    start."""
    import compileall

    compileall.compile_dir(ROOT / "src", quiet=1)


def one_core(cmd: list[str]) -> list[str]:
    """Pin a command to one core when taskset exists."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", "0", *cmd] if taskset else cmd


def timed(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of ``cmd`` (output discarded).

    A run that exits with a status outside ``ok`` stops the benchmark with its
    error output: a crash must never pass for a fast run.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in ok:
            error = done.stderr.decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd)} exited with {done.returncode}:\n{error}")
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file; a bad line stops with its file and number."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: not JSON: {exc}") from exc


def load_items(directory: Path) -> list[dict[str, Any]]:
    """Every labelled item of a corpus directory (its pairs file aside)."""
    items: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        if path.name != "pairs.jsonl":
            items.extend(read_jsonl(path))
    return items


def corpus_sentences() -> list[str]:
    """Every text of the development corpus (a realistic mix of registers)."""
    return [str(item["text"]) for item in load_items(ROOT / "tests/data/corpus")]


def generated_text(size: int, seed: int = 7) -> str:
    """About ``size`` bytes of prose: corpus texts shuffled into paragraphs."""
    texts = corpus_sentences()
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(rng.choice(texts) for _ in range(5))
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts)
