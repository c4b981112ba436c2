"""Destination filters on the Public API (note the singular ``/destination`` prefix)."""

from __future__ import annotations

from typing import Any

from patchwire.db.models import DestinationFilter
from patchwire.resources.destination_filters import service
from patchwire.resources.destination_filters.schemas import (
    CreateFilterIn,
    PreviewIn,
    UpdateFilterIn,
)
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def _time(value: Any) -> str:
    return str(value.isoformat().replace("+00:00", "Z"))


def filter_out(item: DestinationFilter) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "sourceId": item.source_id,
        "destinationId": item.destination_id,
        "if": item.condition,
        "actions": item.actions,
        "title": item.title,
        "enabled": item.enabled,
        "createdAt": _time(item.created_at),
        "updatedAt": _time(item.updated_at),
    }
    if item.description is not None:
        out["description"] = item.description
    return out


async def list_filters(call: Call) -> dict[str, Any]:
    page = await service.list_page(
        call.session, call.principal, call.path["destinationId"], call.page(), call.runtime.cursors
    )
    return {"filters": [filter_out(f) for f in page.items], "pagination": page_out(page)}


async def create_filter(call: Call) -> dict[str, Any]:
    data = call.body(CreateFilterIn)
    item = await service.create(call.session, call.principal, call.path["destinationId"], data)
    return {"filter": filter_out(item)}


async def get_filter(call: Call) -> dict[str, Any]:
    item = await service.get(
        call.session, call.principal, call.path["destinationId"], call.path["filterId"]
    )
    return {"filter": filter_out(item)}


async def update_filter(call: Call) -> dict[str, Any]:
    data = call.body(UpdateFilterIn)
    item = await service.update(
        call.session, call.principal, call.path["destinationId"], call.path["filterId"], data
    )
    return {"filter": filter_out(item)}


async def remove_filter(call: Call) -> dict[str, Any]:
    await service.remove(
        call.session, call.principal, call.path["destinationId"], call.path["filterId"]
    )
    return {"status": "SUCCESS"}


async def preview_filter(call: Call) -> dict[str, Any]:
    data = call.body(PreviewIn)
    return {"inputPayload": data.payload, "result": service.preview(data)}


FILTER = "/destination/{destinationId}/filters/{filterId}"

OPERATIONS: list[Operation] = [
    op("listFiltersFromDestination", "GET", "/destination/{destinationId}/filters", list_filters),
    op("createFilterForDestination", "POST", "/destination/{destinationId}/filters", create_filter),
    op("getFilterInDestination", "GET", FILTER, get_filter),
    op("updateFilterForDestination", "PATCH", FILTER, update_filter),
    op("removeFilterFromDestination", "DELETE", FILTER, remove_filter),
    op(
        "previewDestinationFilter",
        "POST",
        "/destination/filters/preview",
        preview_filter,
        write=False,
    ),
]
