"""Warehouses: the 10 operations, each with its happy path (read back) and its error paths,
plus the two helpers the Sources operations use (connected warehouses, connect-to-all).

Connection tests are real: the local PostgreSQL answers Postgres and Redshift settings, a
closed port and a listener that never speaks show FAILED, and Snowflake is 501.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.auth import Principal
from patchwire.core.errors import NotFound
from patchwire.core.pagination import PageRequest
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.db.models import Warehouse
from patchwire.db.scoped import scoped
from patchwire.resources.tokens import service as tokens
from patchwire.resources.warehouses import service
from patchwire.resources.warehouses.wire import connected_warehouses_page
from tests.conftest import unavailable
from tests.factories import JAVASCRIPT, create_source, unique_slug
from tests.support.api import Api
from tests.support.tenants import Tenant
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

POSTGRES = "55d3d3aea3c"
REDSHIFT = "aea3c55dsz"
SNOWFLAKE = "CCIl4HLQPz"
BIGQUERY = "kwX50Df0hr"
MASK = "••••••"
UNKNOWN_ID = "qQEHquLrjRDN9j1ByrChyn"
PASSWORD = "correct horse battery staple"


def pg_settings(**changes: Any) -> dict[str, Any]:
    """Settings of a Postgres warehouse on a host nobody answers for (nothing connects)."""
    settings: dict[str, Any] = {
        "host": "warehouse.example.com",
        "port": 5432,
        "database": "analytics",
        "username": "segment",
        "password": PASSWORD,
    }
    settings.update(changes)
    return {k: v for k, v in settings.items() if v is not None}


SNOWFLAKE_SETTINGS = {
    "account": "xy12345.eu-west-1",
    "warehouse": "LOADING",
    "database": "SEGMENT",
    "username": "SEGMENT_USER",
    "password": PASSWORD,
}


def create_warehouse(
    api: Api,
    *,
    metadata_id: str = POSTGRES,
    settings: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    body = {"metadataId": metadata_id, "settings": settings or pg_settings(), **fields}
    warehouse: dict[str, Any] = data(api.post("/warehouses", json=body), 201)["warehouse"]
    return warehouse


def get_warehouse(api: Api, warehouse_id: str) -> dict[str, Any]:
    warehouse: dict[str, Any] = data(api.get(f"/warehouses/{warehouse_id}"))["warehouse"]
    return warehouse


def stored(api: Api, tenant: Tenant, warehouse_id: str) -> Warehouse:
    """The row as stored, secrets in clear (what the API never shows)."""

    async def work() -> Warehouse:
        async with api.runtime.sessions() as session:
            stmt = scoped(Warehouse, tenant.workspace_id).where(Warehouse.id == warehouse_id)
            return (await session.scalars(stmt)).one()

    return api.run(work)


def event_types(api: Api, resource_id: str) -> list[str]:
    return [e["type"] for e in audit_events(api, resourceId=resource_id)]


def connected_source_ids(api: Api, warehouse_id: str) -> list[str]:
    url = f"/warehouses/{warehouse_id}/connected-sources"
    return [s["id"] for s in walk(api, url, "sources", 200)]


def connect(api: Api, warehouse_id: str, source_id: str) -> None:
    url = f"/warehouses/{warehouse_id}/connected-sources/{source_id}"
    assert data(api.post(url), 201) == {"status": "CONNECTED"}


async def owner(session: AsyncSession, tenant: Tenant) -> Principal:
    """The principal the app builds for the tenant's owner token."""
    return await tokens.authenticate(session, tenant.owner_token)


@pytest.fixture(scope="session")
def local_postgres(postgres_admin_url: str) -> dict[str, Any]:
    """Postgres warehouse settings naming the local test server (trust auth: any password)."""
    url = urlsplit(postgres_admin_url)
    settings = {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "database": url.path.lstrip("/") or "postgres",
        "username": url.username or "postgres",
        "password": url.password or "anything",
    }

    async def reachable() -> None:
        connection = await asyncpg.connect(
            host=settings["host"],
            port=settings["port"],
            user=settings["username"],
            password=settings["password"],
            database=settings["database"],
            timeout=5,
        )
        await connection.close()

    try:
        asyncio.run(reachable())
    except (OSError, asyncpg.PostgresError) as exc:
        unavailable(f"PostgreSQL is not reachable at {postgres_admin_url}: {exc}")
    return settings


