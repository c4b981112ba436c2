"""Warehouse storage: every statement starts from the workspace-scoped base."""

from __future__ import annotations

from sqlalchemy import and_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Source, Warehouse, WarehouseConnection
from patchwire.db.scoped import scoped, scoped_columns, scoped_delete


async def get(session: AsyncSession, workspace_id: str, warehouse_id: str) -> Warehouse:
    warehouse = (
        await session.scalars(scoped(Warehouse, workspace_id).where(Warehouse.id == warehouse_id))
    ).first()
    if warehouse is None:
        raise NotFound.resource("Warehouse", warehouse_id)
    return warehouse


async def page(
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    *,
    source_id: str | None = None,
) -> Page[Warehouse]:
    """The workspace's warehouses, or only those ``source_id`` is connected to."""
    stmt = scoped(Warehouse, workspace_id)
    if source_id is not None:
        stmt = stmt.join(
            WarehouseConnection,
            and_(
                WarehouseConnection.warehouse_id == Warehouse.id,
                WarehouseConnection.workspace_id == workspace_id,
                WarehouseConnection.source_id == source_id,
            ),
        )
    return await keyset_page(
        session,
        stmt,
        order=(Warehouse.created_at, Warehouse.id),
        key_of=lambda w: (w.created_at, w.id),
        request=request,
        codec=codec,
        list_name=f"warehouses:{source_id or '*'}",
    )


async def connected_sources_page(
    session: AsyncSession,
    workspace_id: str,
    warehouse_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[Source]:
    stmt = scoped(Source, workspace_id).join(
        WarehouseConnection,
        and_(
            WarehouseConnection.source_id == Source.id,
            WarehouseConnection.workspace_id == workspace_id,
            WarehouseConnection.warehouse_id == warehouse_id,
        ),
    )
    return await keyset_page(
        session,
        stmt,
        order=(Source.created_at, Source.id),
        key_of=lambda s: (s.created_at, s.id),
        request=request,
        codec=codec,
        list_name=f"warehouse-sources:{warehouse_id}",
    )


async def all_warehouses(session: AsyncSession, workspace_id: str) -> list[Warehouse]:
    stmt = scoped(Warehouse, workspace_id).order_by(Warehouse.created_at, Warehouse.id)
    return list((await session.scalars(stmt)).all())


async def is_connected(
    session: AsyncSession, workspace_id: str, warehouse_id: str, source_id: str
) -> bool:
    stmt = scoped_columns(WarehouseConnection, workspace_id, WarehouseConnection.source_id).where(
        WarehouseConnection.warehouse_id == warehouse_id,
        WarehouseConnection.source_id == source_id,
    )
    return (await session.execute(stmt)).first() is not None


async def disconnect(
    session: AsyncSession, workspace_id: str, warehouse_id: str, source_id: str
) -> bool:
    """Remove one connection; False when there was none."""
    result = await session.execute(
        scoped_delete(WarehouseConnection, workspace_id).where(
            WarehouseConnection.warehouse_id == warehouse_id,
            WarehouseConnection.source_id == source_id,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def connect(session: AsyncSession, connection: WarehouseConnection) -> bool:
    """Insert a connection; False when the pair was already connected (even by a request
    that committed a moment ago), so connecting twice is harmless."""
    pair = (connection.workspace_id, connection.warehouse_id, connection.source_id)
    try:
        async with session.begin_nested():
            session.add(connection)
            await session.flush()
    except IntegrityError:
        if await is_connected(session, *pair):
            return False
        raise
    return True
