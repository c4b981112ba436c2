"""The WarehouseV1 wire shape, shared by the Warehouses and Sources operations."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.catalog.loader import Catalog
from patchwire.core.auth import Principal
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.models import Warehouse
from patchwire.resources.warehouses import service
from patchwire.resources.warehouses.secrets import masked, secret_names


def warehouse_out(warehouse: Warehouse, catalog: Catalog) -> dict[str, Any]:
    """Secrets masked; the name shown as ``settings.name`` (see the service's notes)."""
    metadata = service.metadata_for(catalog, warehouse.metadata_id)
    options = metadata["options"]
    settings = masked(warehouse.settings, secret_names(options))
    if warehouse.name is not None and service.name_in_settings(options):
        settings[service.NAME_KEY] = warehouse.name
    return {
        "id": warehouse.id,
        "metadata": metadata,
        "workspaceId": warehouse.workspace_id,
        "enabled": warehouse.enabled,
        "settings": settings,
    }


async def connected_warehouses_page(
    session: AsyncSession,
    principal: Principal,
    source_id: str,
    request: PageRequest,
    codec: CursorCodec,
    catalog: Catalog,
) -> tuple[Page[Warehouse], list[dict[str, Any]]]:
    """For ``listConnectedWarehousesFromSource``: the page and its items in wire shape."""
    page = await service.connected_warehouses_page(session, principal, source_id, request, codec)
    return page, [warehouse_out(w, catalog) for w in page.items]