@pytest.fixture
def closed_port() -> int:
    """A loopback port with no listener (bound, never listened on, so nothing else takes it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections and never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


class TestCreateWarehouse:
    def test_returns_the_warehouse_with_its_secret_masked(self, api: Api, tenant: Tenant) -> None:
        body = {"metadataId": POSTGRES, "name": "Main", "settings": pg_settings()}
        warehouse = data(api.post("/warehouses", json=body), 201)["warehouse"]

        assert set(warehouse) == {"id", "metadata", "workspaceId", "enabled", "settings"}
        assert warehouse["workspaceId"] == tenant.workspace_id
        assert warehouse["enabled"] is True
        catalog = data(api.get(f"/catalog/warehouses/{POSTGRES}"))["warehouseMetadata"]
        assert warehouse["metadata"] == catalog
        assert warehouse["settings"] == {**pg_settings(password=MASK), "name": "Main"}
        assert get_warehouse(api, warehouse["id"]) == warehouse
        assert stored(api, tenant, warehouse["id"]).settings == pg_settings()

    def test_enabled_false_and_no_name(self, api: Api) -> None:
        warehouse = create_warehouse(api, enabled=False)
        assert warehouse["enabled"] is False
        assert "name" not in warehouse["settings"]

    def test_a_port_with_a_catalog_default_may_be_left_out(self, api: Api) -> None:
        warehouse = create_warehouse(api, settings=pg_settings(port=None))
        assert "port" not in warehouse["settings"]

    def test_secrets_named_by_type_are_masked_for_every_kind(self, api: Api) -> None:
        credentials = '{"type": "service_account", "private_key": "-----BEGIN"}'
        warehouse = create_warehouse(
            api,
            metadata_id=BIGQUERY,
            settings={"gc-project": "acme", "credentials": credentials, "location": "EU"},
        )
        assert warehouse["settings"] == {
            "gc-project": "acme",
            "credentials": MASK,
            "location": "EU",
        }

    def test_the_name_may_come_inside_settings(self, api: Api, tenant: Tenant) -> None:
        warehouse = create_warehouse(api, settings={**pg_settings(), "name": "From settings"})
        assert warehouse["settings"]["name"] == "From settings"
        row = stored(api, tenant, warehouse["id"])
        assert row.name == "From settings"
        assert "name" not in row.settings

    def test_unknown_metadata_id(self, api: Api) -> None:
        response = api.post("/warehouses", json={"metadataId": "nope", "settings": {}})
        assert invalid_fields(response) == ["warehouse.metadataId"]

    def test_a_source_metadata_id_is_not_a_warehouse(self, api: Api) -> None:
        response = api.post("/warehouses", json={"metadataId": JAVASCRIPT, "settings": {}})
        assert invalid_fields(response) == ["warehouse.metadataId"]

    def test_missing_required_settings_each_have_an_entry(self, api: Api) -> None:
        response = api.post("/warehouses", json={"metadataId": POSTGRES, "settings": {}})
        assert sorted(invalid_fields(response)) == [
            "warehouse.settings.database",
            "warehouse.settings.host",
            "warehouse.settings.password",
            "warehouse.settings.username",
        ]

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("port", "5432"),
            ("port", 0),
            ("port", 70000),
            ("port", 5432.5),
            ("host", 5),
            ("host", ""),
            ("password", ["x"]),
            ("sslmode", "require"),
        ],
    )
    def test_bad_settings_are_named(self, api: Api, key: str, value: Any) -> None:
        body = {"metadataId": POSTGRES, "settings": {**pg_settings(), key: value}}
        assert invalid_fields(api.post("/warehouses", json=body)) == [f"warehouse.settings.{key}"]

    def test_the_mask_is_not_a_secret(self, api: Api) -> None:
        body = {"metadataId": POSTGRES, "settings": pg_settings(password=MASK)}
        assert invalid_fields(api.post("/warehouses", json=body)) == ["warehouse.settings.password"]

    def test_body_fields_are_checked_strictly(self, api: Api) -> None:
        response = api.post("/warehouses", json={"enabled": "yes", "name": 7})
        assert sorted(invalid_fields(response)) == [
            "warehouse.enabled",
            "warehouse.metadataId",
            "warehouse.name",
            "warehouse.settings",
        ]

    def test_failed_creates_leave_nothing_behind(self, api: Api) -> None:
        api.post("/warehouses", json={"metadataId": POSTGRES, "settings": {}})
        listed = data(api.get("/warehouses", params={"pagination.count": 10}))
        assert listed["warehouses"] == []

    def test_records_storage_destination_created(self, api: Api) -> None:
        warehouse = create_warehouse(api, name="Main")
        events = audit_events(api, resourceId=warehouse["id"])
        assert [e["type"] for e in events] == ["Storage Destination Created"]
        assert events[0]["resourceType"] == "warehouse"
        assert events[0]["resourceName"] == "Main"

    def test_a_read_only_token_is_refused(self, readonly_api: Api) -> None:
        body = {"metadataId": POSTGRES, "settings": pg_settings()}
        error(readonly_api.post("/warehouses", json=body), 403, "forbidden")

    def test_no_token_is_401(self, client: Api) -> None:
        body = {"metadataId": POSTGRES, "settings": pg_settings()}
        error(client.post("/warehouses", json=body), 401, "unauthorized")


class TestGetWarehouse:
    def test_a_read_only_token_reads_it_masked(self, api: Api, readonly_api: Api) -> None:
        warehouse = create_warehouse(api)
        got = get_warehouse(readonly_api, warehouse["id"])
        assert got == warehouse
        assert got["settings"]["password"] == MASK

    def test_unknown_id_is_404(self, api: Api) -> None:
        entry = error(api.get(f"/warehouses/{UNKNOWN_ID}"), 404, "not-found")
        assert UNKNOWN_ID in entry["message"]

    def test_another_workspace_gets_404(self, api: Api, other_api: Api) -> None:
        warehouse = create_warehouse(api)
        error(other_api.get(f"/warehouses/{warehouse['id']}"), 404, "not-found")

    def test_no_token_is_401(self, api: Api, client: Api) -> None:
        warehouse = create_warehouse(api)
        error(client.get(f"/warehouses/{warehouse['id']}"), 401, "unauthorized")


class TestListWarehouses:
    def test_empty(self, api: Api) -> None:
        listed = data(api.get("/warehouses", params={"pagination.count": 10}))
        assert listed["warehouses"] == []
        assert listed["pagination"]["next"] is None
        assert listed["pagination"]["totalEntries"] == 0

    def test_walks_every_page_in_creation_order_with_secrets_masked(self, api: Api) -> None:
        made = [create_warehouse(api, name=f"w{i}") for i in range(5)]
        forward = walk(api, "/warehouses", "warehouses", 2)
        assert forward == made
        assert all(w["settings"]["password"] == MASK for w in forward)
        first = data(api.get("/warehouses", params={"pagination.count": 2}))
        assert first["pagination"]["totalEntries"] == 5
        last_page_cursor = first["pagination"]["next"]
        backward = walk(
            api, "/warehouses", "warehouses", 2, direction="previous", cursor=last_page_cursor
        )
        assert backward == made[:4]

    def test_only_this_workspaces_warehouses(self, api: Api, other_api: Api) -> None:
        create_warehouse(other_api)
        assert walk(api, "/warehouses", "warehouses", 10) == []

    def test_pagination_count_is_required(self, readonly_api: Api) -> None:
        assert invalid_fields(readonly_api.get("/warehouses")) == ["pagination.count"]

    def test_a_forged_cursor_is_422(self, api: Api) -> None:
        params = {"pagination.count": 2, "pagination.cursor": "Mw=="}
        assert invalid_fields(api.get("/warehouses", params=params)) == ["pagination.cursor"]

    def test_segments_first_page_cursor_means_the_start(self, api: Api) -> None:
        """The Terraform provider asks for page 1 with Segment's own cursor ``MA==``."""
        made = create_warehouse(api)
        params = {"pagination.count": 2, "pagination.cursor": "MA=="}
        page = data(api.get("/warehouses", params=params))
        assert [w["id"] for w in page["warehouses"]] == [made["id"]]


