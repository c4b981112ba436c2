"""Warehouses on the Public API: wire shapes in and out, nothing else."""

from __future__ import annotations

from typing import Any

from patchwire.resources.sources.public_api import source_out
from patchwire.resources.warehouses import service
from patchwire.resources.warehouses.schemas import (
    CreateWarehouseIn,
    UpdateWarehouseIn,
    ValidateWarehouseIn,
)
from patchwire.resources.warehouses.wire import warehouse_out
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def _state(connected: bool) -> str:
    return "CONNECTED" if connected else "FAILED"


async def list_warehouses(call: Call) -> dict[str, Any]:
    page = await service.list_page(call.session, call.principal, call.page(), call.runtime.cursors)
    return {
        "warehouses": [warehouse_out(w, call.runtime.catalog) for w in page.items],
        "pagination": page_out(page),
    }


async def create_warehouse(call: Call) -> dict[str, Any]:
    data = call.body(CreateWarehouseIn, prefix="warehouse")
    warehouse = await service.create(call.session, call.principal, call.runtime.catalog, data)
    return {"warehouse": warehouse_out(warehouse, call.runtime.catalog)}


async def get_warehouse(call: Call) -> dict[str, Any]:
    warehouse = await service.get(call.session, call.principal, call.path["warehouseId"])
    return {"warehouse": warehouse_out(warehouse, call.runtime.catalog)}


async def update_warehouse(call: Call) -> dict[str, Any]:
    data = call.body(UpdateWarehouseIn, prefix="warehouse")
    warehouse = await service.update(
        call.session, call.principal, call.runtime.catalog, call.path["warehouseId"], data
    )
    return {"warehouse": warehouse_out(warehouse, call.runtime.catalog)}


async def delete_warehouse(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["warehouseId"])
    return {"status": "SUCCESS"}


async def add_connection(call: Call) -> dict[str, Any]:
    await service.add_connection(
        call.session, call.principal, call.path["warehouseId"], call.path["sourceId"]
    )
    return {"status": "CONNECTED"}


async def remove_connection(call: Call) -> dict[str, Any]:
    await service.remove_connection(
        call.session, call.principal, call.path["warehouseId"], call.path["sourceId"]
    )
    return {"status": "SUCCESS"}


async def list_connected_sources(call: Call) -> dict[str, Any]:
    page, views = await service.connected_sources_page(
        call.session, call.principal, call.path["warehouseId"], call.page(), call.runtime.cursors
    )
    return {
        "sources": [source_out(v, call.runtime.catalog) for v in views],
        "pagination": page_out(page),
    }


async def create_validation(call: Call) -> dict[str, Any]:
    data = call.body(ValidateWarehouseIn, prefix="warehouse")
    result = await service.validate(call.session, call.principal, call.runtime.catalog, data)
    return {"status": _state(result.connected)}


async def get_connection_state(call: Call) -> dict[str, Any]:
    result = await service.connection_state(
        call.session, call.principal, call.runtime.catalog, call.path["warehouseId"]
    )
    return {"connectionState": _state(result.connected)}


CONNECTION = "/warehouses/{warehouseId}/connected-sources/{sourceId}"

OPERATIONS: list[Operation] = [
    op("listWarehouses", "GET", "/warehouses", list_warehouses),
    op("createWarehouse", "POST", "/warehouses", create_warehouse, status=201),
    op("createValidationInWarehouse", "POST", "/warehouses/validation", create_validation),
    op("getWarehouse", "GET", "/warehouses/{warehouseId}", get_warehouse),
    op("updateWarehouse", "PATCH", "/warehouses/{warehouseId}", update_warehouse),
    op("deleteWarehouse", "DELETE", "/warehouses/{warehouseId}", delete_warehouse),
    op(
        "getConnectionStateFromWarehouse",
        "GET",
        "/warehouses/{warehouseId}/connection-state",
        get_connection_state,
    ),
    op(
        "listConnectedSourcesFromWarehouse",
        "GET",
        "/warehouses/{warehouseId}/connected-sources",
        list_connected_sources,
    ),
    op("addConnectionFromSourceToWarehouse", "POST", CONNECTION, add_connection, status=201),
    op("removeSourceConnectionFromWarehouse", "DELETE", CONNECTION, remove_connection),
]
