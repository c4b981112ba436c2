"""Config API destinations, destination filters, filter preview and delivery metrics:
every endpoint's happy path and error codes, update masks, and round trips with the
Public API over the same store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.factories.destinations import AMPLITUDE, FIREBASE, create_destination
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, new_member
from tests.surfaces.v1beta.test_config_api import config_error, create_config_source, ok

SRC = "js"


def base(tenant: Tenant, source: str = SRC) -> str:
    return f"/v1beta/workspaces/{tenant.slug}/sources/{source}/destinations"


def dest_name(tenant: Tenant, slug: str, source: str = SRC) -> str:
    return f"workspaces/{tenant.slug}/sources/{source}/destinations/{slug}"


def timeless(doc: Any) -> Any:
    """``doc`` without the metric windows' times, which move with the clock."""
    if isinstance(doc, dict):
        return {k: timeless(v) for k, v in doc.items() if k not in ("start_time", "end_time")}
    if isinstance(doc, list):
        return [timeless(v) for v in doc]
    return doc


def config_item(key: str, value: Any) -> dict[str, Any]:
    return {"name": f"whatever/config/{key}", "value": value}


def create_config_destination(
    api: Api,
    tenant: Tenant,
    slug: str = "firebase",
    config: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> Any:
    body = {"name": dest_name(tenant, slug), "connection_mode": "CLOUD", **extra}
    if config is not None:
        body["config"] = config
    return api.post(f"{base(tenant)}/", json={"destination": body})


def public_source_id(api: Api, slug: str = SRC) -> str:
    listed = api.get("/sources", params={"pagination.count": 200}).json()["data"]["sources"]
    return str(next(s["id"] for s in listed if s["slug"] == slug))


def public_destination(api: Api, metadata_id: str, source: str = SRC) -> dict[str, Any]:
    """The Public view of the oldest destination of ``metadata_id`` on ``source``."""
    source_id = public_source_id(api, source)
    listed = api.get("/destinations", params={"pagination.count": 200}).json()["data"]
    mine = [
        d
        for d in listed["destinations"]
        if d["sourceId"] == source_id and d["metadata"]["id"] == metadata_id
    ]
    got = api.get(f"/destinations/{mine[0]['id']}")
    assert got.status_code == 200, got.text
    destination: dict[str, Any] = got.json()["data"]["destination"]
    return destination


@pytest.fixture
def source(api: Api, tenant: Tenant) -> str:
    ok(create_config_source(api, tenant.slug, SRC))
    return SRC


@pytest.fixture
def amplitude(api: Api, tenant: Tenant, source: str) -> str:
    ok(create_config_destination(api, tenant, "amplitude", [config_item("apiKey", "k1")]))
    return f"{base(tenant)}/amplitude"


class TestCreateAndGet:
    def test_create_get_list_delete(self, api: Api, tenant: Tenant, source: str) -> None:
        config = [
            {"name": f"{dest_name(tenant, 'amplitude')}/config/apiKey", "value": "k1"},
            config_item("batchEvents", True),
            config_item("eventUploadThreshold", 30),
            config_item("appendFieldsToEventProps", {"a": "b"}),
        ]
        created = ok(create_config_destination(api, tenant, "amplitude", config, enabled=False))
        name = dest_name(tenant, "amplitude")
        assert created["name"] == name
        assert created["parent"] == f"workspaces/{tenant.slug}/sources/{SRC}"
        assert created["display_name"] == "Amplitude"
        assert created["enabled"] is False
        assert created["connection_mode"] == "CLOUD"
        assert created["create_time"].endswith("Z")
        assert created["update_time"].endswith("Z")
        assert created["config"] == [
            {
                "name": f"{name}/config/apiKey",
                "display_name": "API Key",
                "value": "k1",
                "type": "string",
            },
            {
                "name": f"{name}/config/appendFieldsToEventProps",
                "display_name": "Append Fields To Event Properties",
                "value": {"a": "b"},
                "type": "map",
            },
            {
                "name": f"{name}/config/batchEvents",
                "display_name": "Batch Events",
                "value": True,
                "type": "boolean",
            },
            {
                "name": f"{name}/config/eventUploadThreshold",
                "display_name": "Event Upload Threshold",
                "value": 30,
                "type": "number",
            },
        ]
        assert ok(api.get(f"{base(tenant)}/amplitude/", json={})) == created
        listed = ok(api.get(f"{base(tenant)}/"))
        assert listed == {"destinations": [created], "next_page_token": ""}
        assert ok(api.delete(f"{base(tenant)}/amplitude/", json={})) == {}
        config_error(api.get(f"{base(tenant)}/amplitude"), 404, 5)
        assert ok(api.get(base(tenant)))["destinations"] == []

    def test_bare_slug_name_display_name_and_default_enabled(
        self, api: Api, tenant: Tenant, source: str
    ) -> None:
        body = {"destination": {"name": "firebase", "display_name": "My Firebase"}}
        created = ok(api.post(base(tenant), json=body))
        assert created["name"] == dest_name(tenant, "firebase")
        assert created["display_name"] == "My Firebase"
        assert created["enabled"] is True
        assert created["config"] == []

    def test_second_of_a_catalog_type_is_409(self, api: Api, tenant: Tenant, source: str) -> None:
        ok(create_config_destination(api, tenant))
        config_error(create_config_destination(api, tenant), 409, 6)

    @pytest.mark.parametrize(
        "destination",
        [
            pytest.param(None, id="missing"),
            pytest.param({"name": "workspaces/other/sources/js/destinations/firebase"}, id="ws"),
            pytest.param({"name": "workspaces/{ws}/sources/nope/destinations/firebase"}, id="src"),
            pytest.param({"name": "workspaces/{ws}/sources/js"}, id="not-a-destination"),
            pytest.param({"name": "no-such-catalog-item"}, id="catalog"),
            pytest.param({"name": "firebase", "connection_mode": "DEVICE"}, id="device"),
            pytest.param({"name": "firebase", "connection_mode": "TELEPATHY"}, id="mode"),
            pytest.param({"name": "firebase", "enabled": "yes"}, id="enabled"),
            pytest.param({"name": "firebase", "display_name": 3}, id="display-name"),
            pytest.param({"name": "firebase", "config": {"a": 1}}, id="config-object"),
            pytest.param({"name": "firebase", "config": [{"value": 1}]}, id="config-name"),
            pytest.param({"name": "firebase", "config": [config_item("nope", 1)]}, id="key"),
            pytest.param(
                {"name": "firebase", "config": [config_item("deepLinkURLScheme", 5)]}, id="type"
            ),
            pytest.param({"name": "amplitude"}, id="required-setting"),
            pytest.param(
                {"name": "firebase", "config": [config_item("deepLinkURLScheme", "a\u0000b")]},
                id="nul",
            ),
        ],
    )
    def test_bad_input_is_400(
        self, api: Api, tenant: Tenant, source: str, destination: dict[str, Any] | None
    ) -> None:
        body: dict[str, Any] = {}
        if destination is not None:
            body["destination"] = {
                k: v.replace("{ws}", tenant.slug) if isinstance(v, str) else v
                for k, v in destination.items()
            }
        config_error(api.post(base(tenant), json=body), 400, 3)
        assert ok(api.get(base(tenant)))["destinations"] == []

    def test_invalid_json_is_400(self, api: Api, tenant: Tenant, source: str) -> None:
        config_error(api.post(base(tenant), content=b"{nope"), 400, 3)
        config_error(api.post(base(tenant), content=b"[1]"), 400, 3)

    def test_unknown_source_and_destination_are_404(
        self, api: Api, tenant: Tenant, source: str
    ) -> None:
        ok(create_config_destination(api, tenant))
        config_error(api.get(base(tenant, "nope")), 404, 5)
        missing_source = api.post(base(tenant, "nope"), json={"destination": {"name": "firebase"}})
        config_error(missing_source, 404, 5)
        config_error(api.get(f"{base(tenant)}/amplitude"), 404, 5)
        config_error(api.get(f"{base(tenant)}/no-such-catalog-item"), 404, 5)
        config_error(api.patch(f"{base(tenant)}/amplitude", json={}), 404, 5)
        config_error(api.delete(f"{base(tenant)}/amplitude"), 404, 5)

    def test_another_workspace_is_404(
        self, api: Api, other_api: Api, tenant: Tenant, source: str
    ) -> None:
        ok(create_config_destination(api, tenant))
        item = f"{base(tenant)}/firebase"
        config_error(other_api.get(base(tenant)), 404, 5)
        config_error(other_api.get(item), 404, 5)
        config_error(
            other_api.post(base(tenant), json={"destination": {"name": "amplitude"}}), 404, 5
        )
        config_error(other_api.patch(item, json={"update_mask": {"paths": ["enabled"]}}), 404, 5)
        config_error(other_api.delete(item), 404, 5)
        assert ok(api.get(item))["enabled"] is True

    def test_auth_errors(
        self, api: Api, client: Api, readonly_api: Api, tenant: Tenant, source: str
    ) -> None:
        ok(create_config_destination(api, tenant))
        item = f"{base(tenant)}/firebase"
        config_error(client.get(base(tenant)), 401, 16)
        config_error(client.get(item, headers={"Authorization": "Bearer nope"}), 401, 16)
        config_error(create_config_destination(readonly_api, tenant, "optimizely"), 403, 7)
        mask = {"destination": {"enabled": False}, "update_mask": {"paths": ["enabled"]}}
        config_error(readonly_api.patch(item, json=mask), 403, 7)
        config_error(readonly_api.delete(item), 403, 7)
        assert ok(readonly_api.get(item))["enabled"] is True
        assert len(ok(readonly_api.get(base(tenant)))["destinations"]) == 1


class TestList:
    def test_pages_in_slug_order(self, api: Api, tenant: Tenant, source: str) -> None:
        for slug in ("twitter-ads", "firebase", "optimizely"):
            ok(create_config_destination(api, tenant, slug))
        seen: list[str] = []
        token = ""
        for _ in range(5):
            page = ok(api.get(base(tenant), params={"page_size": 2, "page_token": token}))
            seen += [d["name"].rsplit("/", 1)[-1] for d in page["destinations"]]
            token = page["next_page_token"]
            if not token:
                break
        assert seen == ["firebase", "optimizely", "twitter-ads"]
        config_error(api.get(base(tenant), params={"page_size": 0}), 400, 3)
        config_error(api.get(base(tenant), params={"page_token": "garbage"}), 400, 3)

    def test_the_oldest_of_a_catalog_type_is_the_one_addressed(
        self, api: Api, tenant: Tenant, source: str
    ) -> None:
        source_id = public_source_id(api)
        create_destination(api, source_id, metadata_id=FIREBASE, name="first")
        create_destination(api, source_id, metadata_id=FIREBASE, name="second")
        listed = ok(api.get(base(tenant)))["destinations"]
        assert [d["display_name"] for d in listed] == ["first"]
        assert ok(api.get(f"{base(tenant)}/firebase"))["display_name"] == "first"
        config_error(create_config_destination(api, tenant), 409, 6)
        ok(api.delete(f"{base(tenant)}/firebase"))
        assert ok(api.get(f"{base(tenant)}/firebase"))["display_name"] == "second"


class TestUpdateMask:
    def test_data_without_mask_changes_nothing(self, api: Api, amplitude: str) -> None:
        before = ok(api.get(amplitude))
        body = {"destination": {"enabled": False, "config": [], "display_name": "x"}}
        assert ok(api.patch(amplitude, json=body)) == before
        assert ok(api.patch(amplitude, json={})) == before

    def test_enabled_with_and_without_prefix_top_level_or_nested(
        self, api: Api, amplitude: str
    ) -> None:
        top = {"destination": {"enabled": False}, "update_mask": {"paths": ["destination.enabled"]}}
        assert ok(api.patch(amplitude, json=top))["enabled"] is False
        nested = {"destination": {"enabled": True, "update_mask": {"paths": ["enabled"]}}}
        assert ok(api.patch(amplitude, json=nested))["enabled"] is True
        # masked without a value: cleared to false
        cleared = {"destination": {"update_mask": {"paths": ["destination.enabled"]}}}
        assert ok(api.patch(amplitude, json=cleared))["enabled"] is False

    def test_display_name_set_and_cleared(self, api: Api, amplitude: str) -> None:
        body = {"destination": {"display_name": "Prod"}, "update_mask": {"paths": ["display_name"]}}
        assert ok(api.patch(amplitude, json=body))["display_name"] == "Prod"
        cleared = {"update_mask": {"paths": ["destination.display_name"]}}
        assert ok(api.patch(amplitude, json=cleared))["display_name"] == "Amplitude"

    def test_masked_config_replaces_every_setting(self, api: Api, amplitude: str) -> None:
        before = ok(api.get(amplitude))
        body = {
            "destination": {
                "config": [config_item("apiKey", "k2"), config_item("trackAllPages", True)],
                "enabled": False,
            },
            "update_mask": {"paths": ["destination.config"]},
        }
        after = ok(api.patch(amplitude, json=body))
        assert {c["name"].rsplit("/", 1)[-1]: c["value"] for c in after["config"]} == {
            "apiKey": "k2",
            "trackAllPages": True,
        }
        assert after["enabled"] is True  # present in the body, not in the mask
        assert after["create_time"] == before["create_time"]

    def test_masked_config_without_value_clears_settings(
        self, api: Api, tenant: Tenant, amplitude: str
    ) -> None:
        ok(
            create_config_destination(
                api, tenant, "firebase", [config_item("deepLinkURLScheme", "x")]
            )
        )
        cleared = ok(
            api.patch(f"{base(tenant)}/firebase", json={"update_mask": {"paths": ["config"]}})
        )
        assert cleared["config"] == []
        # Amplitude requires apiKey: clearing its settings fails catalog validation
        response = api.patch(amplitude, json={"update_mask": {"paths": ["destination.config"]}})
        config_error(response, 400, 3)
        assert ok(api.get(amplitude))["config"][0]["value"] == "k1"

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param({"update_mask": {"paths": ["destination.name"]}}, id="not-updatable"),
            pytest.param({"update_mask": {"paths": "enabled"}}, id="paths-not-list"),
            pytest.param(
                {"destination": {"enabled": "no"}, "update_mask": {"paths": ["enabled"]}},
                id="enabled-type",
            ),
            pytest.param(
                {"destination": {"config": {}}, "update_mask": {"paths": ["config"]}},
                id="config-type",
            ),
            pytest.param(
                {
                    "destination": {"config": [config_item("nope", 1)]},
                    "update_mask": {"paths": ["config"]},
                },
                id="unknown-setting",
            ),
            pytest.param({"destination": []}, id="destination-type"),
        ],
    )
    def test_bad_updates_are_400(self, api: Api, amplitude: str, body: dict[str, Any]) -> None:
        before = ok(api.get(amplitude))
        config_error(api.patch(amplitude, json=body), 400, 3)
        assert ok(api.get(amplitude)) == before