class TestUpdateWarehouse:
    def test_only_the_named_fields_change(self, api: Api, tenant: Tenant) -> None:
        warehouse = create_warehouse(api, name="Old")
        url = f"/warehouses/{warehouse['id']}"
        updated = data(api.patch(url, json={"name": "New"}))["warehouse"]
        assert updated == {**warehouse, "settings": {**warehouse["settings"], "name": "New"}}
        assert get_warehouse(api, warehouse["id"]) == updated
        assert stored(api, tenant, warehouse["id"]).settings == pg_settings()

    def test_settings_merge_into_the_stored_ones(self, api: Api, tenant: Tenant) -> None:
        warehouse = create_warehouse(api)
        url = f"/warehouses/{warehouse['id']}"
        updated = data(api.patch(url, json={"settings": {"host": "db2.example.com"}}))
        assert updated["warehouse"]["settings"] == pg_settings(
            host="db2.example.com", password=MASK
        )
        assert stored(api, tenant, warehouse["id"]).settings == pg_settings(host="db2.example.com")

    def test_sending_the_settings_back_as_read_keeps_the_secret(
        self, api: Api, tenant: Tenant
    ) -> None:
        warehouse = create_warehouse(api, name="Main")
        url = f"/warehouses/{warehouse['id']}"
        as_read = get_warehouse(api, warehouse["id"])["settings"]
        assert as_read["password"] == MASK
        body = {"name": "Main", "enabled": True, "settings": as_read}
        assert data(api.patch(url, json=body))["warehouse"] == warehouse
        assert stored(api, tenant, warehouse["id"]).settings == pg_settings()
        assert event_types(api, warehouse["id"]) == ["Storage Destination Created"]

    def test_a_mask_next_to_changes_keeps_the_secret(self, api: Api, tenant: Tenant) -> None:
        warehouse = create_warehouse(api)
        body = {"settings": pg_settings(password=MASK, database="events")}
        data(api.patch(f"/warehouses/{warehouse['id']}", json=body))
        assert stored(api, tenant, warehouse["id"]).settings == pg_settings(database="events")

    def test_a_new_secret_replaces_the_old_one(self, api: Api, tenant: Tenant) -> None:
        warehouse = create_warehouse(api)
        body = {"settings": {"password": "new secret"}}
        updated = data(api.patch(f"/warehouses/{warehouse['id']}", json=body))["warehouse"]
        assert updated["settings"]["password"] == MASK
        assert stored(api, tenant, warehouse["id"]).settings["password"] == "new secret"

    def test_null_removes_an_optional_setting(self, api: Api) -> None:
        settings = {**SNOWFLAKE_SETTINGS, "role": "LOADER"}
        warehouse = create_warehouse(api, metadata_id=SNOWFLAKE, settings=settings)
        body = {"settings": {"role": None}}
        updated = data(api.patch(f"/warehouses/{warehouse['id']}", json=body))["warehouse"]
        assert "role" not in updated["settings"]

    def test_null_on_a_required_setting_is_422(self, api: Api) -> None:
        warehouse = create_warehouse(api)
        body = {"settings": {"host": None}}
        response = api.patch(f"/warehouses/{warehouse['id']}", json=body)
        assert invalid_fields(response) == ["warehouse.settings.host"]

    @pytest.mark.parametrize(
        ("settings", "field"),
        [
            ({"port": "5432"}, "warehouse.settings.port"),
            ({"sslmode": "require"}, "warehouse.settings.sslmode"),
            ({"name": 5}, "warehouse.settings.name"),
        ],
    )
    def test_bad_settings_are_422_and_change_nothing(
        self, api: Api, settings: dict[str, Any], field: str
    ) -> None:
        warehouse = create_warehouse(api)
        response = api.patch(f"/warehouses/{warehouse['id']}", json={"settings": settings})
        assert invalid_fields(response) == [field]
        assert get_warehouse(api, warehouse["id"]) == warehouse

    def test_bad_fields_are_422(self, api: Api) -> None:
        warehouse = create_warehouse(api)
        body = {"enabled": None, "settings": None, "name": 3}
        response = api.patch(f"/warehouses/{warehouse['id']}", json=body)
        assert sorted(invalid_fields(response)) == ["warehouse.name"]
        response = api.patch(
            f"/warehouses/{warehouse['id']}", json={"enabled": None, "settings": None}
        )
        assert sorted(invalid_fields(response)) == ["warehouse.enabled", "warehouse.settings"]

    def test_the_name_can_be_set_in_settings_and_cleared_with_null(self, api: Api) -> None:
        warehouse = create_warehouse(api, name="Main")
        url = f"/warehouses/{warehouse['id']}"
        renamed = data(api.patch(url, json={"settings": {"name": "Renamed"}}))["warehouse"]
        assert renamed["settings"]["name"] == "Renamed"
        cleared = data(api.patch(url, json={"name": None}))["warehouse"]
        assert "name" not in cleared["settings"]

    def test_toggling_and_editing_record_their_events(self, api: Api) -> None:
        warehouse = create_warehouse(api, name="Main")
        url = f"/warehouses/{warehouse['id']}"
        data(api.patch(url, json={"enabled": False}))
        data(api.patch(url, json={"enabled": False}))
        data(api.patch(url, json={"enabled": True, "settings": {"database": "events"}}))
        data(api.patch(url, json={"name": "Main 2"}))
        assert event_types(api, warehouse["id"]) == [
            "Storage Destination Modified",
            "Storage Destination Enabled",
            "Storage Destination Modified",
            "Storage Destination Disabled",
            "Storage Destination Created",
        ]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        warehouse = create_warehouse(api)
        body = {"settings": {"host": "elsewhere"}}
        error(api.patch(f"/warehouses/{UNKNOWN_ID}", json=body), 404, "not-found")
        error(other_api.patch(f"/warehouses/{warehouse['id']}", json=body), 404, "not-found")
        assert get_warehouse(api, warehouse["id"]) == warehouse

    def test_a_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        warehouse = create_warehouse(api)
        response = readonly_api.patch(f"/warehouses/{warehouse['id']}", json={"enabled": False})
        error(response, 403, "forbidden")
        assert get_warehouse(api, warehouse["id"])["enabled"] is True


