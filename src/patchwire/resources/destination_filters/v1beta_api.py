"""Destination filters and filter preview on the Config API, over the same filter service.

Filters live under their Config destination (``…/destinations/{slug}/filters/{id}``, see
``destinations.v1beta_api`` for how a slug picks a destination). Actions travel in the
Config spelling and are translated both ways through ``mapping.FILTER_ACTION_TYPES``:

- ``{type: drop_event}`` ↔ ``{type: DROP}``
- ``{type: whitelist_fields | blacklist_fields, fields: {properties: {fields: [..]}, …}}``
  ↔ ``{type: ALLOW_PROPERTIES | DROP_PROPERTIES, fields: {properties: [..], …}}``
- ``{type: sample_event, percent, path}`` ↔ ``{type: SAMPLE, percent, path}``
"""

from __future__ import annotations

from typing import Any

from patchwire.core.errors import FieldError, InvalidArgument
from patchwire.core.validation import parse_python_model
from patchwire.db.models import DestinationFilter
from patchwire.resources.destination_filters import service
from patchwire.resources.destination_filters.schemas import (
    CreateFilterIn,
    PreviewIn,
    UpdateFilterIn,
)
from patchwire.resources.destinations.v1beta_api import (
    DESTINATION,
    Addressed,
    addressed,
    body_of,
    resource_of,
)
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.mapping import FILTER_ACTION_TYPES
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.update_mask import masked_values
from patchwire.surfaces.v1beta.wire import page_out

CONFIG_ACTION_TYPES = {public: config for config, public in FILTER_ACTION_TYPES.items()}
_UPDATABLE: dict[str, type] = {
    "if": str,
    "actions": list,
    "title": str,
    "description": str,
    "enabled": bool,
}


def action_out(action: dict[str, Any]) -> dict[str, Any]:
    kind = str(action.get("type"))
    out: dict[str, Any] = {"type": CONFIG_ACTION_TYPES.get(kind, kind.lower())}
    fields = action.get("fields")
    if isinstance(fields, dict):
        out["fields"] = {path: {"fields": keys} for path, keys in fields.items()}
    for key in ("percent", "path"):
        if action.get(key) is not None:
            out[key] = action[key]
    return out


def filter_out(item: DestinationFilter, destination_name: str) -> dict[str, Any]:
    return {
        "name": names.destination_filter(destination_name, item.id),
        "title": item.title,
        "description": item.description or "",
        "if": item.condition,
        "enabled": item.enabled,
        "actions": [action_out(a) for a in item.actions],
    }


def _action_in(action: Any, field: str) -> dict[str, Any]:
    """One Config action in the Public spelling; shapes the service checks pass through."""
    if not isinstance(action, dict):
        raise InvalidArgument.for_field(field, "an action must be an object")
    kind = FILTER_ACTION_TYPES.get(str(action.get("type")))
    if kind is None:
        known = ", ".join(FILTER_ACTION_TYPES)
        raise InvalidArgument.for_field(f"{field}.type", f"type must be one of {known}")
    out: dict[str, Any] = {"type": kind}
    fields = action.get("fields")
    if fields is not None:
        if not isinstance(fields, dict):
            raise InvalidArgument.for_field(f"{field}.fields", "fields must be an object")
        errors: list[FieldError] = []
        out["fields"] = {}
        for path, listed in fields.items():
            if not isinstance(listed, dict) or "fields" not in listed:
                errors.append(FieldError(f"{field}.fields.{path}", "must be {fields: [names]}"))
            else:
                out["fields"][path] = listed["fields"]
        if errors:
            raise InvalidArgument.for_fields(errors)
    for key in ("percent", "path"):
        if action.get(key) is not None:
            out[key] = action[key]
    return out


def actions_in(actions: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(actions, list):
        raise InvalidArgument.for_field(field, "actions must be a list")
    return [_action_in(a, f"{field}[{i}]") for i, a in enumerate(actions)]


async def list_filters(call: ConfigCall) -> dict[str, Any]:
    found = await addressed(call)
    page = await service.list_page(
        call.session, call.principal, found.destination.id, call.page(), call.runtime.cursors
    )
    return page_out("filters", [filter_out(f, found.name) for f in page.items], page)


async def create_filter(call: ConfigCall) -> dict[str, Any]:
    """Any ``update_mask`` sent along (the Go client sends one) is ignored on create."""
    found = await addressed(call)
    body = resource_of(body_of(call), "filter")
    public: dict[str, Any] = {
        "sourceId": found.destination.source_id,
        "actions": actions_in(body.get("actions", []), "filter.actions"),
    }
    for key in ("title", "description", "enabled", "if"):
        value = body.get(key)
        if value is not None and not isinstance(value, _UPDATABLE[key]):
            raise InvalidArgument.for_field(
                f"filter.{key}", f"{key} must be {_UPDATABLE[key].__name__}"
            )
        if value is not None:
            public[key] = value
    data = parse_python_model(CreateFilterIn, public, "filter")
    item = await service.create(call.session, call.principal, found.destination.id, data)
    return filter_out(item, found.name)


async def _filter(call: ConfigCall) -> tuple[Addressed, DestinationFilter]:
    found = await addressed(call)
    item = await service.get(call.session, call.principal, found.destination.id, call.path["id"])
    return found, item


async def get_filter(call: ConfigCall) -> dict[str, Any]:
    found, item = await _filter(call)
    return filter_out(item, found.name)


async def update_filter(call: ConfigCall) -> dict[str, Any]:
    """Mask paths ``if``, ``actions``, ``title``, ``description``, ``enabled`` (``filter.``
    prefix optional); a masked ``title`` or ``if`` without a value is a 400, since neither
    may be empty, and a masked ``description`` without one removes it."""
    found, item = await _filter(call)
    body = body_of(call)
    resource_of(body, "filter", required=False)
    changes = masked_values(body, "filter", _UPDATABLE)
    if "actions" in changes:
        changes["actions"] = actions_in(changes["actions"], "filter.actions")
    if "description" in changes:
        changes["description"] = changes["description"] or None
    data = parse_python_model(UpdateFilterIn, changes, "filter")
    item = await service.update(call.session, call.principal, found.destination.id, item.id, data)
    return filter_out(item, found.name)


async def delete_filter(call: ConfigCall) -> dict[str, Any]:
    found, item = await _filter(call)
    await service.remove(call.session, call.principal, found.destination.id, item.id)
    return {}


async def preview_filter(call: ConfigCall) -> dict[str, Any]:
    """``{"filter": {"if", "actions"}, "payload": {...}}`` → ``{"input_payload", "result"}``,
    where ``result`` is the event after the filter, or ``null`` when the filter drops it."""
    body = call.json()
    spec = resource_of(body, "filter")
    wanted = {
        "filter": {
            "if": spec.get("if"),
            "actions": actions_in(spec.get("actions", []), "filter.actions"),
        },
        "payload": body.get("payload"),
    }
    data = parse_python_model(PreviewIn, wanted)
    return {"input_payload": data.payload, "result": service.preview(data)}


FILTERS = f"{DESTINATION}/filters"
FILTER = f"{FILTERS}/{{id}}"

OPERATIONS: list[Operation] = [
    cop("listDestinationFilters", "GET", FILTERS, list_filters),
    cop("createDestinationFilter", "POST", FILTERS, create_filter),
    cop("getDestinationFilter", "GET", FILTER, get_filter),
    cop("updateDestinationFilter", "PATCH", FILTER, update_filter),
    cop("deleteDestinationFilter", "DELETE", FILTER, delete_filter),
    cop("previewDestinationFilter", "POST", "/filters/preview", preview_filter, write=False),
]