class TestRoundTrips:
    def test_created_via_config_read_via_public(
        self, api: Api, tenant: Tenant, amplitude: str
    ) -> None:
        public = public_destination(api, AMPLITUDE)
        assert public["sourceId"] == public_source_id(api)
        assert public["metadata"]["slug"] == "amplitude"
        assert public["enabled"] is True
        assert public["settings"] == {"apiKey": "k1"}

    def test_updated_via_public_read_via_config(self, api: Api, amplitude: str) -> None:
        public = public_destination(api, AMPLITUDE)
        response = api.patch(
            f"/destinations/{public['id']}",
            json={"name": "Renamed", "enabled": False, "settings": {"trackReferrer": True}},
        )
        assert response.status_code == 200, response.text
        got = ok(api.get(amplitude))
        assert got["display_name"] == "Renamed"
        assert got["enabled"] is False
        assert {c["name"].rsplit("/", 1)[-1]: c["value"] for c in got["config"]} == {
            "apiKey": "k1",
            "trackReferrer": True,
        }
        assert got["update_time"] >= got["create_time"]

    def test_created_via_public_read_via_config(
        self, api: Api, tenant: Tenant, source: str
    ) -> None:
        create_destination(
            api, public_source_id(api), metadata_id=AMPLITUDE, settings={"apiKey": "p"}
        )
        got = ok(api.get(f"{base(tenant)}/amplitude"))
        assert got["display_name"] == "Amplitude"
        assert got["config"][0]["value"] == "p"

    def test_updated_via_config_read_via_public(self, api: Api, amplitude: str) -> None:
        body = {"destination": {"enabled": False}, "update_mask": {"paths": ["enabled"]}}
        ok(api.patch(amplitude, json=body))
        assert public_destination(api, AMPLITUDE)["enabled"] is False


