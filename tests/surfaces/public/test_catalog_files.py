"""Operators can add their own catalog items (``--catalog FILE``); later items replace
packaged ones with the same id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.api import Api, make_client
from tests.support.tenants import new_tenant
from tests.surfaces.public.expect import data

CUSTOM_SOURCE = {
    "id": "PwCustom01",
    "slug": "in-house-tracker",
    "name": "In-house Tracker",
    "description": "Our own event collector.",
    "logos": {"default": "https://example.com/logo.svg"},
    "options": [{"name": "endpoint", "type": "string", "required": True, "description": "URL"}],
    "categories": ["Server"],
    "isCloudEventSource": False,
}


@pytest.fixture
def custom_api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    extra = tmp_path / "catalog.json"
    renamed_js: dict[str, Any] = {**CUSTOM_SOURCE, "id": "IqDTy1TpoU", "slug": "javascript"}
    renamed_js["name"] = "Javascript (ours)"
    extra.write_bytes(orjson.dumps({"sources": [CUSTOM_SOURCE, renamed_js]}))
    with make_client(database_url, catalog_files=[extra]) as client:
        yield client.as_token(new_tenant(client).owner_token)


def test_an_extra_catalog_file_adds_and_replaces_items(custom_api: Api) -> None:
    item = data(custom_api.get("/catalog/sources/PwCustom01"))["sourceMetadata"]
    assert item == CUSTOM_SOURCE
    replaced = data(custom_api.get("/catalog/sources/IqDTy1TpoU"))["sourceMetadata"]
    assert replaced["name"] == "Javascript (ours)"
    missing = custom_api.post(
        "/sources", json={"slug": "mine", "enabled": True, "metadataId": "PwCustom01"}
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "source.settings.endpoint"
    created = custom_api.post(
        "/sources",
        json={
            "slug": "mine",
            "enabled": True,
            "metadataId": "PwCustom01",
            "settings": {"endpoint": "https://collector.example.com"},
        },
    )
    assert created.status_code == 201, created.text
