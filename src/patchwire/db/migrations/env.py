"""Alembic environment: runs on a connection handed in by ``patchwire.db.migrate``.

Run by hand (``alembic -c alembic.ini ...``) it builds its own engine from
``PATCHWIRE_DATABASE_URL``.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from patchwire.db import models  # noqa: F401  (registers every table)
from patchwire.db.base import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone() -> None:
    from patchwire.db.engine import create_engine
    from patchwire.settings import load_settings

    engine = create_engine(load_settings().database_url)
    async with engine.connect() as conn:
        await conn.run_sync(_run)
        await conn.commit()
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_standalone())
