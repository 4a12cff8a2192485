"""Load test: many concurrent clients against a real ``clearair serve`` on loopback.

    .venv/bin/python benchmarks/load.py                      # 20 clients, 15 s per target
    .venv/bin/python benchmarks/load.py --clients 50 --duration 30 --json

It starts ``clearair serve`` in a subprocess on a free port with a fresh
home directory, signs in with the one-time link it prints (for the home
page) and uses the bearer API token (for ``POST /api/v1/check`` with a
150-word draft, a different one each time so the app's cache of recent
analyses never answers). Each client sends its next request as soon as the previous
one is answered, for a bounded time. It reports requests per second and the
p50/p95/p99 latency per target, and counts every non-200 answer or transport
error as an error. The clients run in this process on the same machine, so
they take CPU from the server: the numbers are a floor, not a ceiling.

Target (issue 4): p95 under 100 ms for the check at 20 concurrent clients on
a 2-core machine, with no error.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

#: A 150-word apology with problems and strengths, like a real draft.
DRAFT = (
    "Hi Priya, I'm really sorry that I missed our call on Tuesday and did not let you know. "
    "That was my mistake, and it left you waiting for twenty minutes before your client meeting. "
    "You had to explain the delay to your manager because of me. I was swamped with the release, "
    "but that is no excuse. I should have checked my calendar before the day started. "
    "I have already moved our call to Thursday at ten and sent you the notes you needed. "
    "From now on I will confirm every call the day before and set two reminders. "
    "If you want to know how it happened, I can tell you, but you don't need to answer right away. "
    "How can I make this up to you? I hope you can forgive me. Thanks for your patience "
    "with me this week, and again, I'm sorry for the trouble. Talk soon, Alex."
)

TARGET_P95_MS = 100.0


def check_body(n: int) -> bytes:
    """The draft with one number changed, so that no two requests send the same text
    (the app keeps a small cache of recent analyses; the benchmark must not hit it)."""
    return json.dumps({"text": DRAFT.replace("twenty", str(n + 20), 1)}).encode()


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(p: float) -> float:
            if not lat:
                return float("nan")
            return lat[min(n - 1, round(p / 100 * (n - 1)))] * 1000

        return {
            "target": self.name,
            "requests": n + self.errors,
            "errors": self.errors,
            "rps": round(n / self.elapsed, 1) if self.elapsed else 0.0,
            "p50_ms": round(pct(50), 1),
            "p95_ms": round(pct(95), 1),
            "p99_ms": round(pct(99), 1),
            "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else float("nan"),
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(port: int, home: Path, api_token: str) -> tuple[subprocess.Popen[str], str]:
    """Run ``clearair serve`` and return the process and the one-time sign-in link."""
    env = dict(os.environ, CLEARAIR_HOME=str(home), CLEARAIR_API_TOKEN=api_token)
    env.pop("CLEARAIR_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "clearair", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    link = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.search(r"(http://\S+/login/token\?token=\S+)", line)
        if match:
            link = match.group(1)
        if "Ctrl+C" in line:
            break
    if not link:
        proc.kill()
        raise RuntimeError("clearair serve did not print its sign-in link")
    base = link.split("/login/")[0]
    for _ in range(200):  # wait until it accepts connections
        try:
            httpx.get(f"{base}/static/app.css", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    return proc, link


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    The load generator shares the machine with the server, so it uses as
    little CPU per request as possible (a full client library costs more than
    the server's own work on the smaller pages).
    """

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.extra}"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode("latin-1") + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length = -1
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        if length < 0:
            raise ConnectionError("no Content-Length in the answer")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def run_clients(
    name: str,
    base: str,
    clients: int,
    duration: float,
    method: str,
    path: str,
    body: Callable[[int], bytes],
    headers: dict[str, str],
) -> Result:
    host, port = base.removeprefix("http://").split(":")
    result = Result(name)
    connections = [Connection(host, int(port), headers) for _ in range(clients)]
    status, _ = await connections[0].request(method, path, body(0))  # warm-up
    if status != 200:
        raise RuntimeError(f"{name}: warm-up request answered {status}")
    stop = time.perf_counter() + duration
    counter = itertools.count(1)

    async def worker(conn: Connection) -> None:
        while time.perf_counter() < stop:
            payload = body(next(counter))
            t0 = time.perf_counter()
            try:
                status, _ = await conn.request(method, path, payload)
                ok = status == 200
            except (OSError, ValueError, asyncio.IncompleteReadError):
                ok = False
                conn.close()
                conn.reader = conn.writer = None
            if ok:
                result.latencies.append(time.perf_counter() - t0)
            else:
                result.errors += 1

    t_start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    result.elapsed = time.perf_counter() - t_start
    for c in connections:
        c.close()
    return result


async def main_async(args: argparse.Namespace) -> list[dict[str, Any]]:
    api_token = secrets.token_urlsafe(32)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="clearair-load-") as home:
        proc, link = start_server(port, Path(home), api_token)
        base = link.split("/login/")[0]
        try:
            signin = httpx.get(link, follow_redirects=False)
            if signin.status_code != 303:
                raise RuntimeError(f"sign-in failed: {signin.status_code}")
            session = signin.cookies.get("clearair_session")
            results: list[dict[str, Any]] = []
            if args.target in ("check", "both"):
                r = await run_clients(
                    f"POST /api/v1/check ({len(DRAFT.split())} words)",
                    base,
                    args.clients,
                    args.duration,
                    "POST",
                    "/api/v1/check",
                    check_body,
                    {"Authorization": f"Bearer {api_token}", "Content-Type": "application/json"},
                )
                results.append(r.summary())
            if args.target in ("home", "both"):
                r = await run_clients(
                    "GET / (home page)",
                    base,
                    args.clients,
                    args.duration,
                    "GET",
                    "/",
                    lambda _: b"",
                    {"Cookie": f"clearair_session={session}"},
                )
                results.append(r.summary())
            return results
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per target (15)")
    parser.add_argument("--target", choices=["check", "home", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    words = len(DRAFT.split())
    results = asyncio.run(main_async(args))
    if args.json:
        print(
            json.dumps(
                {
                    "clients": args.clients,
                    "duration_s": args.duration,
                    "draft_words": words,
                    "cpus": os.cpu_count(),
                    "results": results,
                },
                indent=2,
            )
        )
    else:
        print(
            f"{args.clients} clients, {args.duration:g} s per target, {os.cpu_count()} CPUs, "
            f"draft of {words} words\n"
        )
        print(f"{'target':<32} {'req':>7} {'err':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
        for r in results:
            print(
                f"{r['target']:<32} {r['requests']:>7} {r['errors']:>4} {r['rps']:>7} "
                f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r['p99_ms']:>7}"
            )
    check = next((r for r in results if r["target"].startswith("POST /api/v1/check")), None)
    failed = any(r["errors"] for r in results)
    if check is not None and args.clients == 20:
        verdict = "met" if check["p95_ms"] < TARGET_P95_MS and not failed else "NOT met"
        if not args.json:
            print(f"\ntarget (check p95 < {TARGET_P95_MS:g} ms at 20 clients, no error): {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
