"""A user scoped to one source lists only that source's transformations."""

from __future__ import annotations

from typing import Any

from tests.factories import create_source
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, new_member
from tests.surfaces.public.expect import data, walk


def _transformation(api: Api, source_id: str) -> str:
    body: dict[str, Any] = {
        "name": "Rename",
        "sourceId": source_id,
        "enabled": True,
        "if": 'event = "a"',
        "newEventName": "b",
    }
    made: str = data(api.post("/transformations", json=body))["transformation"]["id"]
    return made


def test_source_read_only_lists_only_its_sources_transformations(
    client: Api, api: Api, tenant: Tenant
) -> None:
    mine, other = create_source(api), create_source(api)
    visible = _transformation(api, mine["id"])
    _transformation(api, other["id"])
    grant = {
        "roleId": ROLE["Source Read-only"],
        "resources": [{"id": mine["id"], "type": "SOURCE"}],
    }
    member = client.as_token(new_member(client, api, tenant, [grant]).token)
    listed = walk(member, "/transformations", "transformations", 10)
    assert [t["id"] for t in listed] == [visible]
    assert len(walk(api, "/transformations", "transformations", 10)) == 2