class TestDeleteWarehouse:
    def test_deletes_it_and_its_connections(self, api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api, name="Main")
        connect(api, warehouse["id"], source["id"])
        url = f"/warehouses/{warehouse['id']}"

        assert data(api.delete(url)) == {"status": "SUCCESS"}
        error(api.get(url), 404, "not-found")
        error(api.get(f"{url}/connected-sources", params={"pagination.count": 5}), 404, "not-found")
        error(api.delete(url), 404, "not-found")
        assert data(api.get(f"/sources/{source['id']}"))["source"]["id"] == source["id"]
        assert event_types(api, warehouse["id"])[0] == "Storage Destination Deleted"

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        warehouse = create_warehouse(api)
        error(api.delete(f"/warehouses/{UNKNOWN_ID}"), 404, "not-found")
        error(other_api.delete(f"/warehouses/{warehouse['id']}"), 404, "not-found")
        assert get_warehouse(api, warehouse["id"]) == warehouse

    def test_a_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        warehouse = create_warehouse(api)
        error(readonly_api.delete(f"/warehouses/{warehouse['id']}"), 403, "forbidden")
        assert get_warehouse(api, warehouse["id"]) == warehouse


class TestAddConnectionFromSourceToWarehouse:
    def test_connects_once_however_often_asked(self, api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api)
        connect(api, warehouse["id"], source["id"])
        connect(api, warehouse["id"], source["id"])
        assert connected_source_ids(api, warehouse["id"]) == [source["id"]]
        assert event_types(api, warehouse["id"]) == [
            "Storage Destination Modified",
            "Storage Destination Created",
        ]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api)
        foreign_source = create_source(other_api)
        foreign_warehouse = create_warehouse(other_api)
        for warehouse_id, source_id in [
            (UNKNOWN_ID, source["id"]),
            (warehouse["id"], UNKNOWN_ID),
            (warehouse["id"], foreign_source["id"]),
            (foreign_warehouse["id"], source["id"]),
        ]:
            url = f"/warehouses/{warehouse_id}/connected-sources/{source_id}"
            error(api.post(url), 404, "not-found")
        assert connected_source_ids(api, warehouse["id"]) == []

    def test_a_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api)
        url = f"/warehouses/{warehouse['id']}/connected-sources/{source['id']}"
        error(readonly_api.post(url), 403, "forbidden")
        assert connected_source_ids(api, warehouse["id"]) == []


