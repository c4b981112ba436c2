"""Where a getSource request spends its time: py-spy samples grouped by phase and by layer.

py-spy attaches to the running server (``--pid``), so the server runs exactly as in the
benchmark. Samples are ``--threads`` raw stacks: the event-loop thread's are attributed to
the innermost request phase on the stack (auth query, source query, …) and, separately, to
the library that owns the leaf frame (SQLAlchemy ORM, aiosqlite hand-off, uvicorn, …).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PY_SPY_MISSING = "py-spy is not installed: pip install py-spy (a local tool, not a project dep)"

# (phase, frame fragments), in priority order: a sample belongs to the first phase with a
# frame on its stack containing one of the fragments (BEGIN runs inside the auth query, the
# close inside the handler, so the narrower phases come first).
PHASES: list[tuple[str, tuple[str, ...]]] = [
    ("pool checkout + BEGIN", ("SessionTransaction._connection_for_bind (",)),
    ("session close (ROLLBACK, pool return)", ("AsyncSession.close (",)),
    ("auth query (authenticate)", ("authenticate (patchwire/resources/tokens/",)),
    ("source query (repository.get)", ("get (patchwire/resources/sources/repository.py",)),
    ("write keys + labels queries (views)", ("views (patchwire/resources/sources/repository.py",)),
    ("wire dict (source_out)", ("source_out (",)),
    ("JSON encode (render)", ("patchwire/surfaces/public/render.py",)),
    ("rate limiter", ("patchwire/core/ratelimit.py",)),
    ("logging", ("logging/",)),
    (
        "routing, media type, auth header, body",
        ("patchwire/core/routing.py", "patchwire/core/media.py", "_read_body (", "bearer_secret ("),
    ),
    (
        "other patchwire request code",
        ("patchwire/surfaces/", "patchwire/resources/", "patchwire/core/", "patchwire/app.py"),
    ),
    ("response send (starlette)", ("starlette/",)),
    ("HTTP parsing, ASGI cycle (uvicorn, httptools)", ("uvicorn/",)),
    # SQLAlchemy's sync code runs in a greenlet whose frames do not chain to the request's,
    # and a driver coroutine resumed by the loop shows only its own frames.
    ("DB work, caller not on the stack (greenlet)", ("sqlalchemy/", "aiosqlite/", "asyncpg/")),
]

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("SQLAlchemy statement building (sql)", ("sqlalchemy/sql/",)),
    ("SQLAlchemy ORM", ("sqlalchemy/orm/",)),
    ("SQLAlchemy engine, pool, results", ("sqlalchemy/engine/", "sqlalchemy/pool/")),
    (
        "SQLAlchemy async bridge (greenlet, adapters)",
        ("sqlalchemy/util/", "sqlalchemy/connectors/", "sqlalchemy/ext/", "sqlalchemy/dialects/"),
    ),
    ("SQLAlchemy events", ("sqlalchemy/event/",)),
    ("aiosqlite hand-off (main-thread side)", ("aiosqlite/",)),
    ("asyncpg", ("asyncpg/",)),
    ("uvicorn, httptools", ("uvicorn/", "httptools/")),
    ("starlette", ("starlette/",)),
    ("patchwire", ("patchwire/",)),
    ("logging", ("logging/",)),
    ("asyncio", ("asyncio/",)),
]
LOOP_C = "uvloop C code (socket I/O, callbacks)"


@dataclass(slots=True)
class Profile:
    """GIL-holding samples (py-spy ``--gil``): time the interpreter spent running code."""

    rate: int
    requests: int
    cpu: dict[str, float] = field(default_factory=dict)
    main_samples: int = 0
    worker_samples: int = 0
    phases: Counter[str] = field(default_factory=Counter)
    layers: Counter[str] = field(default_factory=Counter)
    leaves: Counter[str] = field(default_factory=Counter)

    def us_per_request(self, samples: int) -> float:
        return samples / self.rate / max(1, self.requests) * 1e6

    def as_dict(self) -> dict[str, Any]:
        def table(counts: Counter[str], top: int) -> list[dict[str, Any]]:
            return [
                {
                    "name": name,
                    "share": round(n / max(1, self.main_samples), 4),
                    "us_per_request": round(self.us_per_request(n), 1),
                }
                for name, n in counts.most_common(top)
            ]

        return {
            "rate_hz": self.rate,
            "requests": self.requests,
            "cpu_us_per_request": self.cpu,
            "gil_held_us_per_request": {
                "event_loop_thread": round(self.us_per_request(self.main_samples), 1),
                "db_worker_threads": round(self.us_per_request(self.worker_samples), 1),
            },
            "phases": table(self.phases, 20),
            "layers": table(self.layers, 20),
            "top_self": table(self.leaves, 15),
        }


def require_py_spy() -> str:
    path = shutil.which("py-spy")
    if path is None:
        raise SystemExit(PY_SPY_MISSING)
    return path


def start_py_spy(pid: int, seconds: float, rate: int, out: Path) -> subprocess.Popen[bytes]:
    """Attach to ``pid``; ``--gil`` keeps only samples of the thread holding the GIL, so idle
    waits (epoll, queue gets, GIL waits) drop out and what remains is interpreter work."""
    command = [
        require_py_spy(),
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(max(1, round(seconds))),
        "--rate",
        str(rate),
        "--gil",
        "--threads",
        "--nonblocking",
        "--format",
        "raw",
        "--output",
        str(out),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def thread_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of each thread of ``pid``, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(tid)] = (int(fields[11]) + int(fields[12])) / ticks
    return out


def cpu_per_request(
    pid: int, before: dict[int, float], after: dict[int, float], requests: int
) -> dict[str, float]:
    """Event-loop thread (tid == pid) vs all other threads (aiosqlite workers, …)."""
    spent = {tid: after[tid] - before.get(tid, 0.0) for tid in after}
    main = spent.pop(pid, 0.0)
    per = 1e6 / max(1, requests)
    return {
        "event_loop_thread": round(main * per, 1),
        "other_threads": round(sum(spent.values()) * per, 1),
    }


def _first_match(frames: list[str], rules: list[tuple[str, tuple[str, ...]]]) -> str | None:
    for name, fragments in rules:
        if any(fragment in frame for frame in frames for fragment in fragments):
            return name
    return None


def analyse(raw: Path, rate: int, requests: int, cpu: dict[str, float]) -> Profile:
    profile = Profile(rate=rate, requests=requests, cpu=cpu)
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        thread, *frames = stack.split(";")
        if "MainThread" not in thread:
            profile.worker_samples += count
            continue
        profile.main_samples += count
        leaf = frames[-1] if frames else thread
        profile.leaves[leaf] += count
        profile.phases[_first_match(frames, PHASES) or "event loop (no request frame)"] += count
        layer = _first_match(frames[-1:], LAYERS) if frames else None
        if layer is None:
            layer = LOOP_C if leaf.startswith("Runner.run (") else "other (stdlib, C)"
        profile.layers[layer] += count
    return profile


def format_profile(profile: Profile) -> list[str]:
    data = profile.as_dict()
    cpu, gil = data["cpu_us_per_request"], data["gil_held_us_per_request"]
    lines = [
        f"{profile.requests} getSource requests profiled; per request:",
        f"  CPU (/proc): event-loop thread {cpu.get('event_loop_thread', 0):.0f} us, "
        f"other threads (DB workers) {cpu.get('other_threads', 0):.0f} us",
        f"  GIL held (py-spy --gil, {profile.rate} Hz): event-loop thread "
        f"{gil['event_loop_thread']:.0f} us, DB worker threads {gil['db_worker_threads']:.0f} us",
        "  shares below are of the event-loop thread's GIL-held samples",
    ]
    for title, key in (
        ("by request phase (innermost)", "phases"),
        ("by layer (leaf frame)", "layers"),
        ("top self time", "top_self"),
    ):
        lines.append(f"-- {title}")
        for row in data[key]:
            lines.append(
                f"  {row['share'] * 100:5.1f}%  {row['us_per_request']:7.0f} us  {row['name']}"
            )
    return lines
