"""Load over loopback: wrk with a Lua script (preferred), or a bounded async httpx driver."""

from __future__ import annotations

import asyncio
import json
import math
import random
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

WRK_MISSING = (
    "wrk is not installed. On Debian/Ubuntu: apt-get update && apt-get install -y wrk\n"
    "(or run with --driver httpx: slower, and the client then competes with the server)."
)

# One script for both targets: a fixed path, or a random id from a file per request.
# ``done`` prints one JSON line; latencies are in microseconds.
LUA = r"""
local counter = 0
local fixed, prefix, ids = nil, nil, {}

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0))
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  if args[2] == "ids" then
    prefix = args[3]
    for line in io.lines(args[4]) do ids[#ids + 1] = line end
  else
    fixed = wrk.format("GET", args[3])
  end
end

function request()
  if fixed then return fixed end
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True, slots=True)
class Target:
    """What to request: ``path``, or ``prefix`` + a random line of ``ids_file`` each time."""

    name: str
    path: str = "/"
    prefix: str | None = None
    ids_file: Path | None = None


@dataclass(frozen=True, slots=True)
class Load:
    seconds: float
    warmup: float
    connections: int
    threads: int


@dataclass(slots=True)
class LoadResult:
    target: str
    driver: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(WRK_MISSING)
    return path


def run_wrk(base_url: str, token: str, target: Target, load: Load, workdir: Path) -> LoadResult:
    """A warm-up run (discarded), then the measured one."""
    wrk = require_wrk()
    script = workdir / "bench.lua"
    script.write_text(LUA)
    if target.ids_file is not None and target.prefix is not None:
        lua_args = [token, "ids", target.prefix, str(target.ids_file)]
    else:
        lua_args = [token, "path", target.path]

    def once(seconds: float) -> dict[str, Any]:
        command = [
            wrk,
            f"-t{load.threads}",
            f"-c{load.connections}",
            f"-d{max(1, math.ceil(seconds))}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            base_url,
            "--",
            *lua_args,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
        for line in done.stdout.splitlines():
            if line.startswith("WRK_RESULT "):
                parsed: dict[str, Any] = json.loads(line.removeprefix("WRK_RESULT "))
                return parsed
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")

    if load.warmup > 0:
        once(load.warmup)
    raw = once(load.seconds)
    seconds = raw["duration_us"] / 1e6
    return LoadResult(
        target=target.name,
        driver="wrk",
        requests=raw["requests"],
        seconds=round(seconds, 3),
        rps=round(raw["requests"] / seconds, 1),
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors={k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]},
    )


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending sequence."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def run_httpx(
    base_url: str, token: str, target: Target, load: Load, ids: Sequence[str]
) -> LoadResult:
    """``load.connections`` coroutines, each with its own one-connection client (a shared
    pool serialises on its own bookkeeping at this concurrency), each until the deadline."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(_httpx(base_url, token, target, load, ids))
    result: LoadResult = uvloop.run(_httpx(base_url, token, target, load, ids))
    return result


async def _httpx(
    base_url: str, token: str, target: Target, load: Load, ids: Sequence[str]
) -> LoadResult:
    headers = {"Authorization": f"Bearer {token}"}
    rng = random.Random()

    def next_path() -> str:
        if target.prefix is not None:
            return target.prefix + rng.choice(ids)
        return target.path

    async def worker(
        client: httpx.AsyncClient, deadline: float, latencies: list[float], errors: dict[str, int]
    ) -> None:
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                response = await client.get(next_path())
            except httpx.TransportError:
                errors["transport"] = errors.get("transport", 0) + 1
                continue
            latencies.append(time.perf_counter() - sent)
            if response.status_code >= 400:
                errors["status"] = errors.get("status", 0) + 1

    clients = [
        httpx.AsyncClient(
            base_url=base_url,
            headers=headers,
            limits=httpx.Limits(max_connections=1),
            timeout=5.0,
        )
        for _ in range(load.connections)
    ]
    try:

        async def phase(seconds: float) -> tuple[list[float], dict[str, int], float]:
            latencies: list[float] = []
            errors: dict[str, int] = {}
            started = time.perf_counter()
            deadline = started + seconds
            await asyncio.gather(*(worker(c, deadline, latencies, errors) for c in clients))
            return latencies, errors, time.perf_counter() - started

        if load.warmup > 0:
            await phase(load.warmup)
        latencies, errors, elapsed = await phase(load.seconds)
    finally:
        for client in clients:
            await client.aclose()
    latencies.sort()
    return LoadResult(
        target=target.name,
        driver="httpx",
        requests=len(latencies),
        seconds=round(elapsed, 3),
        rps=round(len(latencies) / elapsed, 1),
        p50_ms=round(percentile(latencies, 50) * 1000, 3),
        p90_ms=round(percentile(latencies, 90) * 1000, 3),
        p99_ms=round(percentile(latencies, 99) * 1000, 3),
        max_ms=round(latencies[-1] * 1000, 3) if latencies else math.nan,
        errors=errors,
    )


def sequential_latencies(
    client: httpx.Client, paths: Sequence[str], samples: int
) -> dict[str, list[float]]:
    """``samples`` requests per path, interleaved (a, b, a, b…) so drift hits all equally."""
    out: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(samples):
        for path in paths:
            sent = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - sent
            response.raise_for_status()
            out[path].append(elapsed)
    return out
