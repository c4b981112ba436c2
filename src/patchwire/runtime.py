"""The shared resources one running app owns, built in its lifespan and torn down after."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from patchwire.catalog.loader import Catalog
from patchwire.core.pagination import CursorCodec
from patchwire.core.ratelimit import RateLimiter
from patchwire.settings import Settings


@dataclass(slots=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    limiter: RateLimiter
    cursors: CursorCodec
    catalog: Catalog
    single_writer: bool = False
    """SQLite: one write transaction at a time per process (see db/sqlite_inline.py)."""
    _write_gate: asyncio.Lock = field(default_factory=asyncio.Lock)

    @contextlib.asynccontextmanager
    async def write_gate(self, writes: bool) -> AsyncIterator[None]:
        """Queue writers on an asyncio lock rather than in SQLite's busy-wait."""
        if not (writes and self.single_writer):
            yield
            return
        async with self._write_gate:
            yield