# --- destination filters ---------------------------------------------------------------

ALL_ACTIONS: list[dict[str, Any]] = [
    {"type": "whitelist_fields", "fields": {"properties": {"fields": ["a", "b"]}}},
    {
        "type": "blacklist_fields",
        "fields": {"context": {"fields": ["ip"]}, "traits": {"fields": ["email"]}},
    },
    {"type": "sample_event", "percent": 0.5, "path": "userId"},
    {"type": "drop_event"},
]
PUBLIC_ACTIONS: list[dict[str, Any]] = [
    {"type": "ALLOW_PROPERTIES", "fields": {"properties": ["a", "b"]}},
    {"type": "DROP_PROPERTIES", "fields": {"context": ["ip"], "traits": ["email"]}},
    {"type": "SAMPLE", "percent": 0.5, "path": "userId"},
    {"type": "DROP"},
]


def new_filter(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Drop tests",
        "description": "no test events",
        "if": 'event = "Test"',
        "enabled": True,
        "actions": [{"type": "drop_event"}],
        **overrides,
    }


@pytest.fixture
def filters(api: Api, tenant: Tenant, source: str) -> str:
    ok(create_config_destination(api, tenant))
    return f"{base(tenant)}/firebase/filters"


def public_filters(api: Api) -> list[dict[str, Any]]:
    destination = public_destination(api, FIREBASE)
    response = api.get(f"/destination/{destination['id']}/filters", params={"pagination.count": 10})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]["filters"]
    return found


