"""Destination and subscription rules, shared by both API surfaces. Services never commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.catalog.loader import Catalog, CatalogItem
from patchwire.catalog.settings_validation import merge_settings, validate_settings
from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Destination, DestinationSubscription
from patchwire.resources.destinations import repository
from patchwire.resources.destinations.schemas import (
    CreateDestinationIn,
    CreateSubscriptionIn,
    SubscriptionChangesIn,
    UpdateDestinationIn,
)
from patchwire.resources.fql_fields import fql_error
from patchwire.resources.sources import repository as sources

RESOURCE = "destination"


def metadata_for(catalog: Catalog, metadata_id: str) -> CatalogItem:
    item = catalog.destinations.by_id.get(metadata_id)
    if item is None:
        # The operator removed the catalog file this destination came from: keep serving it.
        return {
            "id": metadata_id,
            "name": metadata_id,
            "slug": metadata_id,
            "description": "This catalog item is no longer in the catalog.",
            "logos": {"default": ""},
            "options": [],
            "status": "UNAVAILABLE",
            "previousNames": [],
            "categories": [],
            "website": "",
            "components": [],
            "supportedFeatures": {},
            "supportedMethods": {},
            "supportedPlatforms": {},
            "actions": [],
            "presets": [],
        }
    return item


def _target(destination: Destination) -> dict[str, str]:
    return {
        "resource_id": destination.id,
        "resource_type": RESOURCE,
        "resource_name": destination.name or destination.metadata_id,
    }


async def create(
    session: AsyncSession, principal: Principal, catalog: Catalog, data: CreateDestinationIn
) -> Destination:
    ws = principal.workspace_id
    errors: list[FieldError] = []
    if not await sources.exists(session, ws, data.sourceId):
        errors.append(FieldError("destination.sourceId", f"No source with id '{data.sourceId}'"))
    metadata = catalog.destinations.by_id.get(data.metadataId)
    if metadata is None:
        errors.append(
            FieldError(
                "destination.metadataId",
                f"No destination in the catalog has id '{data.metadataId}'",
            )
        )
    else:
        errors += validate_settings(
            metadata["options"], data.settings, prefix="destination.settings", allow_unknown=False
        )
    if errors:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    destination = Destination(
        id=new_id(),
        workspace_id=ws,
        source_id=data.sourceId,
        name=data.name,
        metadata_id=data.metadataId,
        enabled=True if data.enabled is None else data.enabled,
        settings=data.settings,
        created_at=now,
        updated_at=now,
    )
    session.add(destination)
    await session.flush()
    audit.record(session, principal, "Destination Created", **_target(destination))
    return destination


async def get(session: AsyncSession, principal: Principal, destination_id: str) -> Destination:
    return await repository.get(session, principal.workspace_id, destination_id)


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> Page[Destination]:
    readable = principal.access.readable_sources()
    return await repository.page(
        session, principal.workspace_id, request, codec, source_ids=readable
    )


async def page_for_source(
    session: AsyncSession,
    principal: Principal,
    source_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[Destination]:
    """Destinations fed by one source (404 when the source is not this workspace's)."""
    await sources.get(session, principal.workspace_id, source_id)
    return await repository.page(
        session, principal.workspace_id, request, codec, source_id=source_id
    )


async def update(
    session: AsyncSession,
    principal: Principal,
    catalog: Catalog,
    destination_id: str,
    data: UpdateDestinationIn,
) -> Destination:
    destination = await repository.get(session, principal.workspace_id, destination_id)
    fields = data.model_fields_set
    errors: list[FieldError] = []
    if "enabled" in fields and data.enabled is None:
        errors.append(FieldError("destination.enabled", '"enabled" must be true or false'))
    settings = destination.settings
    if data.settings is not None:
        settings = merge_settings(destination.settings, data.settings)
        options = metadata_for(catalog, destination.metadata_id)["options"]
        errors += validate_settings(
            options, settings, prefix="destination.settings", allow_unknown=False
        )
    if errors:
        raise InvalidArgument.for_fields(errors)
    events: list[str] = []
    if "name" in fields and data.name != destination.name:
        destination.name = data.name
        events.append("Destination Modified")
    if data.enabled is not None and data.enabled != destination.enabled:
        destination.enabled = data.enabled
        events.append("Destination Enabled" if data.enabled else "Destination Disabled")
    if settings != destination.settings:
        destination.settings = settings
        events.append("Destination Settings Modified")
    if events:
        destination.updated_at = utcnow()
        await session.flush()
        for event in dict.fromkeys(events):
            audit.record(session, principal, event, **_target(destination))
    return destination


async def delete(session: AsyncSession, principal: Principal, destination_id: str) -> None:
    destination = await repository.get(session, principal.workspace_id, destination_id)
    audit.record(session, principal, "Destination Deleted", **_target(destination))
    await session.delete(destination)
    await session.flush()


async def delete_for_source(session: AsyncSession, principal: Principal, source_id: str) -> None:
    """A deleted source takes its destinations with it (as in Segment); each is audited."""
    for destination in await repository.for_source(session, principal.workspace_id, source_id):
        audit.record(session, principal, "Destination Deleted", **_target(destination))
        await session.delete(destination)
    await session.flush()


# --- delivery metrics ---------------------------------------------------------------

_WINDOWS = {
    "MINUTE": (timedelta(hours=1), timedelta(hours=4), timedelta(hours=48)),
    "HOUR": (timedelta(days=7), timedelta(days=7), timedelta(days=7)),
    "DAY": (timedelta(days=30), timedelta(days=14), timedelta(days=14)),
}
METRIC_NAMES = (
    ("successes", ("successes_on_first_attempt", "successes_after_retry")),
    ("expired", ()),
    ("discarded", ()),
    ("retried", ()),
    ("time_to_success", ("time_to_success_average", "time_to_success_p95")),
    ("time_to_first_attempt", ("time_to_first_attempt_average", "time_to_first_attempt_p95")),
)


def check_metrics_window(
    granularity: str, start: datetime | None, end: datetime | None
) -> tuple[datetime, datetime]:
    """Apply the documented per-granularity default window and, to a window the caller
    chose, the documented limits on its span and age; 422 outside them."""
    if granularity not in _WINDOWS:
        raise InvalidArgument.for_field("granularity", "granularity must be DAY, HOUR or MINUTE")
    default_span, max_span, oldest = _WINDOWS[granularity]
    now = datetime.now(UTC)
    end = end or now
    if start is None:
        return end - default_span, end
    errors: list[FieldError] = []
    if start >= end:
        errors.append(FieldError("startTime", "startTime must be before endTime"))
    elif end - start > max_span:
        errors.append(
            FieldError("startTime", f"With {granularity} the range is at most {max_span}")
        )
    if start < now - oldest:
        errors.append(
            FieldError("startTime", f"With {granularity} startTime is at most {oldest} ago")
        )
    if errors:
        raise InvalidArgument.for_fields(errors)
    return start, end


async def delivery_metrics(
    session: AsyncSession, principal: Principal, destination_id: str, source_id: str
) -> tuple[Destination, list[dict[str, Any]]]:
    """Patchwire stores configuration, not event traffic: it has delivered nothing, so every
    metric is an honest zero rather than an invented number."""
    destination = await repository.get(session, principal.workspace_id, destination_id)
    if destination.source_id != source_id:
        raise InvalidArgument.for_field(
            "sourceId", f"Destination '{destination_id}' is not connected to source '{source_id}'"
        )
    metrics: list[dict[str, Any]] = []
    for name, breakdown in METRIC_NAMES:
        metric: dict[str, Any] = {"metricName": name, "total": 0}
        if breakdown:
            metric["breakdown"] = [{"metricName": b, "value": 0} for b in breakdown]
        metrics.append(metric)
    return destination, metrics


# --- subscriptions -------------------------------------------------------------------


def _action(metadata: CatalogItem, action_id: str) -> dict[str, Any] | None:
    return next((a for a in metadata.get("actions", []) if a["id"] == action_id), None)


def _subscription_settings_errors(
    action: Mapping[str, Any], settings: Mapping[str, Any], prefix: str, *, check_required: bool
) -> list[FieldError]:
    """Keys must be the action's fields; required fields must be mapped (any value shape:
    literals and ``{"@path": ...}`` mappings are both valid)."""
    fields = {f["fieldKey"]: f for f in action.get("fields", [])}
    errors = [
        FieldError(f"{prefix}.{key}", f'"{key}" is not a field of action {action["slug"]}')
        for key in settings
        if key not in fields
    ]
    if check_required:
        errors += [
            FieldError(f"{prefix}.{key}", f'"{key}" is required by action {action["slug"]}')
            for key, field in fields.items()
            if field.get("required")
            and settings.get(key) is None
            and field.get("defaultValue") is None
        ]
    return errors


def _subscription_target(subscription: DestinationSubscription) -> dict[str, str]:
    return {
        "resource_id": subscription.id,
        "resource_type": "destination_subscription",
        "resource_name": subscription.name,
    }


async def create_subscription(
    session: AsyncSession,
    principal: Principal,
    catalog: Catalog,
    destination_id: str,
    data: CreateSubscriptionIn,
) -> DestinationSubscription:
    destination = await repository.get(session, principal.workspace_id, destination_id)
    metadata = metadata_for(catalog, destination.metadata_id)
    errors: list[FieldError] = []
    action = _action(metadata, data.actionId)
    if not metadata.get("actions"):
        errors.append(FieldError("actionId", f"{metadata['name']} is not an actions destination"))
    elif action is None:
        errors.append(
            FieldError("actionId", f"{metadata['name']} has no action with id '{data.actionId}'")
        )
    else:
        errors += _subscription_settings_errors(
            action, data.settings or {}, "settings", check_required=True
        )
    trigger_error = fql_error("trigger", data.trigger)
    if trigger_error:
        errors.append(trigger_error)
    if errors or action is None:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    subscription = DestinationSubscription(
        id=new_id(),
        workspace_id=principal.workspace_id,
        destination_id=destination.id,
        name=data.name,
        action_id=action["id"],
        action_slug=action["slug"],
        enabled=data.enabled,
        trigger=data.trigger,
        settings=data.settings or {},
        model_id=data.modelId,
        created_at=now,
        updated_at=now,
    )
    session.add(subscription)
    await session.flush()
    audit.record(
        session, principal, "Destination Subscription Created", **_subscription_target(subscription)
    )
    return subscription


async def get_subscription(
    session: AsyncSession, principal: Principal, destination_id: str, subscription_id: str
) -> DestinationSubscription:
    await repository.get(session, principal.workspace_id, destination_id)
    return await repository.get_subscription(
        session, principal.workspace_id, destination_id, subscription_id
    )


async def list_subscriptions(
    session: AsyncSession,
    principal: Principal,
    destination_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[DestinationSubscription]:
    await repository.get(session, principal.workspace_id, destination_id)
    return await repository.subscriptions_page(
        session, principal.workspace_id, destination_id, request, codec
    )


async def update_subscription(
    session: AsyncSession,
    principal: Principal,
    catalog: Catalog,
    destination_id: str,
    subscription_id: str,
    changes: SubscriptionChangesIn,
) -> DestinationSubscription:
    destination = await repository.get(session, principal.workspace_id, destination_id)
    subscription = await repository.get_subscription(
        session, principal.workspace_id, destination_id, subscription_id
    )
    fields = changes.model_fields_set
    errors: list[FieldError] = []
    for name in ("name", "trigger", "enabled"):
        if name in fields and getattr(changes, name) is None:
            errors.append(FieldError(f"input.{name}", f'"{name}" cannot be null'))
    if changes.trigger is not None:
        trigger_error = fql_error("input.trigger", changes.trigger)
        if trigger_error:
            errors.append(trigger_error)
    settings = subscription.settings
    if changes.settings is not None:
        settings = changes.settings
        action = _action(metadata_for(catalog, destination.metadata_id), subscription.action_id)
        if action is not None:
            errors += _subscription_settings_errors(
                action, settings, "input.settings", check_required=True
            )
    if errors:
        raise InvalidArgument.for_fields(errors)
    before = (subscription.name, subscription.trigger, subscription.enabled, subscription.settings)
    if changes.name is not None:
        subscription.name = changes.name
    if changes.trigger is not None:
        subscription.trigger = changes.trigger
    if changes.enabled is not None:
        subscription.enabled = changes.enabled
    subscription.settings = settings
    after = (subscription.name, subscription.trigger, subscription.enabled, subscription.settings)
    if before != after:
        subscription.updated_at = utcnow()
        await session.flush()
        audit.record(
            session,
            principal,
            "Destination Subscription Modified",
            **_subscription_target(subscription),
        )
    return subscription


async def remove_subscription(
    session: AsyncSession, principal: Principal, destination_id: str, subscription_id: str
) -> None:
    subscription = await get_subscription(session, principal, destination_id, subscription_id)
    audit.record(
        session, principal, "Destination Subscription Deleted", **_subscription_target(subscription)
    )
    await session.delete(subscription)
    await session.flush()
