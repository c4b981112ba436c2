"""One getSource, layer by layer, sequentially (no concurrency) in this process.

1. the request's own SQL replayed on the bare driver (sqlite3 / asyncpg): the database floor;
2. the same SQL through Patchwire's async engine (``exec_driver_sql``: pool, greenlet bridge,
   aiosqlite thread hand-offs, but no statement building, no ORM);
3. the whole app called as ASGI in-process (adds statement building, ORM, auth, rendering);
4. (measured by the caller) the same over HTTP at one connection (adds uvicorn and sockets).

Each step's increase over the previous one is what that layer costs per request.
"""

from __future__ import annotations

import asyncio
import math
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from patchwire.app import PatchwireApp, create_app
from patchwire.db.engine import create_engine
from patchwire.settings import Settings

T = TypeVar("T")
Statement = tuple[str, Any]


def run_loop(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run on uvloop when installed, as ``patchwire serve`` does."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work())
    result: T = uvloop.run(work())
    return result


async def asgi_get(app: PatchwireApp, path: str, token: str) -> int:
    """A GET through the ASGI interface, without sockets or an HTTP client."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)  # type: ignore[arg-type]
    return status


async def capture(app: PatchwireApp, path: str, token: str) -> list[Statement]:
    """The statements (driver-level SQL and parameters) one request executes."""
    seen: list[Statement] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        seen.append((statement, parameters))

    await asgi_get(app, path, token)  # warm: pool connection, pragmas, compiled cache
    event.listen(Engine, "before_cursor_execute", record)
    try:
        status = await asgi_get(app, path, token)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return seen


def _per_call_us(started: float, n: int) -> float:
    return round((time.perf_counter() - started) / n * 1e6, 1)


def _sqlite_replay(url: str, statements: Sequence[Statement]) -> Callable[[int], Awaitable[float]]:
    conn = sqlite3.connect(str(make_url(url).database), isolation_level=None)

    async def replay(n: int) -> float:
        started = time.perf_counter()
        for _ in range(n):
            for sql, params in statements:
                conn.execute(sql, params).fetchall()
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        return _per_call_us(started, n)

    return replay


async def _asyncpg_replay(
    url: str, statements: Sequence[Statement]
) -> tuple[Callable[[int], Awaitable[float]], asyncpg.Connection]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)

    async def replay(n: int) -> float:
        started = time.perf_counter()
        for _ in range(n):
            async with conn.transaction():
                for sql, params in statements:
                    await conn.fetch(sql, *params)
        return _per_call_us(started, n)

    return replay, conn


def _engine_replay(
    engine: AsyncEngine, statements: Sequence[Statement]
) -> Callable[[int], Awaitable[float]]:
    # The engine emits BEGIN itself (on SQLite through Patchwire's "begin" hook).
    body = [(sql, params) for sql, params in statements if sql.strip().upper() != "BEGIN"]

    async def replay(n: int) -> float:
        started = time.perf_counter()
        for _ in range(n):
            async with engine.connect() as conn:
                for sql, params in body:
                    (await conn.exec_driver_sql(sql, params)).all()
        return _per_call_us(started, n)

    return replay


async def layers(
    url: str, token: str, ids: Sequence[str], n: int = 200, rounds: int = 5
) -> dict[str, Any]:
    """Per-request microseconds of steps 1-3 (best of ``rounds`` interleaved rounds of ``n``
    requests, so a busy moment on the machine hits one round, not one step), and the SQL."""
    app = create_app(Settings(database_url=url, rate_limit_per_minute=0))
    engine = create_engine(url)
    rng = random.Random(7)
    paths = [f"/sources/{rng.choice(ids)}" for _ in range(n)]
    pg_conn: asyncpg.Connection | None = None
    try:
        async with app.lifespan():
            statements = await capture(app, f"/sources/{ids[0]}", token)
            if make_url(url).get_backend_name() == "sqlite":
                raw = _sqlite_replay(url, statements)
            else:
                raw, pg_conn = await _asyncpg_replay(url, statements)
            through_engine = _engine_replay(engine, statements)

            async def in_process(count: int) -> float:
                started = time.perf_counter()
                for path in paths[:count]:
                    await asgi_get(app, path, token)
                return _per_call_us(started, count)

            steps: dict[str, Callable[[int], Awaitable[float]]] = {
                "raw_driver_us": raw,
                "async_engine_us": through_engine,
                "asgi_in_process_us": in_process,
            }
            best = dict.fromkeys(steps, math.inf)
            for step in steps.values():
                await step(20)  # warm
            for _ in range(rounds):
                for name, step in steps.items():
                    best[name] = min(best[name], await step(n))
    finally:
        if pg_conn is not None:
            await pg_conn.close()
        await engine.dispose()
    return {
        "iterations": f"best of {rounds} rounds of {n}",
        **best,
        "sql": [" ".join(sql.split()) for sql, _ in statements],
    }


def statements_for(url: str, token: str, path: str) -> list[str]:
    """The SQL one request to ``path`` runs (for the report)."""

    async def work() -> list[str]:
        app = create_app(Settings(database_url=url, rate_limit_per_minute=0))
        async with app.lifespan():
            return [" ".join(sql.split()) for sql, _ in await capture(app, path, token)]

    return run_loop(work)