class TestFilters:
    def test_create_get_list_delete(self, api: Api, tenant: Tenant, filters: str) -> None:
        created = ok(api.post(f"{filters}/", json={"filter": new_filter(actions=ALL_ACTIONS)}))
        filter_id = created["name"].rsplit("/", 1)[-1]
        assert created == {
            "name": f"{dest_name(tenant, 'firebase')}/filters/{filter_id}",
            "title": "Drop tests",
            "description": "no test events",
            "if": 'event = "Test"',
            "enabled": True,
            "actions": ALL_ACTIONS,
        }
        assert ok(api.get(f"{filters}/{filter_id}/", json={})) == created
        assert ok(api.get(filters)) == {"filters": [created], "next_page_token": ""}
        [public] = public_filters(api)
        assert public["id"] == filter_id
        assert public["actions"] == PUBLIC_ACTIONS
        assert public["sourceId"] == public_source_id(api)
        assert ok(api.delete(f"{filters}/{filter_id}/", json={})) == {}
        config_error(api.get(f"{filters}/{filter_id}"), 404, 5)
        assert public_filters(api) == []

    def test_create_ignores_update_mask_and_lists_in_pages(self, api: Api, filters: str) -> None:
        made = [
            ok(
                api.post(
                    filters,
                    json={
                        "filter": new_filter(title=f"f{i}", description=None),
                        "update_mask": {"paths": ["title"]},
                    },
                )
            )
            for i in range(3)
        ]
        assert made[0]["description"] == ""
        first = ok(api.get(filters, params={"page_size": 2}))
        assert first["filters"] == made[:2]
        rest = ok(api.get(filters, params={"page_size": 2, "page_token": first["next_page_token"]}))
        assert rest == {"filters": made[2:], "next_page_token": ""}

    @pytest.mark.parametrize(
        "overrides",
        [
            pytest.param({"if": "event = "}, id="fql"),
            pytest.param({"if": None}, id="no-if"),
            pytest.param({"title": ""}, id="title"),
            pytest.param({"enabled": "yes"}, id="enabled-type"),
            pytest.param({"enabled": None}, id="no-enabled"),
            pytest.param({"actions": [{"type": "DROP"}]}, id="public-spelling"),
            pytest.param({"actions": [{"type": "sample_event"}]}, id="no-percent"),
            pytest.param({"actions": [{"type": "sample_event", "percent": 2}]}, id="percent"),
            pytest.param(
                {"actions": [{"type": "whitelist_fields", "fields": {"properties": ["a"]}}]},
                id="fields-shape",
            ),
            pytest.param(
                {
                    "actions": [
                        {"type": "whitelist_fields", "fields": {"properties": {"fields": 1}}}
                    ]
                },
                id="fields-list",
            ),
            pytest.param({"actions": {"type": "drop_event"}}, id="actions-object"),
            pytest.param({"actions": ["drop_event"]}, id="action-string"),
        ],
    )
    def test_bad_filters_are_400(self, api: Api, filters: str, overrides: dict[str, Any]) -> None:
        config_error(api.post(filters, json={"filter": new_filter(**overrides)}), 400, 3)
        assert ok(api.get(filters))["filters"] == []

    def test_missing_filter_object_is_400(self, api: Api, filters: str) -> None:
        config_error(api.post(filters, json={}), 400, 3)
        config_error(api.post(filters, json={"filter": "x"}), 400, 3)

    def test_not_found(self, api: Api, tenant: Tenant, filters: str) -> None:
        config_error(api.get(f"{filters}/nope"), 404, 5)
        config_error(api.patch(f"{filters}/nope", json={}), 404, 5)
        config_error(api.delete(f"{filters}/nope"), 404, 5)
        config_error(api.get(f"{base(tenant)}/amplitude/filters"), 404, 5)
        config_error(
            api.post(f"{base(tenant)}/amplitude/filters", json={"filter": new_filter()}), 404, 5
        )
        # a filter is only found under its own destination
        created = ok(api.post(filters, json={"filter": new_filter()}))
        filter_id = created["name"].rsplit("/", 1)[-1]
        ok(create_config_destination(api, tenant, "optimizely"))
        config_error(api.get(f"{base(tenant)}/optimizely/filters/{filter_id}"), 404, 5)

    def test_another_workspace_and_auth(
        self, api: Api, other_api: Api, readonly_api: Api, client: Api, filters: str
    ) -> None:
        created = ok(api.post(filters, json={"filter": new_filter()}))
        item = f"{filters}/{created['name'].rsplit('/', 1)[-1]}"
        for caller in (other_api,):
            config_error(caller.get(filters), 404, 5)
            config_error(caller.get(item), 404, 5)
            config_error(caller.post(filters, json={"filter": new_filter()}), 404, 5)
            config_error(caller.patch(item, json={"update_mask": {"paths": ["enabled"]}}), 404, 5)
            config_error(caller.delete(item), 404, 5)
        config_error(client.get(item), 401, 16)
        config_error(readonly_api.post(filters, json={"filter": new_filter()}), 403, 7)
        config_error(readonly_api.patch(item, json={"update_mask": {"paths": ["enabled"]}}), 403, 7)
        config_error(readonly_api.delete(item), 403, 7)
        assert ok(readonly_api.get(item)) == created
        assert ok(readonly_api.get(filters))["filters"] == [created]


