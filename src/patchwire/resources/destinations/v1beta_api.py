"""Destinations and their delivery metrics on the Config API, over the same destination service.

A Config destination is addressed by its source's slug and its **catalog** slug
(``workspaces/{ws}/sources/js/destinations/amplitude``), so the Config API knows at most one
destination per catalog type on a source: creating a second one through it is 409. The
Public API has no such limit; when a source has several destinations of one catalog type,
the Config API addresses (and lists) the oldest of them — by ``created_at``, then id — and
leaves the others to the Public API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from patchwire.catalog.loader import Catalog, CatalogItem
from patchwire.core.errors import (
    AlreadyExists,
    FieldError,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from patchwire.core.pagination import MAX_COUNT, page_sequence
from patchwire.core.validation import parse_python_model, unstorable_values
from patchwire.db.models import Destination, Source
from patchwire.resources.destinations import repository, service
from patchwire.resources.destinations.schemas import CreateDestinationIn, UpdateDestinationIn
from patchwire.resources.sources import repository as sources
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.mapping import CONFIG_VALUE_TYPES, METRICS_ARGUMENTS
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.update_mask import masked_values
from patchwire.surfaces.v1beta.wire import page_out, timestamp

CONNECTION_MODES = ("CLOUD", "DEVICE", "UNSPECIFIED")
_UPDATABLE: dict[str, type] = {"enabled": bool, "config": list, "display_name": str}


@dataclass(frozen=True, slots=True)
class Addressed:
    """A destination found by its Config path, with the slugs its resource name needs."""

    workspace: str
    source: Source
    destination: Destination
    name: str


def body_of(call: ConfigCall) -> dict[str, Any]:
    """The JSON body, refusing values no store keeps intact (NUL characters, 2^63 and up)
    nor any query compares with (PostgreSQL refuses NUL characters)."""
    body = call.json()
    unstorable = unstorable_values(call.raw_body)
    if unstorable:
        raise InvalidArgument.for_fields(unstorable)
    return body


def resource_of(body: dict[str, Any], key: str, *, required: bool = True) -> dict[str, Any]:
    """``body[key]``, which must be an object (and present, unless ``required`` is off)."""
    resource = body.get(key)
    if resource is None and not required:
        return {}
    if not isinstance(resource, dict):
        raise InvalidArgument.for_field(key, f"{key} must be an object")
    return resource


def _catalog_slug(catalog: Catalog, metadata_id: str) -> str:
    return str(service.metadata_for(catalog, metadata_id)["slug"])


def _metadata_id(catalog: Catalog, slug: str) -> str:
    """The catalog id behind a slug; a destination whose catalog item is gone keeps its id
    as its slug (see ``service.metadata_for``)."""
    item = catalog.destinations.by_slug.get(slug)
    return str(item["id"]) if item is not None else slug


async def _oldest_of_kind(call: ConfigCall, source: Source, slug: str) -> Destination | None:
    metadata_id = _metadata_id(call.runtime.catalog, slug)
    same = [
        d
        for d in await repository.for_source(call.session, call.principal.workspace_id, source.id)
        if d.metadata_id == metadata_id
    ]
    return min(same, key=lambda d: (d.created_at, d.id), default=None)


async def _source(call: ConfigCall) -> tuple[str, Source]:
    ws = call.workspace()
    return ws, await _source_named(call, call.path["source"])


async def _source_named(call: ConfigCall, slug: str) -> Source:
    return await sources.get_by_slug(call.session, call.principal.workspace_id, slug)


async def _find(call: ConfigCall, ws: str, source: Source, slug: str) -> Addressed:
    """The destination of ``source`` a Config name addresses (404 if none)."""
    destination = await _oldest_of_kind(call, source, slug)
    if destination is None:
        raise NotFound(f"Destination '{slug}' not found on source '{source.slug}'")
    return Addressed(ws, source, destination, names.destination(ws, source.slug, slug))


async def addressed(call: ConfigCall) -> Addressed:
    """The destination at ``…/sources/{source}/destinations/{destination}``."""
    ws, source = await _source(call)
    return await _find(call, ws, source, call.path["destination"])


# --- wire shape ------------------------------------------------------------------------


def _config_out(name: str, metadata: CatalogItem, settings: dict[str, Any]) -> list[dict[str, Any]]:
    options = {str(o["name"]): o for o in metadata.get("options", [])}
    out: list[dict[str, Any]] = []
    for key in sorted(settings):
        option = options.get(key, {})
        out.append(
            {
                "name": names.destination_config(name, key),
                "display_name": option.get("label") or key,
                "value": settings[key],
                "type": CONFIG_VALUE_TYPES.get(str(option.get("type")), "mixed"),
            }
        )
    return out


def destination_out(
    destination: Destination, ws: str, source_slug: str, catalog: Catalog
) -> dict[str, Any]:
    metadata = service.metadata_for(catalog, destination.metadata_id)
    name = names.destination(ws, source_slug, str(metadata["slug"]))
    return {
        "name": name,
        "parent": names.source(ws, source_slug),
        "display_name": destination.name or metadata["name"],
        "enabled": destination.enabled,
        "connection_mode": "CLOUD",
        "config": _config_out(name, metadata, destination.settings),
        "create_time": timestamp(destination.created_at),
        "update_time": timestamp(destination.updated_at),
    }


def _out(call: ConfigCall, found: Addressed) -> dict[str, Any]:
    return destination_out(
        found.destination, found.workspace, found.source.slug, call.runtime.catalog
    )


# --- wire input ------------------------------------------------------------------------


def _slug_from_name(name: Any, ws: str, source_slug: str) -> str:
    """``workspaces/{ws}/sources/{src}/destinations/{slug}`` (this path's) or a bare slug."""
    parts = str(name or "").strip("/").split("/")
    if len(parts) == 1 and parts[0]:
        return parts[0]
    if len(parts) == 6 and parts[0::2] == ["workspaces", "sources", "destinations"] and parts[5]:
        if parts[1] != ws or parts[3] != source_slug:
            raise InvalidArgument.for_field(
                "destination.name", f"'{name}' is not under {names.source(ws, source_slug)}"
            )
        return parts[5]
    raise InvalidArgument.for_field("destination.name", f"'{name}' is not a destination name")


def _settings_in(config: Any) -> dict[str, Any]:
    """``[{name: …/config/{key}, value}]`` → ``{key: value}`` (the key is the last segment)."""
    if not isinstance(config, list):
        raise InvalidArgument.for_field("destination.config", "config must be a list")
    settings: dict[str, Any] = {}
    errors: list[FieldError] = []
    for i, item in enumerate(config):
        name = item.get("name") if isinstance(item, dict) else None
        key = name.rstrip("/").rsplit("/", 1)[-1] if isinstance(name, str) else ""
        if not key:
            errors.append(FieldError(f"destination.config[{i}]", "needs a name: …/config/{key}"))
        else:
            settings[key] = item.get("value")
    if errors:
        raise InvalidArgument.for_fields(errors)
    return settings


def _optional(resource: dict[str, Any], key: str, kind: type[bool] | type[str]) -> Any:
    """``resource[key]`` when present: JSON of exactly that type (no coercion), else 400."""
    value = resource.get(key)
    if value is not None and not isinstance(value, kind):
        raise InvalidArgument.for_field(f"destination.{key}", f"{key} must be {kind.__name__}")
    return value


# --- destinations ----------------------------------------------------------------------


async def list_destinations(call: ConfigCall) -> dict[str, Any]:
    """In catalog-slug order, one per catalog type (the one the Config API addresses)."""
    ws, source = await _source(call)
    catalog = call.runtime.catalog
    oldest: dict[str, Destination] = {}
    all_of_source = await repository.for_source(
        call.session, call.principal.workspace_id, source.id
    )
    for destination in sorted(all_of_source, key=lambda d: (d.created_at, d.id)):
        oldest.setdefault(_catalog_slug(catalog, destination.metadata_id), destination)
    page = page_sequence(
        [oldest[slug] for slug in sorted(oldest)],
        call.page(),
        codec=call.runtime.cursors,
        list_name=f"config:destinations:{source.id}",
        key_of=lambda d: _catalog_slug(catalog, d.metadata_id),
    )
    items = [destination_out(d, ws, source.slug, catalog) for d in page.items]
    return page_out("destinations", items, page)


async def create_destination(call: ConfigCall) -> dict[str, Any]:
    ws, source = await _source(call)
    body = resource_of(body_of(call), "destination")
    slug = _slug_from_name(body.get("name"), ws, source.slug)
    metadata = call.runtime.catalog.destinations.by_slug.get(slug)
    if metadata is None:
        raise InvalidArgument.for_field(
            "destination.name", f"No catalog destination is named catalog/destinations/{slug}"
        )
    mode = body.get("connection_mode") or "CLOUD"
    if mode not in CONNECTION_MODES or mode == "DEVICE":
        raise InvalidArgument.for_field(
            "destination.connection_mode", "Patchwire serves cloud-mode destinations: use CLOUD"
        )
    if await _oldest_of_kind(call, source, slug) is not None:
        name = names.destination(ws, source.slug, slug)
        raise AlreadyExists(f"Destination '{name}' already exists")
    data = CreateDestinationIn(
        sourceId=source.id,
        metadataId=metadata["id"],
        enabled=_optional(body, "enabled", bool),
        name=_optional(body, "display_name", str),
        settings={k: v for k, v in _settings_in(body.get("config") or []).items() if v is not None},
    )
    destination = await service.create(call.session, call.principal, call.runtime.catalog, data)
    return destination_out(destination, ws, source.slug, call.runtime.catalog)


async def get_destination(call: ConfigCall) -> dict[str, Any]:
    return _out(call, await addressed(call))


async def update_destination(call: ConfigCall) -> dict[str, Any]:
    """Seed 001 masks: no mask changes nothing; a masked ``config`` replaces every setting
    (masked without a value, it clears them all); a cleared ``display_name`` falls back to
    the catalog name."""
    found = await addressed(call)
    body = body_of(call)
    resource_of(body, "destination", required=False)
    changes = masked_values(body, "destination", _UPDATABLE)
    public: dict[str, Any] = {}
    if "enabled" in changes:
        public["enabled"] = changes["enabled"]
    if "display_name" in changes:
        public["name"] = changes["display_name"] or None
    if "config" in changes:
        wanted = _settings_in(changes["config"])
        # the service merges (``null`` removes a key): send every stored key to replace them
        public["settings"] = dict.fromkeys(found.destination.settings) | wanted
    data = parse_python_model(UpdateDestinationIn, public, "destination")
    await service.update(
        call.session, call.principal, call.runtime.catalog, found.destination.id, data
    )
    return _out(call, found)


async def delete_destination(call: ConfigCall) -> dict[str, Any]:
    found = await addressed(call)
    await service.delete(call.session, call.principal, found.destination.id)
    return {}


# --- delivery metrics ------------------------------------------------------------------
# Patchwire holds no event traffic, so every metric is an honest zero (the service says so).
# Shapes follow the Config API's style (pinned C6); arguments come from the query string or
# from a JSON body on GET (pinned C7).


@dataclass(frozen=True, slots=True)
class Window:
    granularity: str
    start: datetime
    end: datetime

    def out(self) -> dict[str, str]:
        return {
            "granularity": self.granularity,
            "start_time": timestamp(self.start),
            "end_time": timestamp(self.end),
        }


def _argument(call: ConfigCall, body: dict[str, Any], name: str) -> str | None:
    value = call.q_str(name, max_length=64)
    if value is None:
        value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidArgument.for_field(name, f"{name} must be a string")
    return value or None


def _time(name: str, raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise InvalidArgument.for_field(name, f"{name} must be an RFC 3339 date-time") from None


def _config_spelling(text: str) -> str:
    for config, public in METRICS_ARGUMENTS.items():
        text = text.replace(public, config)
    return text


def _window(call: ConfigCall, body: dict[str, Any]) -> Window:
    granularity = (_argument(call, body, "granularity") or "MINUTE").upper()
    start = _time("start_time", _argument(call, body, "start_time"))
    end = _time("end_time", _argument(call, body, "end_time"))
    try:
        start, end = service.check_metrics_window(granularity, start, end)
    except InvalidArgument as exc:
        raise InvalidArgument.for_fields(
            [
                FieldError(_config_spelling(e.field), _config_spelling(e.message))
                for e in exc.field_errors
            ]
        ) from None
    return Window(granularity, start, end)


def _names(call: ConfigCall, body: dict[str, Any]) -> list[str]:
    listed: Any = call.q_list("names") or body.get("names")
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        raise InvalidArgument.for_field("names", "names must be a list of resource names")
    if not listed:
        raise InvalidArgument.for_field("names", "names is required")
    if len(listed) > MAX_COUNT:
        raise InvalidArgument.for_field("names", f"at most {MAX_COUNT} names")
    return list(listed)


async def _metrics(call: ConfigCall, found: Addressed, window: Window) -> list[dict[str, Any]]:
    _, metrics = await service.delivery_metrics(
        call.session, call.principal, found.destination.id, found.destination.source_id
    )
    return [
        {
            "name": f"{found.name}/metrics/{m['metricName']}",
            "metric_name": m["metricName"],
            "total": m["total"],
            "breakdown": [
                {"metric_name": b["metricName"], "value": b["value"]}
                for b in m.get("breakdown", [])
            ],
            **window.out(),
        }
        for m in metrics
    ]


def _summary(found: Addressed, metrics: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "destination_name": found.name,
        "source_name": names.source(found.workspace, found.source.slug),
        "metrics": metrics,
    }


async def get_metric(call: ConfigCall) -> dict[str, Any]:
    found = await addressed(call)
    wanted = f"{found.name}/metrics/{call.path['metric']}"
    metrics = await _metrics(call, found, _window(call, body_of(call)))
    for metric in metrics:
        if metric["name"] == wanted:
            return metric
    raise NotFound(
        f"Metric '{call.path['metric']}' not found; known: "
        + ", ".join(m["metric_name"] for m in metrics)
    )


async def batch_get_metrics(call: ConfigCall) -> dict[str, Any]:
    """``names`` are metric names of this destination (``…/metrics/{metric}`` or bare)."""
    found = await addressed(call)
    body = body_of(call)
    wanted = _names(call, body)
    by_name = {m["name"]: m for m in await _metrics(call, found, _window(call, body))}
    out: list[dict[str, Any]] = []
    for name in wanted:
        full = name if "/" in name.strip("/") else f"{found.name}/metrics/{name}"
        if full.strip("/") not in by_name:
            raise InvalidArgument.for_field("names", f"'{name}' is not a metric of {found.name}")
        out.append(by_name[full.strip("/")])
    return {"metrics": out}


async def list_metrics(call: ConfigCall) -> dict[str, Any]:
    found = await addressed(call)
    return {
        "metrics": await _metrics(call, found, _window(call, body_of(call))),
        "next_page_token": "",
    }


async def get_metrics_summary(call: ConfigCall) -> dict[str, Any]:
    found = await addressed(call)
    return _summary(found, await _metrics(call, found, _window(call, body_of(call))))


async def batch_get_workspace_summaries(call: ConfigCall) -> dict[str, Any]:
    """``names`` are destination names in this workspace (another workspace's are 404).

    The names arrive in a GET body or the query, which the access check does not read
    (it lets reads that name no source through, as it does lists), so each named source is
    checked here: a caller who may read only some sources gets 403 for any other."""
    ws = call.workspace()
    body = body_of(call)
    window = _window(call, body)
    readable = call.principal.access.readable_sources()
    summaries: list[dict[str, Any]] = []
    for name in _names(call, body):
        parts = name.strip("/").split("/")
        if len(parts) != 6 or parts[0::2] != ["workspaces", "sources", "destinations"]:
            raise InvalidArgument.for_field("names", f"'{name}' is not a destination name")
        if parts[1] != ws:
            raise NotFound(f"Workspace '{parts[1]}' not found")
        source = await _source_named(call, parts[3])
        if readable is not None and source.id not in readable:
            raise PermissionDenied(
                f"This operation needs the Source Read-only role on source '{parts[3]}'"
            )
        found = await _find(call, ws, source, parts[5])
        summaries.append(_summary(found, await _metrics(call, found, window)))
    return {"summaries": summaries}


SOURCE = "/workspaces/{workspace}/sources/{source}"
DESTINATIONS = f"{SOURCE}/destinations"
DESTINATION = f"{DESTINATIONS}/{{destination}}"

OPERATIONS: list[Operation] = [
    cop("listDestinations", "GET", DESTINATIONS, list_destinations),
    cop("createDestination", "POST", DESTINATIONS, create_destination),
    cop("getDestination", "GET", DESTINATION, get_destination),
    cop("updateDestination", "PATCH", DESTINATION, update_destination),
    cop("deleteDestination", "DELETE", DESTINATION, delete_destination),
    cop("getDestinationMetric", "GET", f"{DESTINATION}/metrics/{{metric}}", get_metric),
    cop("batchGetDestinationMetrics", "GET", f"{DESTINATION}/metrics:batchGet", batch_get_metrics),
    cop("listDestinationMetrics", "GET", f"{DESTINATION}/metrics", list_metrics),
    cop(
        "getDestinationMetricsSummary",
        "GET",
        f"{DESTINATION}/metrics:getSummary",
        get_metrics_summary,
    ),
    cop(
        "batchGetEventDeliveryMetricsSummary",
        "GET",
        "/workspaces/{workspace}/event-delivery-metrics:batchGetSummary",
        batch_get_workspace_summaries,
    ),
]