class TestRemoveSourceConnectionFromWarehouse:
    def test_disconnects(self, api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api)
        connect(api, warehouse["id"], source["id"])
        url = f"/warehouses/{warehouse['id']}/connected-sources/{source['id']}"

        assert data(api.delete(url)) == {"status": "SUCCESS"}
        assert connected_source_ids(api, warehouse["id"]) == []
        entry = error(api.delete(url), 404, "not-found")
        assert "not connected" in entry["message"]
        assert event_types(api, warehouse["id"]) == [
            "Storage Destination Modified",
            "Storage Destination Modified",
            "Storage Destination Created",
        ]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api)
        connect(api, warehouse["id"], source["id"])
        error(
            api.delete(f"/warehouses/{UNKNOWN_ID}/connected-sources/{source['id']}"),
            404,
            "not-found",
        )
        error(
            api.delete(f"/warehouses/{warehouse['id']}/connected-sources/{UNKNOWN_ID}"),
            404,
            "not-found",
        )
        url = f"/warehouses/{warehouse['id']}/connected-sources/{source['id']}"
        error(other_api.delete(url), 404, "not-found")
        assert connected_source_ids(api, warehouse["id"]) == [source["id"]]

    def test_a_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        source = create_source(api)
        warehouse = create_warehouse(api)
        connect(api, warehouse["id"], source["id"])
        url = f"/warehouses/{warehouse['id']}/connected-sources/{source['id']}"
        error(readonly_api.delete(url), 403, "forbidden")
        assert connected_source_ids(api, warehouse["id"]) == [source["id"]]