class TestFilterUpdateMask:
    @pytest.fixture
    def item(self, api: Api, filters: str) -> str:
        created = ok(api.post(filters, json={"filter": new_filter()}))
        return f"{filters}/{created['name'].rsplit('/', 1)[-1]}"

    def test_no_mask_changes_nothing(self, api: Api, item: str) -> None:
        before = ok(api.get(item))
        assert (
            ok(api.patch(item, json={"filter": new_filter(title="other", enabled=False)})) == before
        )

    def test_unprefixed_and_prefixed_paths(self, api: Api, item: str) -> None:
        changes = new_filter(
            title="Sampled",
            description="half",
            enabled=False,
            actions=[{"type": "sample_event", "percent": 0.5, "path": "userId"}],
            **{"if": "all"},
        )
        body = {
            "filter": changes,
            "update_mask": {"paths": ["if", "actions", "filter.title", "description", "enabled"]},
        }
        after = ok(api.patch(item, json=body))
        assert {k: v for k, v in after.items() if k != "name"} == changes
        [public] = public_filters(api)
        assert public["actions"] == [{"type": "SAMPLE", "percent": 0.5, "path": "userId"}]
        assert public["if"] == "all"
        assert public["enabled"] is False

    def test_partial_mask_nested(self, api: Api, item: str) -> None:
        before = ok(api.get(item))
        body = {
            "filter": {"title": "Renamed", "enabled": False, "update_mask": {"paths": ["title"]}}
        }
        after = ok(api.patch(item, json=body))
        assert after == {**before, "title": "Renamed"}

    def test_masked_without_value(self, api: Api, item: str) -> None:
        cleared = ok(
            api.patch(item, json={"update_mask": {"paths": ["description", "enabled", "actions"]}})
        )
        assert cleared["description"] == ""
        assert cleared["enabled"] is False
        assert cleared["actions"] == []
        assert "description" not in public_filters(api)[0]
        # a filter always has a title and a condition
        config_error(api.patch(item, json={"update_mask": {"paths": ["title"]}}), 400, 3)
        config_error(api.patch(item, json={"update_mask": {"paths": ["filter.if"]}}), 400, 3)

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param({"update_mask": {"paths": ["name"]}}, id="not-updatable"),
            pytest.param({"filter": {"if": "event ="}, "update_mask": {"paths": ["if"]}}, id="fql"),
            pytest.param(
                {"filter": {"enabled": 1}, "update_mask": {"paths": ["enabled"]}}, id="type"
            ),
            pytest.param(
                {"filter": {"actions": [{"type": "nope"}]}, "update_mask": {"paths": ["actions"]}},
                id="action",
            ),
            pytest.param({"filter": "title"}, id="filter-type"),
        ],
    )
    def test_bad_updates_are_400(self, api: Api, item: str, body: dict[str, Any]) -> None:
        before = ok(api.get(item))
        config_error(api.patch(item, json=body), 400, 3)
        assert ok(api.get(item)) == before

    def test_updated_via_public_read_via_config(self, api: Api, item: str) -> None:
        [public] = public_filters(api)
        response = api.patch(
            f"/destination/{public['destinationId']}/filters/{public['id']}",
            json={
                "title": "From public",
                "actions": [{"type": "DROP_PROPERTIES", "fields": {"properties": ["secret"]}}],
            },
        )
        assert response.status_code == 200, response.text
        got = ok(api.get(item))
        assert got["title"] == "From public"
        assert got["actions"] == [
            {"type": "blacklist_fields", "fields": {"properties": {"fields": ["secret"]}}}
        ]


