"""A fresh, migrated store with one workspace, an owner token and many sources.

Rows are written in the shape ``sources.service.create`` gives them (same columns, default
schema settings, one write key each), but through Core ``executemany`` in big batches so
100,000 sources take seconds, not minutes.
"""

from __future__ import annotations

import json
import random
import secrets
import string
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from patchwire.core.auth import Role
from patchwire.db.engine import WRITE_TRANSACTION, create_engine, create_sessionmaker
from patchwire.db.migrate import upgrade_to_head
from patchwire.db.models import Source, WriteKey
from patchwire.resources.sources.service import DEFAULT_SCHEMA_SETTINGS
from patchwire.resources.tokens import service as tokens
from patchwire.resources.workspaces import service as workspaces

CATALOG_SOURCES = (
    Path(__file__).resolve().parents[1] / "src" / "patchwire" / "catalog" / "data" / "sources.json"
)
BATCH = 10_000
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True, slots=True)
class SeededStore:
    url: str
    token: str
    source_ids: list[str]
    metadata_id: str
    seconds: float


def catalog_source_id(slug: str = "javascript") -> str:
    """A real catalog id (the JavaScript source, else the first one): getSource embeds it."""
    items: list[dict[str, Any]] = json.loads(CATALOG_SOURCES.read_text())
    for item in items:
        if item["slug"] == slug:
            return str(item["id"])
    return str(items[0]["id"])


class _Ids:
    """Base62 ids of Segment's lengths (22 and 32) without ``secrets.choice`` per character,
    which dominates seeding time; 131+ random bits each, so ids do not collide in practice."""

    def __init__(self) -> None:
        self._random = random.Random(secrets.randbits(128))

    def make(self, length: int) -> str:
        return "".join(self._random.choices(_ALPHABET, k=length))


async def seed(url: str, count: int) -> SeededStore:
    """Migrate ``url``, then add the workspace, its owner token and ``count`` sources."""
    started = time.perf_counter()
    engine = create_engine(url)
    metadata_id = catalog_source_id()
    ids = _Ids()
    source_ids: list[str] = []
    try:
        await upgrade_to_head(engine)
        async with create_sessionmaker(engine)() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            workspace = await workspaces.create(session, "my-workspace", "My Workspace")
            token = (await tokens.issue(session, workspace, Role.OWNER, "bench")).secret
            conn = await session.connection()
            base = datetime.now(UTC) - timedelta(days=1)
            for first in range(0, count, BATCH):
                sources: list[dict[str, Any]] = []
                keys: list[dict[str, Any]] = []
                for n in range(first, min(first + BATCH, count)):
                    source_id = ids.make(22)
                    # Distinct creation times: the list order (created_at, id) is the seed order.
                    created = base + timedelta(milliseconds=n)
                    source_ids.append(source_id)
                    sources.append(
                        {
                            "id": source_id,
                            "workspace_id": workspace.id,
                            "slug": f"source-{n:06d}",
                            "name": f"Source {n}",
                            "metadata_id": metadata_id,
                            "enabled": True,
                            "settings": {},
                            "schema_settings": DEFAULT_SCHEMA_SETTINGS,
                            "created_at": created,
                            "updated_at": created,
                        }
                    )
                    keys.append(
                        {
                            "key": ids.make(32),
                            "workspace_id": workspace.id,
                            "source_id": source_id,
                            "created_at": created,
                        }
                    )
                await conn.execute(insert(Source), sources)
                await conn.execute(insert(WriteKey), keys)
            await session.commit()
        if engine.dialect.name == "postgresql":
            # A long-running store has been analysed by autovacuum; a fresh bulk load has not.
            async with engine.connect() as ac:
                await ac.execution_options(isolation_level="AUTOCOMMIT")
                await ac.execute(text("VACUUM ANALYZE"))
    finally:
        await engine.dispose()
    return SeededStore(url, token, source_ids, metadata_id, time.perf_counter() - started)


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory / 'bench.db'}"


class PostgresDatabase:
    """A database with a random name on a local server, created and dropped by the run."""

    def __init__(self, admin_url: str) -> None:
        self.name = f"patchwire_bench_{secrets.token_hex(6)}"
        admin = make_url(admin_url)
        self._admin_dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
        self.url = admin.set(drivername="postgresql+asyncpg", database=self.name).render_as_string(
            hide_password=False
        )
        self.created = False

    async def create(self) -> None:
        conn = await asyncpg.connect(self._admin_dsn, timeout=5)
        try:
            await conn.execute(f'CREATE DATABASE "{self.name}"')
            self.created = True
        finally:
            await conn.close()

    async def drop(self) -> None:
        if not self.created:
            return
        conn = await asyncpg.connect(self._admin_dsn, timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.created = False
        finally:
            await conn.close()
