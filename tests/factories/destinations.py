"""Destinations and subscriptions, made through the Public API."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api

FIREBASE = "ad54b4f1f327cc5c72692c1d"
"""A classic destination with no required settings."""
AMPLITUDE = "54521fd525e721e32a72ee91"
"""A classic destination whose ``apiKey`` setting is required."""
WEBHOOK = "614a3c7d791c91c41bae7599"
"""Webhooks (Actions): an actions destination."""
WEBHOOK_SEND = "g92n77ESCs2skV1fvBcKSX"
"""The ``send`` action of Webhooks (Actions); ``url`` is a required field."""


def create_destination(
    api: Api,
    source_id: str,
    *,
    metadata_id: str = FIREBASE,
    settings: dict[str, Any] | None = None,
    name: str | None = None,
    enabled: bool | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sourceId": source_id,
        "metadataId": metadata_id,
        "settings": settings or {},
    }
    if name is not None:
        body["name"] = name
    if enabled is not None:
        body["enabled"] = enabled
    response = api.post("/destinations", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()["data"]["destination"]
    return created


def create_subscription(api: Api, destination_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Send tracks",
        "actionId": WEBHOOK_SEND,
        "trigger": 'type = "track"',
        "enabled": True,
        "settings": {"url": "https://example.com/hook", "method": "POST"},
        **overrides,
    }
    response = api.post(f"/destinations/{destination_id}/subscriptions", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()["data"]["destinationSubscription"]
    return created