class TestFilterPreview:
    URL = "/v1beta/filters/preview"
    EVENT: dict[str, Any] = {
        "type": "track",
        "event": "Test",
        "properties": {"a": 1, "b": 2, "secret": 3},
    }

    def preview(self, api: Api, condition: str, actions: list[Any]) -> Any:
        return api.post(
            self.URL, json={"filter": {"if": condition, "actions": actions}, "payload": self.EVENT}
        )

    def test_results(self, api: Api, readonly_api: Api) -> None:
        dropped = ok(self.preview(api, 'event = "Test"', [{"type": "drop_event"}]))
        assert dropped == {"input_payload": self.EVENT, "result": None}
        kept = ok(self.preview(api, 'event = "Other"', [{"type": "drop_event"}]))
        assert kept["result"] == self.EVENT
        allow = [{"type": "whitelist_fields", "fields": {"properties": {"fields": ["a"]}}}]
        assert ok(self.preview(api, "all", allow))["result"]["properties"] == {"a": 1}
        block = [{"type": "blacklist_fields", "fields": {"properties": {"fields": ["secret"]}}}]
        # a read-only token may preview: nothing is stored
        result = ok(self.preview(readonly_api, "all", block))["result"]
        assert result["properties"] == {"a": 1, "b": 2}

    def test_errors(self, api: Api, client: Api) -> None:
        config_error(self.preview(api, "event =", [{"type": "drop_event"}]), 400, 3)
        config_error(self.preview(api, "all", [{"type": "DROP"}]), 400, 3)
        config_error(self.preview(api, "all", [{"type": "sample_event"}]), 400, 3)
        config_error(api.post(self.URL, json={"filter": {"if": "all", "actions": []}}), 400, 3)
        config_error(api.post(self.URL, json={"payload": {}}), 400, 3)
        config_error(client.post(self.URL, json={"filter": {}, "payload": {}}), 401, 16)
        config_error(api.get(self.URL), 404, 5)