class TestListConnectedSourcesFromWarehouse:
    def test_walks_every_page_in_source_shape(self, api: Api, readonly_api: Api) -> None:
        sources = [create_source(api) for _ in range(5)]
        unconnected = create_source(api)
        warehouse = create_warehouse(api)
        for source in reversed(sources):
            connect(api, warehouse["id"], source["id"])
        url = f"/warehouses/{warehouse['id']}/connected-sources"

        listed = walk(readonly_api, url, "sources", 2)
        assert listed == [data(api.get(f"/sources/{s['id']}"))["source"] for s in sources]
        assert unconnected["id"] not in {s["id"] for s in listed}
        first = data(api.get(url, params={"pagination.count": 2}))
        assert first["pagination"]["totalEntries"] == 5

    def test_empty(self, api: Api) -> None:
        warehouse = create_warehouse(api)
        url = f"/warehouses/{warehouse['id']}/connected-sources"
        listed = data(api.get(url, params={"pagination.count": 5}))
        assert listed["sources"] == []
        assert listed["pagination"]["next"] is None

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        warehouse = create_warehouse(api)
        params = {"pagination.count": 5}
        error(
            api.get(f"/warehouses/{UNKNOWN_ID}/connected-sources", params=params), 404, "not-found"
        )
        url = f"/warehouses/{warehouse['id']}/connected-sources"
        error(other_api.get(url, params=params), 404, "not-found")

    def test_pagination_count_is_required(self, api: Api) -> None:
        warehouse = create_warehouse(api)
        response = api.get(f"/warehouses/{warehouse['id']}/connected-sources")
        assert invalid_fields(response) == ["pagination.count"]


