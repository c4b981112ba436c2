"""Hand-run benchmark of ``patchwire serve`` against a bare Starlette app (not part of pytest).

Seeds a fresh store with many sources, starts both servers on loopback, and measures cold
start, getSource throughput and p99 next to the bare endpoint (same run, same uvicorn
stack), listSources latency on page 1 vs a deep page, and server memory. ``--profile``
instead hammers getSource under py-spy and prints where the time goes.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.metadata
import os
import platform
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from harness import Bench
from loadgen import require_wrk
from profile_run import profile
from profiling import require_py_spy
from report import print_report, targets, write_results
from rich.console import Console
from seeding import PostgresDatabase, sqlite_url

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    pass


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=_HelpFormatter)
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="store: a SQLite file in a temp dir, or a throw-away PostgreSQL database",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("PATCHWIRE_BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="admin URL of a local server; a database with a random name is made and dropped "
        "($PATCHWIRE_BENCH_POSTGRES overrides the default)",
    )
    parser.add_argument("--sources", type=int, default=100_000, help="sources to seed")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of discarded warm-up")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--driver",
        choices=["wrk", "httpx"],
        default="wrk",
        help="load generator; httpx is a bounded async Python fallback (it shares the CPUs)",
    )
    parser.add_argument("--list-page", type=int, default=500, help="deep listSources page")
    parser.add_argument("--list-samples", type=int, default=200, help="requests per page")
    parser.add_argument(
        "--skip-info", action="store_true", help="skip the run at the default info log level"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile getSource under py-spy instead"
    )
    parser.add_argument("--profile-rate", type=int, default=200, help="py-spy samples/s")
    args = parser.parse_args(argv)
    for name in ("sources", "connections", "threads", "list_page", "list_samples"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if not 1 <= args.duration <= 120 or args.warmup < 0 or args.warmup > 30:
        parser.error("--duration must be 1..120 s and --warmup 0..30 s")
    if args.connections > 1024 or args.threads > args.connections:
        parser.error("--connections at most 1024, and at least --threads")
    return args


def _sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _meta(args: argparse.Namespace) -> dict[str, Any]:
    def version(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        check=False,
    ).stdout.strip()
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit or None,
        "backend": args.backend,
        "sources": args.sources,
        "driver": args.driver,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "connections": args.connections,
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "uvicorn": version("uvicorn"),
        "loop": "uvloop " + (version("uvloop") or "") if version("uvloop") else "asyncio",
        "http": "httptools " + (version("httptools") or "") if version("httptools") else "h11",
        "sqlalchemy": version("sqlalchemy"),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 120)
    if args.driver == "wrk":
        require_wrk()
    if args.profile:
        require_py_spy()
    signal.signal(signal.SIGTERM, _sigterm)
    database = PostgresDatabase(args.postgres_url) if args.backend == "postgres" else None
    with tempfile.TemporaryDirectory(prefix="patchwire-bench-") as tmp:
        bench = Bench(args, Path(tmp), console)
        try:
            if database is not None:
                asyncio.run(database.create())
                url = database.url
            else:
                url = sqlite_url(Path(tmp))
            store = bench.seed(url)
            meta = _meta(args)
            if args.profile:
                results = {"meta": meta, **profile(bench, store)}
                written = write_results(results, f"profile-{args.backend}")
            else:
                results = {"meta": meta, **bench.benchmark(store)}
                results["targets"] = [t.as_dict() for t in targets(results)]
                meta["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
                print_report(results, console)
                written = write_results(results, "latest")
        except KeyboardInterrupt:
            console.print("interrupted; cleaning up")
            return 130
        finally:
            bench.stop_all()
            if database is not None:
                asyncio.run(database.drop())
    console.print("results: " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
