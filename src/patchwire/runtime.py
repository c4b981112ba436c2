"""The shared resources one running app owns, built in its lifespan and torn down after."""

from __future__ import annotations

from dataclasses import dataclass

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
