"""Sources and their schema config on the Config API, over the same source service."""

from __future__ import annotations

from typing import Any

from patchwire.catalog.loader import Catalog
from patchwire.core.errors import InvalidArgument
from patchwire.core.validation import parse_python_model
from patchwire.db.models import Source
from patchwire.resources.sources import repository, service
from patchwire.resources.sources.repository import SourceView
from patchwire.resources.sources.schemas import CreateSourceIn, SchemaSettingsIn
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.mapping import SCHEMA_CONFIG
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.update_mask import masked_values
from patchwire.surfaces.v1beta.wire import page_out, timestamp


def source_out(view: SourceView, workspace_slug: str, catalog: Catalog) -> dict[str, Any]:
    source = view.source
    metadata = service.metadata_for(catalog, source.metadata_id)
    return {
        "name": names.source(workspace_slug, source.slug),
        "parent": names.workspace(workspace_slug),
        "display_name": source.name or "",
        "catalog_name": names.catalog_source(metadata["slug"]),
        "write_keys": view.write_keys,
        "library_config": {},
        "create_time": timestamp(source.created_at),
    }


async def list_sources(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    page, views = await service.list_page(
        call.session, call.principal, call.page(), call.runtime.cursors
    )
    return page_out("sources", [source_out(v, ws, call.runtime.catalog) for v in views], page)


async def create_source(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    body = call.json().get("source")
    if not isinstance(body, dict):
        raise InvalidArgument.for_field("source", "source is required")
    slug = names.source_slug_in(str(body.get("name") or ""), ws, "source.name")
    catalog_slug = names.last_segment(
        str(body.get("catalog_name") or ""), collection="sources", field="source.catalog_name"
    )
    metadata = call.runtime.catalog.sources.by_slug.get(catalog_slug)
    if metadata is None:
        raise InvalidArgument.for_field(
            "source.catalog_name", f"No catalog source is named catalog/sources/{catalog_slug}"
        )
    data = CreateSourceIn(
        slug=slug,
        enabled=True,
        metadataId=metadata["id"],
        name=body.get("display_name") if isinstance(body.get("display_name"), str) else None,
    )
    view = await service.create(call.session, call.principal, call.runtime.catalog, data)
    return source_out(view, ws, call.runtime.catalog)


async def _view(call: ConfigCall) -> tuple[str, SourceView]:
    ws = call.workspace()
    source = await repository.get_by_slug(
        call.session, call.principal.workspace_id, call.path["source"]
    )
    return ws, await service.get(call.session, call.principal, source.id)


async def get_source(call: ConfigCall) -> dict[str, Any]:
    ws, view = await _view(call)
    return source_out(view, ws, call.runtime.catalog)


async def delete_source(call: ConfigCall) -> dict[str, Any]:
    _, view = await _view(call)
    await service.delete(call.session, call.principal, view.source.id)
    return {}


def schema_config_out(source: Source, workspace_slug: str) -> dict[str, Any]:
    settings = source.schema_settings
    out: dict[str, Any] = {
        "name": f"{names.source(workspace_slug, source.slug)}/schema-config",
        "parent": names.source(workspace_slug, source.slug),
    }
    for config_field, public_path in SCHEMA_CONFIG.items():
        group, _, key = public_path.rpartition(".")
        holder = settings.get(group, {}) if group else settings
        value = holder.get(key) if isinstance(holder, dict) else None
        out[config_field] = "" if value is None and config_field.startswith("forwarding") else value
    return out


_MASKABLE: dict[str, type] = {
    field: (str if "common_" in field or field.startswith("forwarding") else bool)
    for field in SCHEMA_CONFIG
}


async def get_schema_config(call: ConfigCall) -> dict[str, Any]:
    ws, view = await _view(call)
    return schema_config_out(view.source, ws)


async def update_schema_config(call: ConfigCall) -> dict[str, Any]:
    ws, view = await _view(call)
    changes = masked_values(call.json(), "schema_config", _MASKABLE)
    public: dict[str, Any] = {}
    for config_field, value in changes.items():
        group, _, key = SCHEMA_CONFIG[config_field].rpartition(".")
        if config_field.startswith("common_") and value == "":
            value = "ALLOW"  # the zero value of the enum is the default behaviour
        if group:
            public.setdefault(group, {})[key] = value
        else:
            public[key] = value or None
    data = parse_python_model(SchemaSettingsIn, public, "schema_config")
    source = await service.update_schema_settings(
        call.session, call.principal, view.source.id, data
    )
    return schema_config_out(source, ws)


SOURCE = "/workspaces/{workspace}/sources/{source}"

OPERATIONS: list[Operation] = [
    cop("listSources", "GET", "/workspaces/{workspace}/sources", list_sources),
    cop("createSource", "POST", "/workspaces/{workspace}/sources", create_source),
    cop("getSource", "GET", SOURCE, get_source),
    cop("deleteSource", "DELETE", SOURCE, delete_source),
    cop("getSourceSchemaConfig", "GET", f"{SOURCE}/schema-config", get_schema_config),
    cop("updateSourceSchemaConfig", "PATCH", f"{SOURCE}/schema-config", update_schema_config),
]
