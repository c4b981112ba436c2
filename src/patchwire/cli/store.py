"""Operator commands run straight against the store (same URL as ``serve``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.db.engine import WRITE_TRANSACTION, create_engine, create_sessionmaker
from patchwire.db.migrate import upgrade_to_head
from patchwire.settings import Settings

T = TypeVar("T")


@asynccontextmanager
async def unit_of_work(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A migrated store and one committed transaction around the caller's work."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade_to_head(engine)
        async with create_sessionmaker(engine)() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            yield session
            await session.commit()
    finally:
        await engine.dispose()


def run(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def main() -> T:
        async with unit_of_work(settings) as session:
            return await work(session)

    return asyncio.run(main())
