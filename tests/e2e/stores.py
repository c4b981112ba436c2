"""Empty stores for one test: the URL ``patchwire`` is started with, on either backend.

The stores are not migrated here: ``patchwire serve`` and every operator command migrate the
store themselves, and a first start on an empty store is part of what these tests check.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.databases import PostgresDatabase, sqlite_url
from tests.support.prerequisites import unavailable

BACKENDS = ["sqlite", "postgres"]


@contextmanager
def empty_store(backend: str, scratch: Path, postgres_admin_url: str) -> Iterator[str]:
    """The URL of an empty store: a SQLite file not yet created under ``scratch``, or a
    PostgreSQL database with a random name, dropped afterwards."""
    if backend == "sqlite":
        yield sqlite_url(scratch / "patchwire.db")
        return
    db = PostgresDatabase(postgres_admin_url, f"patchwire_e2e_{secrets.token_hex(6)}")
    try:
        asyncio.run(db.create())
    except OSError as exc:
        unavailable(f"PostgreSQL is not reachable at {postgres_admin_url}: {exc}")
    try:
        yield db.url
    finally:
        asyncio.run(db.drop())