class TestCreateValidationInWarehouse:
    def test_the_local_postgres_is_connected(
        self, api: Api, local_postgres: dict[str, Any]
    ) -> None:
        body = {"metadataId": POSTGRES, "settings": local_postgres}
        assert data(api.post("/warehouses/validation", json=body)) == {"status": "CONNECTED"}
        events = audit_events(api, resourceId=POSTGRES)
        assert [e["type"] for e in events] == ["Storage Destination Settings Validation"]
        assert events[0]["resourceName"] == "Postgres"

    def test_redshift_speaks_the_postgres_protocol(
        self, api: Api, local_postgres: dict[str, Any]
    ) -> None:
        body = {"metadataId": REDSHIFT, "settings": local_postgres}
        assert data(api.post("/warehouses/validation", json=body)) == {"status": "CONNECTED"}

    def test_a_database_that_does_not_exist_fails(
        self, api: Api, local_postgres: dict[str, Any]
    ) -> None:
        settings = {**local_postgres, "database": f"missing_{unique_slug('db')}"}
        body = {"metadataId": POSTGRES, "settings": settings}
        assert data(api.post("/warehouses/validation", json=body)) == {"status": "FAILED"}

    def test_a_closed_port_fails_quickly(self, api: Api, closed_port: int) -> None:
        settings = pg_settings(host="127.0.0.1", port=closed_port)
        started = time.monotonic()
        response = api.post(
            "/warehouses/validation", json={"metadataId": POSTGRES, "settings": settings}
        )
        assert data(response) == {"status": "FAILED"}
        assert time.monotonic() - started < 3

    def test_a_server_that_never_answers_fails_at_the_timeout(
        self, api: Api, silent_port: int
    ) -> None:
        settings = pg_settings(host="127.0.0.1", port=silent_port)
        started = time.monotonic()
        response = api.post(
            "/warehouses/validation", json={"metadataId": POSTGRES, "settings": settings}
        )
        assert data(response) == {"status": "FAILED"}
        assert 2.5 < time.monotonic() - started < 6

    def test_a_unix_socket_host_is_not_tried(self, api: Api) -> None:
        settings = pg_settings(host="/var/run/postgresql")
        response = api.post(
            "/warehouses/validation", json={"metadataId": POSTGRES, "settings": settings}
        )
        assert data(response) == {"status": "FAILED"}

    def test_snowflake_cannot_be_tested_and_says_so(self, api: Api) -> None:
        body = {"metadataId": SNOWFLAKE, "settings": SNOWFLAKE_SETTINGS}
        entry = error(api.post("/warehouses/validation", json=body), 501, "unimplemented")
        assert "Snowflake" in entry["message"]
        assert audit_events(api, resourceId=SNOWFLAKE) == []

    def test_settings_are_checked_before_anything_is_tried(self, api: Api) -> None:
        body = {"metadataId": SNOWFLAKE, "settings": {"account": 5}}
        fields = invalid_fields(api.post("/warehouses/validation", json=body))
        assert "warehouse.settings.account" in fields
        assert "warehouse.settings.password" in fields

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({"metadataId": "nope", "settings": {}}, ["warehouse.metadataId"]),
            ({"settings": {}}, ["warehouse.metadataId"]),
            ({"metadataId": POSTGRES}, ["warehouse.settings"]),
            (
                {"metadataId": POSTGRES, "settings": pg_settings(password=MASK)},
                ["warehouse.settings.password"],
            ),
            (
                {"metadataId": POSTGRES, "settings": {**pg_settings(), "extra": 1}},
                ["warehouse.settings.extra"],
            ),
        ],
    )
    def test_bad_bodies_are_422(self, api: Api, body: dict[str, Any], fields: list[str]) -> None:
        assert invalid_fields(api.post("/warehouses/validation", json=body)) == fields

    def test_a_read_only_token_is_refused(self, readonly_api: Api) -> None:
        body = {"metadataId": POSTGRES, "settings": pg_settings()}
        error(readonly_api.post("/warehouses/validation", json=body), 403, "forbidden")


