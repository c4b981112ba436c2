"""The catalog on the Config API: items addressed by slug (``catalog/sources/javascript``).

Seed material gives no shape for these responses; they follow the Config API's own style
(pinned C6): snake_case, resource names, ``<plural>`` + ``next_page_token`` lists.
"""

from __future__ import annotations

from typing import Any

from patchwire.catalog.loader import CatalogItem, CatalogKind, sort_key
from patchwire.core.errors import NotFound
from patchwire.core.pagination import page_sequence
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.wire import page_out


def _settings(item: CatalogItem) -> list[dict[str, Any]]:
    return [
        {
            "name": option["name"],
            "display_name": option.get("label") or option["name"],
            "type": option["type"],
            "required": option["required"],
            "description": option.get("description", ""),
        }
        for option in item.get("options", [])
    ]


def catalog_source_out(item: CatalogItem) -> dict[str, Any]:
    return {
        "name": names.catalog_source(item["slug"]),
        "display_name": item["name"],
        "description": item["description"],
        "logos": item["logos"],
        "categories": item["categories"],
        "settings": _settings(item),
    }


def catalog_destination_out(item: CatalogItem) -> dict[str, Any]:
    features = item.get("supportedFeatures", {})
    return {
        "name": names.catalog_destination(item["slug"]),
        "display_name": item["name"],
        "description": item["description"],
        "status": item.get("status", ""),
        "website": item.get("website", ""),
        "logos": item["logos"],
        "categories": item["categories"],
        "methods": item.get("supportedMethods", {}),
        "platforms": item.get("supportedPlatforms", {}),
        "browser_unbundling_supported": bool(features.get("browserUnbundling", False)),
        "browser_unbundling_public": bool(features.get("browserUnbundlingPublic", False)),
        "settings": _settings(item),
    }


def _list(call: ConfigCall, kind: CatalogKind, key: str, out: Any) -> dict[str, Any]:
    page = page_sequence(
        kind.items,
        call.page(),
        codec=call.runtime.cursors,
        list_name=f"config:{key}",
        key_of=sort_key,
    )
    return page_out(key, [out(item) for item in page.items], page)


def _get(kind: CatalogKind, slug: str, label: str) -> CatalogItem:
    item = kind.by_slug.get(slug)
    if item is None:
        raise NotFound(f"Catalog {label} '{slug}' not found")
    return item


async def list_sources(call: ConfigCall) -> dict[str, Any]:
    return _list(call, call.runtime.catalog.sources, "sources", catalog_source_out)


async def get_source(call: ConfigCall) -> dict[str, Any]:
    return catalog_source_out(_get(call.runtime.catalog.sources, call.path["slug"], "source"))


async def list_destinations(call: ConfigCall) -> dict[str, Any]:
    return _list(call, call.runtime.catalog.destinations, "destinations", catalog_destination_out)


async def get_destination(call: ConfigCall) -> dict[str, Any]:
    item = _get(call.runtime.catalog.destinations, call.path["slug"], "destination")
    return catalog_destination_out(item)


OPERATIONS: list[Operation] = [
    cop("listCatalogSources", "GET", "/catalog/sources", list_sources),
    cop("getCatalogSource", "GET", "/catalog/sources/{slug}", get_source),
    cop("listCatalogDestinations", "GET", "/catalog/destinations", list_destinations),
    cop("getCatalogDestination", "GET", "/catalog/destinations/{slug}", get_destination),
]
