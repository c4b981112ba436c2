"""Sources on the Public API: wire shapes in and out, nothing else."""

from __future__ import annotations

from typing import Any

from patchwire.catalog.loader import Catalog
from patchwire.core.media import V1ALPHA
from patchwire.core.pagination import Page
from patchwire.db.models import Label, Source
from patchwire.resources.destinations import service as destinations
from patchwire.resources.destinations.public_api import destination_out
from patchwire.resources.sources import service
from patchwire.resources.sources.repository import SourceView
from patchwire.resources.sources.schemas import (
    CreateSourceIn,
    LabelsIn,
    SchemaSettingsIn,
    UpdateSourceIn,
)
from patchwire.resources.tracking_plans.service import tracking_plan_ids_for_sources
from patchwire.resources.warehouses.wire import connected_warehouses_page
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def label_out(label: Label) -> dict[str, Any]:
    out: dict[str, Any] = {"key": label.key, "value": label.value}
    if label.description is not None:
        out["description"] = label.description
    return out


def source_out(view: SourceView, catalog: Catalog) -> dict[str, Any]:
    source = view.source
    return {
        "id": source.id,
        "slug": source.slug,
        "name": source.name or "",
        "workspaceId": source.workspace_id,
        "enabled": source.enabled,
        "writeKeys": view.write_keys,
        "metadata": service.metadata_for(catalog, source.metadata_id),
        "settings": source.settings,
        "labels": [label_out(label) for label in view.labels],
    }


def schema_settings_out(source: Source) -> dict[str, Any]:
    return {"sourceId": source.id, "settings": source.schema_settings}


def sources_page_out(
    page: Page[Source], views: list[SourceView], catalog: Catalog
) -> dict[str, Any]:
    return {"sources": [source_out(v, catalog) for v in views], "pagination": page_out(page)}


async def list_sources(call: Call) -> dict[str, Any]:
    page, views = await service.list_page(
        call.session, call.principal, call.page(), call.runtime.cursors
    )
    return sources_page_out(page, views, call.runtime.catalog)


async def create_source(call: Call) -> dict[str, Any]:
    data = call.body(CreateSourceIn, prefix="source")
    view = await service.create(call.session, call.principal, call.runtime.catalog, data)
    return {"source": source_out(view, call.runtime.catalog)}


async def get_source(call: Call) -> dict[str, Any]:
    view = await service.get(call.session, call.principal, call.path["sourceId"])
    plans = await tracking_plan_ids_for_sources(
        call.session, call.principal.workspace_id, [view.source.id]
    )
    # v47: the tracking plan the source follows, or null.
    return {
        "source": source_out(view, call.runtime.catalog),
        "trackingPlanId": plans.get(view.source.id),
    }


async def update_source(call: Call) -> dict[str, Any]:
    data = call.body(UpdateSourceIn, prefix="source")
    view = await service.update(
        call.session, call.principal, call.runtime.catalog, call.path["sourceId"], data
    )
    return {"source": source_out(view, call.runtime.catalog)}


async def delete_source(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["sourceId"])
    return {"status": "SUCCESS"}


async def add_labels(call: Call) -> dict[str, Any]:
    data = call.body(LabelsIn)
    view = await service.add_labels(
        call.session, call.principal, call.path["sourceId"], data.labels
    )
    return {"labels": [label_out(label) for label in view.labels]}


async def replace_labels(call: Call) -> dict[str, Any]:
    data = call.body(LabelsIn)
    view = await service.replace_labels(
        call.session, call.principal, call.path["sourceId"], data.labels
    )
    return {"labels": [label_out(label) for label in view.labels]}


async def create_write_key(call: Call) -> dict[str, Any]:
    view = await service.create_write_key(call.session, call.principal, call.path["sourceId"])
    return {"source": source_out(view, call.runtime.catalog)}


async def remove_write_key(call: Call) -> dict[str, Any]:
    await service.remove_write_key(
        call.session, call.principal, call.path["sourceId"], call.path["writeKey"]
    )
    return {"status": "SUCCESS"}


async def list_schema_settings(call: Call) -> dict[str, Any]:
    source = await service.get_schema_settings(call.session, call.principal, call.path["sourceId"])
    return schema_settings_out(source)


async def update_schema_settings(call: Call) -> dict[str, Any]:
    data = call.body(SchemaSettingsIn, prefix="settings")
    source = await service.update_schema_settings(
        call.session, call.principal, call.path["sourceId"], data
    )
    return schema_settings_out(source)


ALPHA_ONLY = (V1ALPHA,)

OPERATIONS: list[Operation] = [
    op("listSources", "GET", "/sources", list_sources),
    op("createSource", "POST", "/sources", create_source, status=201),
    op("getSource", "GET", "/sources/{sourceId}", get_source),
    op("updateSource", "PATCH", "/sources/{sourceId}", update_source),
    op("deleteSource", "DELETE", "/sources/{sourceId}", delete_source),
    op("addLabelsToSource", "POST", "/sources/{sourceId}/labels", add_labels),
    op("replaceLabelsInSource", "PUT", "/sources/{sourceId}/labels", replace_labels),
    op("listSchemaSettingsInSource", "GET", "/sources/{sourceId}/settings", list_schema_settings),
    op(
        "updateSchemaSettingsInSource",
        "PATCH",
        "/sources/{sourceId}/settings",
        update_schema_settings,
    ),
    op(
        "createWriteKeyForSource",
        "POST",
        "/sources/{sourceId}/writekey",
        create_write_key,
        versions=ALPHA_ONLY,
    ),
    op(
        "removeWriteKeyFromSource",
        "DELETE",
        "/sources/{sourceId}/writekey/{writeKey}",
        remove_write_key,
        versions=ALPHA_ONLY,
    ),
]


async def list_connected_destinations(call: Call) -> dict[str, Any]:
    page = await destinations.page_for_source(
        call.session, call.principal, call.path["sourceId"], call.page(), call.runtime.cursors
    )
    catalog = call.runtime.catalog
    return {
        "destinations": [destination_out(d, catalog) for d in page.items],
        "pagination": page_out(page),
    }


async def list_connected_warehouses(call: Call) -> dict[str, Any]:
    page, items = await connected_warehouses_page(
        call.session,
        call.principal,
        call.path["sourceId"],
        call.page(),
        call.runtime.cursors,
        call.runtime.catalog,
    )
    return {"warehouses": items, "pagination": page_out(page)}


OPERATIONS += [
    op(
        "listConnectedDestinationsFromSource",
        "GET",
        "/sources/{sourceId}/connected-destinations",
        list_connected_destinations,
    ),
    op(
        "listConnectedWarehousesFromSource",
        "GET",
        "/sources/{sourceId}/connected-warehouses",
        list_connected_warehouses,
    ),
]