class TestGetConnectionStateFromWarehouse:
    def test_a_reachable_postgres_is_connected(
        self, api: Api, readonly_api: Api, local_postgres: dict[str, Any]
    ) -> None:
        warehouse = create_warehouse(api, settings=local_postgres)
        url = f"/warehouses/{warehouse['id']}/connection-state"
        assert data(readonly_api.get(url)) == {"connectionState": "CONNECTED"}

    def test_a_disabled_warehouse_with_working_settings_is_still_connected(
        self, api: Api, local_postgres: dict[str, Any]
    ) -> None:
        warehouse = create_warehouse(api, settings=local_postgres, enabled=False)
        url = f"/warehouses/{warehouse['id']}/connection-state"
        assert data(api.get(url)) == {"connectionState": "CONNECTED"}

    def test_an_unreachable_one_failed(self, api: Api, closed_port: int) -> None:
        warehouse = create_warehouse(api, settings=pg_settings(host="127.0.0.1", port=closed_port))
        url = f"/warehouses/{warehouse['id']}/connection-state"
        assert data(api.get(url)) == {"connectionState": "FAILED"}

    def test_settings_the_catalog_finds_incomplete_failed(
        self, api: Api, tenant: Tenant, local_postgres: dict[str, Any]
    ) -> None:
        warehouse = create_warehouse(api, settings=local_postgres)

        async def drop_the_host() -> None:  # as if the catalog had changed under it
            async with api.runtime.sessions() as session:
                await session.connection(execution_options=WRITE_TRANSACTION)
                stmt = scoped(Warehouse, tenant.workspace_id).where(Warehouse.id == warehouse["id"])
                row = (await session.scalars(stmt)).one()
                row.settings = {k: v for k, v in row.settings.items() if k != "host"}
                await session.commit()

        api.run(drop_the_host)
        url = f"/warehouses/{warehouse['id']}/connection-state"
        assert data(api.get(url)) == {"connectionState": "FAILED"}

    def test_snowflake_cannot_be_tested_and_says_so(self, api: Api) -> None:
        warehouse = create_warehouse(api, metadata_id=SNOWFLAKE, settings=SNOWFLAKE_SETTINGS)
        response = api.get(f"/warehouses/{warehouse['id']}/connection-state")
        assert "Snowflake" in error(response, 501, "unimplemented")["message"]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        warehouse = create_warehouse(api)
        error(api.get(f"/warehouses/{UNKNOWN_ID}/connection-state"), 404, "not-found")
        url = f"/warehouses/{warehouse['id']}/connection-state"
        error(other_api.get(url), 404, "not-found")


class TestHelpersForSources:
    """What createSource and listConnectedWarehousesFromSource build on."""

    def _new_unconnected_source(self, api: Api) -> dict[str, Any]:
        body = {
            "slug": unique_slug(),
            "enabled": True,
            "metadataId": JAVASCRIPT,
            "disconnectAllWarehouses": True,
        }
        source: dict[str, Any] = data(api.post("/sources", json=body), 201)["source"]
        return source

    def test_connect_to_all_warehouses(self, api: Api, tenant: Tenant) -> None:
        first = create_warehouse(api)
        second = create_warehouse(api, metadata_id=SNOWFLAKE, settings=SNOWFLAKE_SETTINGS)
        source = self._new_unconnected_source(api)
        connect(api, first["id"], source["id"])

        async def work() -> None:
            async with api.runtime.sessions() as session:
                await session.connection(execution_options=WRITE_TRANSACTION)
                principal = await owner(session, tenant)
                await service.connect_to_all_warehouses(session, principal, source["id"])
                await session.commit()

        api.run(work)
        assert connected_source_ids(api, first["id"]) == [source["id"]]
        assert connected_source_ids(api, second["id"]) == [source["id"]]
        assert event_types(api, first["id"]).count("Storage Destination Modified") == 1
        assert event_types(api, second["id"]).count("Storage Destination Modified") == 1

    def test_connected_warehouses_page_is_masked_and_paged(
        self, api: Api, tenant: Tenant, other_api: Api
    ) -> None:
        made = [create_warehouse(api, name=f"w{i}") for i in range(3)]
        create_warehouse(api)
        source = self._new_unconnected_source(api)
        for warehouse in made:
            connect(api, warehouse["id"], source["id"])

        async def page(cursor: str | None) -> tuple[list[dict[str, Any]], str | None, int | None]:
            async with api.runtime.sessions() as session:
                found, items = await connected_warehouses_page(
                    session,
                    await owner(session, tenant),
                    source["id"],
                    PageRequest(2, cursor),
                    api.runtime.cursors,
                    api.runtime.catalog,
                )
                return items, found.next, found.total

        items, cursor, total = api.run(lambda: page(None))
        assert total == 3
        rest, end, _ = api.run(lambda: page(cursor))
        assert end is None
        assert [*items, *rest] == made
        assert all(w["settings"]["password"] == MASK for w in [*items, *rest])

    def test_connected_warehouses_page_of_a_foreign_source_is_404(
        self, api: Api, tenant: Tenant, other_api: Api
    ) -> None:
        foreign = create_source(other_api)

        async def work() -> None:
            async with api.runtime.sessions() as session:
                await connected_warehouses_page(
                    session,
                    await owner(session, tenant),
                    foreign["id"],
                    PageRequest(2),
                    api.runtime.cursors,
                    api.runtime.catalog,
                )

        with pytest.raises(NotFound):
            api.run(work)
