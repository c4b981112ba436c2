"""``--profile``: where one getSource's time goes, under load (py-spy) and layer by layer."""

from __future__ import annotations

import shutil
import time
from typing import Any

from breakdown import layers, run_loop
from harness import Bench
from loadgen import Load, LoadResult, Target, run_httpx, run_wrk
from processes import Server, bare_command, free_port
from profiling import (
    Profile,
    analyse,
    cpu_per_request,
    format_profile,
    require_py_spy,
    start_py_spy,
    thread_cpu,
)
from report import RESULTS_DIR
from seeding import SeededStore


def _load(bench: Bench, server: Server, token: str, target: Target, load: Load) -> LoadResult:
    if bench.args.driver == "wrk":
        return run_wrk(server.base_url, token, target, load, bench.workdir)
    assert bench.store is not None
    return run_httpx(server.base_url, token, target, load, bench.store.source_ids)


def _under_py_spy(bench: Bench, server: Server, store: SeededStore) -> tuple[LoadResult, Profile]:
    args = bench.args
    target = bench.get_source_target()
    _load(
        bench,
        server,
        store.token,
        target,
        Load(max(1.0, args.warmup), 0, args.connections, args.threads),
    )
    raw = bench.workdir / "py-spy.txt"
    spy = start_py_spy(server.pid, args.duration + 1, args.profile_rate, raw)
    try:
        time.sleep(0.5)  # let py-spy attach before the load starts
        before = thread_cpu(server.pid)
        result = _load(
            bench,
            server,
            store.token,
            target,
            Load(args.duration, 0, args.connections, args.threads),
        )
        after = thread_cpu(server.pid)
        spy.wait(timeout=args.duration + 60)
    finally:
        if spy.poll() is None:
            spy.terminate()
            spy.wait(timeout=10)
    if not raw.exists():
        raise SystemExit("py-spy wrote no samples (is ptrace allowed here?)")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    kept = RESULTS_DIR / f"profile-{args.backend}.pyspy.txt"
    shutil.copyfile(raw, kept)
    bench.say(f"raw py-spy stacks (collapsed, flamegraph.pl input): {kept}")
    cpu = cpu_per_request(server.pid, before, after, result.requests)
    return result, analyse(raw, args.profile_rate, result.requests, cpu)


def profile(bench: Bench, store: SeededStore) -> dict[str, Any]:
    require_py_spy()
    port = free_port()
    bare = bench.start("bare", bare_command(port, "warning"), port, None)
    server = bench.patchwire(store, "warning")
    result, sampled = _under_py_spy(bench, server, store)

    bench.say("layer by layer: one connection, sequential requests")
    one = Load(3.0, 1.0, 1, 1)
    http = _load(bench, server, store.token, bench.get_source_target(), one)
    http_bare = _load(bench, bare, store.token, Target("bare GET /", path="/"), one)
    steps = run_loop(lambda: layers(store.url, store.token, store.source_ids))
    steps["http_one_connection_p50_us"] = round(http.p50_ms * 1000, 1)
    steps["bare_http_one_connection_p50_us"] = round(http_bare.p50_ms * 1000, 1)
    server.stop()
    bare.stop()

    console = bench.console
    for line in format_profile(sampled):
        console.print(line, highlight=False, markup=False)
    console.print("-- one getSource at a time (each line adds one layer)", highlight=False)
    driver = "sqlite3" if bench.args.backend == "sqlite" else "asyncpg"
    rows = [
        (f"same SQL on the bare driver ({driver})", steps["raw_driver_us"]),
        ("+ Patchwire's async engine (pool, greenlet, driver hand-off)", steps["async_engine_us"]),
        (
            "+ the app via ASGI in-process (statements, ORM, auth, JSON)",
            steps["asgi_in_process_us"],
        ),
        ("+ HTTP over loopback, 1 connection (wrk p50)", steps["http_one_connection_p50_us"]),
    ]
    previous = 0.0
    for label, value in rows:
        console.print(f"  {value:8.0f} us  (+{value - previous:6.0f})  {label}", highlight=False)
        previous = value
    console.print(
        f"  {steps['bare_http_one_connection_p50_us']:8.0f} us            bare Starlette, same way",
        highlight=False,
    )
    console.print(f"-- SQL per getSource ({len(steps['sql'])} statements)", highlight=False)
    for statement in steps["sql"]:
        console.print(f"  {statement[:160]}", highlight=False, markup=False)
    return {"load": result.as_dict(), "profile": sampled.as_dict(), "layers": steps}