# --- delivery metrics ------------------------------------------------------------------

METRICS = [
    "successes",
    "expired",
    "discarded",
    "retried",
    "time_to_success",
    "time_to_first_attempt",
]


class TestMetrics:
    @pytest.fixture
    def item(self, api: Api, tenant: Tenant, source: str) -> str:
        ok(create_config_destination(api, tenant))
        return f"{base(tenant)}/firebase"

    def test_get_one_metric(self, api: Api, tenant: Tenant, item: str) -> None:
        metric = ok(api.get(f"{item}/metrics/successes", json={}))
        assert metric["name"] == f"{dest_name(tenant, 'firebase')}/metrics/successes"
        assert metric["metric_name"] == "successes"
        assert metric["total"] == 0
        assert metric["breakdown"] == [
            {"metric_name": "successes_on_first_attempt", "value": 0},
            {"metric_name": "successes_after_retry", "value": 0},
        ]
        assert metric["granularity"] == "MINUTE"
        assert metric["start_time"] < metric["end_time"]
        assert ok(api.get(f"{item}/metrics/expired"))["breakdown"] == []
        config_error(api.get(f"{item}/metrics/nope"), 404, 5)

    def test_list_and_summary(self, api: Api, tenant: Tenant, item: str) -> None:
        listed = ok(api.get(f"{item}/metrics/", json={}))
        assert [m["metric_name"] for m in listed["metrics"]] == METRICS
        assert listed["next_page_token"] == ""
        assert all(m["total"] == 0 for m in listed["metrics"])
        summary = ok(api.get(f"{item}/metrics:getSummary", json={}))
        assert summary["destination_name"] == dest_name(tenant, "firebase")
        assert summary["source_name"] == f"workspaces/{tenant.slug}/sources/{SRC}"
        assert [m["metric_name"] for m in summary["metrics"]] == METRICS

    def test_batch_get_from_query_or_get_body(self, api: Api, tenant: Tenant, item: str) -> None:
        full = f"{dest_name(tenant, 'firebase')}/metrics/retried"
        by_body = ok(api.get(f"{item}/metrics:batchGet", json={"names": [full, "expired"]}))
        assert [m["metric_name"] for m in by_body["metrics"]] == ["retried", "expired"]
        by_query = ok(
            api.get(f"{item}/metrics:batchGet", params=[("names", full), ("names", "expired")])
        )
        assert timeless(by_query) == timeless(by_body)
        other = f"{dest_name(tenant, 'amplitude')}/metrics/retried"
        config_error(api.get(f"{item}/metrics:batchGet", json={"names": [other]}), 400, 3)
        config_error(api.get(f"{item}/metrics:batchGet", json={"names": ["nope"]}), 400, 3)
        config_error(api.get(f"{item}/metrics:batchGet", json={}), 400, 3)
        config_error(api.get(f"{item}/metrics:batchGet", json={"names": "expired"}), 400, 3)

    def test_window_arguments(self, api: Api, item: str) -> None:
        end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        start = end - timedelta(days=1)
        window = {
            "granularity": "hour",
            "start_time": start.isoformat().replace("+00:00", "Z"),
            "end_time": end.isoformat(),
        }
        got = ok(api.get(f"{item}/metrics/successes", params=window))
        assert got["granularity"] == "HOUR"
        assert got["start_time"] == start.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert got["end_time"] == end.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert ok(api.get(f"{item}/metrics/successes", json=window)) == got
        swapped = {**window, "start_time": window["end_time"], "end_time": window["start_time"]}
        error = config_error(api.get(f"{item}/metrics", params=swapped), 400, 3)
        assert "start_time" in error["message"]
        assert "startTime" not in error["message"]
        config_error(api.get(f"{item}/metrics", params={"granularity": "WEEK"}), 400, 3)
        too_old = {"granularity": "MINUTE", "start_time": window["start_time"]}
        config_error(api.get(f"{item}/metrics:getSummary", json=too_old), 400, 3)
        config_error(api.get(f"{item}/metrics", params={"start_time": "yesterday"}), 400, 3)
        config_error(api.get(f"{item}/metrics", json={"granularity": 5}), 400, 3)

    def test_workspace_summaries(self, api: Api, other_api: Api, tenant: Tenant, item: str) -> None:
        ok(create_config_destination(api, tenant, "optimizely"))
        names = [dest_name(tenant, "optimizely"), dest_name(tenant, "firebase")]
        url = f"/v1beta/workspaces/{tenant.slug}/event-delivery-metrics:batchGetSummary"
        by_body = ok(api.get(url, json={"names": names}))
        assert [s["destination_name"] for s in by_body["summaries"]] == names
        assert all(m["total"] == 0 for s in by_body["summaries"] for m in s["metrics"])
        by_query = ok(api.get(url, params={"names": ",".join(names)}))
        assert timeless(by_query) == timeless(by_body)
        config_error(api.get(url, json={"names": [dest_name(tenant, "amplitude")]}), 404, 5)
        config_error(
            api.get(url, json={"names": ["workspaces/x/sources/js/destinations/firebase"]}), 404, 5
        )
        config_error(api.get(url, json={"names": ["firebase"]}), 400, 3)
        nul = f"workspaces/{tenant.slug}/sources/j\u0000s/destinations/firebase"
        config_error(api.get(url, json={"names": [nul]}), 400, 3)
        config_error(api.get(url, json={}), 400, 3)
        config_error(other_api.get(url, json={"names": names}), 404, 5)

    def test_metrics_are_read_operations(
        self, readonly_api: Api, client: Api, other_api: Api, item: str
    ) -> None:
        assert ok(readonly_api.get(f"{item}/metrics:getSummary"))["metrics"]
        config_error(client.get(f"{item}/metrics"), 401, 16)
        config_error(other_api.get(f"{item}/metrics/successes"), 404, 5)
        config_error(other_api.get(f"{item}/metrics:batchGet", json={"names": ["expired"]}), 404, 5)


