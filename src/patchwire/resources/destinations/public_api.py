"""Destinations and their action subscriptions on the Public API."""

from __future__ import annotations

from typing import Any

from patchwire.catalog.loader import Catalog
from patchwire.core.media import V1ALPHA, V1BETA
from patchwire.db.models import Destination, DestinationSubscription
from patchwire.resources.destinations import service
from patchwire.resources.destinations.schemas import (
    CreateDestinationIn,
    CreateSubscriptionIn,
    UpdateDestinationIn,
    UpdateSubscriptionIn,
)
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def destination_out(destination: Destination, catalog: Catalog) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": destination.id,
        "enabled": destination.enabled,
        "metadata": service.metadata_for(catalog, destination.metadata_id),
        "sourceId": destination.source_id,
        "settings": destination.settings,
    }
    if destination.name is not None:
        out["name"] = destination.name
    return out


def subscription_out(subscription: DestinationSubscription) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": subscription.id,
        "name": subscription.name,
        "actionId": subscription.action_id,
        "actionSlug": subscription.action_slug,
        "destinationId": subscription.destination_id,
        "enabled": subscription.enabled,
        "settings": subscription.settings,
        "trigger": subscription.trigger,
    }
    if subscription.model_id is not None:
        out["modelId"] = subscription.model_id
    return out


async def list_destinations(call: Call) -> dict[str, Any]:
    page = await service.list_page(call.session, call.principal, call.page(), call.runtime.cursors)
    catalog = call.runtime.catalog
    return {
        "destinations": [destination_out(d, catalog) for d in page.items],
        "pagination": page_out(page),
    }


async def create_destination(call: Call) -> dict[str, Any]:
    data = call.body(CreateDestinationIn, prefix="destination")
    destination = await service.create(call.session, call.principal, call.runtime.catalog, data)
    return {"destination": destination_out(destination, call.runtime.catalog)}


async def get_destination(call: Call) -> dict[str, Any]:
    destination = await service.get(call.session, call.principal, call.path["destinationId"])
    return {"destination": destination_out(destination, call.runtime.catalog)}


async def update_destination(call: Call) -> dict[str, Any]:
    data = call.body(UpdateDestinationIn, prefix="destination")
    destination = await service.update(
        call.session, call.principal, call.runtime.catalog, call.path["destinationId"], data
    )
    return {"destination": destination_out(destination, call.runtime.catalog)}


async def delete_destination(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["destinationId"])
    return {"status": "SUCCESS"}


async def delivery_metrics(call: Call) -> dict[str, Any]:
    source_id = call.q_str("sourceId", required=True, max_length=255) or ""
    service.check_metrics_window(
        (call.q_str("granularity", max_length=16) or "MINUTE").upper(),
        call.q_datetime("startTime"),
        call.q_datetime("endTime"),
    )
    destination, metrics = await service.delivery_metrics(
        call.session, call.principal, call.path["destinationId"], source_id
    )
    return {
        "deliveryMetricsSummary": {
            "sourceId": destination.source_id,
            "destinationMetadataId": destination.metadata_id,
            "metrics": metrics,
        }
    }


async def list_subscriptions(call: Call) -> dict[str, Any]:
    page = await service.list_subscriptions(
        call.session, call.principal, call.path["destinationId"], call.page(), call.runtime.cursors
    )
    return {
        "subscriptions": [subscription_out(s) for s in page.items],
        "pagination": page_out(page),
    }


async def create_subscription(call: Call) -> dict[str, Any]:
    data = call.body(CreateSubscriptionIn)
    subscription = await service.create_subscription(
        call.session, call.principal, call.runtime.catalog, call.path["destinationId"], data
    )
    return {"destinationSubscription": subscription_out(subscription)}


async def get_subscription(call: Call) -> dict[str, Any]:
    subscription = await service.get_subscription(
        call.session, call.principal, call.path["destinationId"], call.path["id"]
    )
    return {"subscription": subscription_out(subscription)}


async def update_subscription(call: Call) -> dict[str, Any]:
    data = call.body(UpdateSubscriptionIn)
    subscription = await service.update_subscription(
        call.session,
        call.principal,
        call.runtime.catalog,
        call.path["destinationId"],
        call.path["id"],
        data.input,
    )
    return {"subscription": subscription_out(subscription)}


async def remove_subscription(call: Call) -> dict[str, Any]:
    await service.remove_subscription(
        call.session, call.principal, call.path["destinationId"], call.path["id"]
    )
    return {"status": "SUCCESS"}


ALPHA = (V1ALPHA,)
SUBSCRIPTION = "/destinations/{destinationId}/subscriptions/{id}"

OPERATIONS: list[Operation] = [
    op("listDestinations", "GET", "/destinations", list_destinations),
    op("createDestination", "POST", "/destinations", create_destination),
    op("getDestination", "GET", "/destinations/{destinationId}", get_destination),
    op("updateDestination", "PATCH", "/destinations/{destinationId}", update_destination),
    op("deleteDestination", "DELETE", "/destinations/{destinationId}", delete_destination),
    op(
        "listDeliveryMetricsSummaryFromDestination",
        "GET",
        "/destinations/{destinationId}/delivery-metrics",
        delivery_metrics,
        versions=(V1BETA, V1ALPHA),
    ),
    op(
        "listSubscriptionsFromDestination",
        "GET",
        "/destinations/{destinationId}/subscriptions",
        list_subscriptions,
        versions=ALPHA,
    ),
    op(
        "createDestinationSubscription",
        "POST",
        "/destinations/{destinationId}/subscriptions",
        create_subscription,
        versions=ALPHA,
    ),
    op("getSubscriptionFromDestination", "GET", SUBSCRIPTION, get_subscription, versions=ALPHA),
    op(
        "updateSubscriptionForDestination",
        "PATCH",
        SUBSCRIPTION,
        update_subscription,
        versions=ALPHA,
    ),
    op(
        "removeSubscriptionFromDestination",
        "DELETE",
        SUBSCRIPTION,
        remove_subscription,
        versions=ALPHA,
    ),
]
