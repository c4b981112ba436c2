"""The integrations catalog on the Public API: read-only, served from memory."""

from __future__ import annotations

from typing import Any

from patchwire.catalog.loader import CatalogKind, sort_key
from patchwire.core.errors import NotFound
from patchwire.core.pagination import page_sequence
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def _list(call: Call, kind: CatalogKind, list_name: str, key: str) -> dict[str, Any]:
    page = page_sequence(
        kind.items, call.page(), codec=call.runtime.cursors, list_name=list_name, key_of=sort_key
    )
    return {key: page.items, "pagination": page_out(page)}


def _get(kind: CatalogKind, ident: str, label: str) -> dict[str, Any]:
    item = kind.by_id.get(ident)
    if item is None:
        raise NotFound.resource(label, ident)
    return item


async def sources_catalog(call: Call) -> dict[str, Any]:
    return _list(call, call.runtime.catalog.sources, "catalog:sources", "sourcesCatalog")


async def destinations_catalog(call: Call) -> dict[str, Any]:
    return _list(
        call, call.runtime.catalog.destinations, "catalog:destinations", "destinationsCatalog"
    )


async def warehouses_catalog(call: Call) -> dict[str, Any]:
    return _list(call, call.runtime.catalog.warehouses, "catalog:warehouses", "warehousesCatalog")


async def source_metadata(call: Call) -> dict[str, Any]:
    ident = call.path["sourceMetadataId"]
    return {"sourceMetadata": _get(call.runtime.catalog.sources, ident, "Source metadata")}


async def destination_metadata(call: Call) -> dict[str, Any]:
    ident = call.path["destinationMetadataId"]
    item = _get(call.runtime.catalog.destinations, ident, "Destination metadata")
    return {"destinationMetadata": item}


async def warehouse_metadata(call: Call) -> dict[str, Any]:
    ident = call.path["warehouseMetadataId"]
    return {"warehouseMetadata": _get(call.runtime.catalog.warehouses, ident, "Warehouse metadata")}


OPERATIONS: list[Operation] = [
    op("getSourcesCatalog", "GET", "/catalog/sources", sources_catalog),
    op("getSourceMetadata", "GET", "/catalog/sources/{sourceMetadataId}", source_metadata),
    op("getDestinationsCatalog", "GET", "/catalog/destinations", destinations_catalog),
    op(
        "getDestinationMetadata",
        "GET",
        "/catalog/destinations/{destinationMetadataId}",
        destination_metadata,
    ),
    op("getWarehousesCatalog", "GET", "/catalog/warehouses", warehouses_catalog),
    op(
        "getWarehouseMetadata",
        "GET",
        "/catalog/warehouses/{warehouseMetadataId}",
        warehouse_metadata,
    ),
]
