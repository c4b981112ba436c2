"""Alembic is the only source of schema: migrated databases must match the models exactly."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from patchwire.db.base import Base
from patchwire.db.engine import create_engine
from patchwire.db.migrate import alembic_config, upgrade_to_head
from tests.support.databases import sqlite_url


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _schema_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_diff)
    finally:
        await engine.dispose()


def test_migrated_schema_matches_models(database_url: str) -> None:
    """The session database (built by the migrations) has no drift from the models."""
    assert asyncio.run(_schema_diff(database_url)) == []


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "roundtrip.db")

    async def roundtrip() -> list[object]:
        engine = create_engine(url)
        try:
            await upgrade_to_head(engine)

            def down(connection: Connection) -> None:
                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                command.downgrade(cfg, "base")

            async with engine.connect() as conn:
                await conn.run_sync(down)
                await conn.commit()
            await upgrade_to_head(engine)
            async with engine.connect() as conn:
                return await conn.run_sync(_diff)
        finally:
            await engine.dispose()

    assert asyncio.run(roundtrip()) == []
