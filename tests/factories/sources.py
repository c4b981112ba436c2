"""Sources, made the way a client makes them: ``POST /sources``."""

from __future__ import annotations

import secrets
from typing import Any

from tests.support.api import Api

JAVASCRIPT = "IqDTy1TpoU"
"""The catalog id of the ``javascript`` source: no required settings."""


def unique_slug(prefix: str = "src") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def create_source(
    api: Api,
    *,
    slug: str | None = None,
    metadata_id: str = JAVASCRIPT,
    enabled: bool = True,
    name: str | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Create a source and return ``data.source``; anything but a 201 fails the test."""
    body: dict[str, Any] = {
        "slug": slug or unique_slug(),
        "enabled": enabled,
        "metadataId": metadata_id,
    }
    if name is not None:
        body["name"] = name
    if settings is not None:
        body["settings"] = settings
    response = api.post("/sources", json=body)
    assert response.status_code == 201, response.text
    source: dict[str, Any] = response.json()["data"]["source"]
    return source