class TestSourceScopedUsers:
    def test_a_user_reaches_only_the_sources_granted(
        self, client: Api, api: Api, tenant: Tenant, source: str
    ) -> None:
        ok(create_config_source(api, tenant.slug, "other"))
        ok(create_config_destination(api, tenant))
        ok(api.post(base(tenant, "other"), json={"destination": {"name": "firebase"}}))
        grant = {
            "roleId": ROLE["Source Read-only"],
            "resources": [{"id": public_source_id(api), "type": "SOURCE"}],
        }
        user = client.as_token(new_member(client, api, tenant, [grant]).token)
        ok(user.get(f"{base(tenant)}/firebase/metrics"))
        config_error(user.get(f"{base(tenant, 'other')}/firebase"), 403, 7)
        config_error(
            user.post(f"{base(tenant)}/firebase/filters", json={"filter": new_filter()}), 403, 7
        )
        url = f"/v1beta/workspaces/{tenant.slug}/event-delivery-metrics:batchGetSummary"
        mine = ok(user.get(url, json={"names": [dest_name(tenant, "firebase")]}))
        assert [s["destination_name"] for s in mine["summaries"]] == [dest_name(tenant, "firebase")]
        for slug in ("firebase", "no-such-destination"):
            theirs = {"names": [dest_name(tenant, slug, "other")]}
            config_error(user.get(url, json=theirs), 403, 7)
