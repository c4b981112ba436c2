"""Sources: the 13 operations, each with its happy path (read back) and its error paths."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import JAVASCRIPT, create_label, create_source, label_ref
from tests.support.api import Api
from tests.support.tenants import Tenant
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields

URL_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{22,}$")
ALPHA = "application/vnd.segment.v1alpha+json"
UNKNOWN_ID = "qQEHquLrjRDN9j1ByrChyn"


def get_source(api: Api, source_id: str) -> dict[str, Any]:
    source: dict[str, Any] = data(api.get(f"/sources/{source_id}"))["source"]
    return source


def catalog_source(api: Api, metadata_id: str) -> dict[str, Any]:
    item: dict[str, Any] = data(api.get(f"/catalog/sources/{metadata_id}"))["sourceMetadata"]
    return item


def source_with_required_options(api: Api) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A catalog source with required options and no defaults, found by asking the catalog."""
    catalog = data(api.get("/catalog/sources", params={"pagination.count": 200}))
    for item in catalog["sourcesCatalog"]:
        required = [
            o for o in item["options"] if o.get("required") and o.get("defaultValue") is None
        ]
        if required:
            return item, required
    raise AssertionError("the catalog has no source with a required option")


class TestCreateSource:
    def test_returns_the_source_with_one_write_key_and_its_catalog_metadata(
        self, api: Api, tenant: Tenant
    ) -> None:
        body = {
            "slug": "web-app",
            "name": "Web app",
            "enabled": True,
            "metadataId": JAVASCRIPT,
            "settings": {"websiteUrl": "https://example.com"},
        }
        source = data(api.post("/sources", json=body), 201)["source"]

        assert URL_SAFE_ID.match(source["id"])
        assert source["slug"] == "web-app"
        assert source["name"] == "Web app"
        assert source["enabled"] is True
        assert source["workspaceId"] == tenant.workspace_id
        assert len(source["writeKeys"]) == 1
        assert URL_SAFE_ID.match(source["writeKeys"][0])
        assert source["metadata"] == catalog_source(api, JAVASCRIPT)
        assert source["settings"] == {"websiteUrl": "https://example.com"}
        assert source["labels"] == []
        assert get_source(api, source["id"]) == source

    def test_ids_and_write_keys_are_never_reused(self, api: Api) -> None:
        sources = [create_source(api) for _ in range(3)]
        assert len({s["id"] for s in sources}) == 3
        assert len({s["writeKeys"][0] for s in sources}) == 3

    def test_the_alpha_body_may_leave_out_name_and_settings(self, api: Api) -> None:
        source = create_source(api, slug="bare", metadata_id="1bow82lmk", enabled=False)
        assert source["enabled"] is False
        assert source["metadata"]["slug"] == "stripe"
        assert get_source(api, source["id"])["slug"] == "bare"

    def test_missing_required_catalog_options_are_named(self, api: Api) -> None:
        item, required = source_with_required_options(api)
        response = api.post(
            "/sources", json={"slug": "s", "enabled": True, "metadataId": item["id"]}
        )
        assert sorted(invalid_fields(response)) == sorted(
            f"source.settings.{o['name']}" for o in required
        )

    def test_settings_of_the_wrong_type_are_named(self, api: Api) -> None:
        item, required = source_with_required_options(api)
        option = required[0]
        assert option["type"] in ("string", "password", "text", "select")
        settings = {o["name"]: "value" for o in required} | {option["name"]: 12345}
        response = api.post(
            "/sources",
            json={"slug": "s", "enabled": True, "metadataId": item["id"], "settings": settings},
        )
        assert invalid_fields(response) == [f"source.settings.{option['name']}"]

        settings[option["name"]] = "fixed"
        source = data(
            api.post(
                "/sources",
                json={"slug": "s", "enabled": True, "metadataId": item["id"], "settings": settings},
            ),
            201,
        )["source"]
        assert source["settings"] == settings
        assert get_source(api, source["id"])["settings"] == settings

    def test_an_optional_setting_of_the_wrong_type_is_refused(self, api: Api) -> None:
        response = api.post(
            "/sources",
            json={
                "slug": "s",
                "enabled": True,
                "metadataId": JAVASCRIPT,
                "settings": {"websiteUrl": ["not", "a", "string"]},
            },
        )
        assert invalid_fields(response) == ["source.settings.websiteUrl"]

    def test_settings_must_be_an_object(self, api: Api) -> None:
        response = api.post(
            "/sources",
            json={"slug": "s", "enabled": True, "metadataId": JAVASCRIPT, "settings": "x"},
        )
        assert invalid_fields(response) == ["source.settings"]

    def test_unknown_metadata_id(self, api: Api) -> None:
        response = api.post(
            "/sources", json={"slug": "s", "enabled": True, "metadataId": "not-in-catalog"}
        )
        assert invalid_fields(response) == ["source.metadataId"]

    @pytest.mark.parametrize(
        "slug", ["Web", "my source", "web!", "-web", "_web", "wéb", "a/b", "", "web\n"]
    )
    def test_bad_slugs(self, api: Api, slug: str) -> None:
        response = api.post(
            "/sources", json={"slug": slug, "enabled": True, "metadataId": JAVASCRIPT}
        )
        assert invalid_fields(response) == ["source.slug"]

    @pytest.mark.parametrize("slug", ["web", "web-2", "web_2", "0web", "a" * 255])
    def test_good_slugs(self, api: Api, slug: str) -> None:
        assert create_source(api, slug=slug)["slug"] == slug

    def test_duplicate_slug_conflicts_in_the_same_workspace_only(
        self, api: Api, other_api: Api
    ) -> None:
        first = create_source(api, slug="web")
        response = api.post(
            "/sources", json={"slug": "web", "enabled": True, "metadataId": JAVASCRIPT}
        )
        entry = error(response, 409, "conflict")
        assert "web" in entry["message"]
        listed = data(api.get("/sources", params={"pagination.count": 10}))
        assert [s["id"] for s in listed["sources"]] == [first["id"]]

        assert create_source(other_api, slug="web")["slug"] == "web"

    def test_every_missing_required_field_has_its_own_entry(self, api: Api) -> None:
        response = api.post("/sources", json={})
        assert sorted(invalid_fields(response)) == [
            "source.enabled",
            "source.metadataId",
            "source.slug",
        ]

    def test_wrong_json_types_are_named_not_coerced(self, api: Api) -> None:
        response = api.post(
            "/sources", json={"slug": 5, "enabled": "true", "metadataId": ["x"], "name": 7}
        )
        assert sorted(invalid_fields(response)) == [
            "source.enabled",
            "source.metadataId",
            "source.name",
            "source.slug",
        ]

    @pytest.mark.parametrize(
        "body",
        [b"{", b"not json", b"[]", b"null", b'"source"', b"42", b"", b"\xff\xfe{}", b'{"slug":'],
    )
    def test_a_body_that_is_not_a_json_object_is_422(self, api: Api, body: bytes) -> None:
        response = api.post("/sources", content=body, headers={"Content-Type": "application/json"})
        assert invalid_fields(response)

    @pytest.mark.parametrize(
        ("field", "value"),
        [("slug", "a" * 256), ("name", "n" * 256), ("metadataId", "m" * 300)],
    )
    def test_oversize_strings_are_422(self, api: Api, field: str, value: str) -> None:
        body = {"slug": "s", "enabled": True, "metadataId": JAVASCRIPT, field: value}
        assert invalid_fields(api.post("/sources", json=body)) == [f"source.{field}"]

    @pytest.mark.parametrize(
        ("fragment", "field"),
        [
            (b'"name": "a\\u0000b"', "source.name"),
            (b'"settings": {"websiteUrl": "\\u0000"}', "source.settings.websiteUrl"),
            (b'"settings": {"k\\u0000": 1}', "source.settings"),
            (b'"settings": {"n": NaN}', "source.settings.n"),
            (b'"settings": {"n": -Infinity}', "source.settings.n"),
            (b'"settings": {"n": 1e999}', "source.settings.n"),
            (b'"settings": {"n": [1, 9223372036854775808]}', "source.settings.n[1]"),
            (b'"settings": {"n": {"m": -9223372036854775809}}', "source.settings.n.m"),
            (b'"settings": {"n": 1e20}', "source.settings.n"),
        ],
    )
    def test_values_no_store_can_keep_are_422(self, api: Api, fragment: bytes, field: str) -> None:
        body = b'{"slug": "s", "enabled": true, "metadataId": "IqDTy1TpoU", ' + fragment + b"}"
        response = api.post("/sources", content=body, headers={"Content-Type": "application/json"})
        assert invalid_fields(response) == [field]
        listed = data(api.get("/sources", params={"pagination.count": 1}))
        assert listed["sources"] == []

    def test_settings_keep_awkward_but_valid_json(self, api: Api) -> None:
        settings = {
            "websiteUrl": "https://example.com/\\u0000/ü/😀",
            "big": 2**63 - 1,
            "small": -(2**63),
            "float": 9.2e18,
            "tiny": 1.5e-300,
            "nested": {"list": [None, True, {"x": "y"}]},
        }
        source = create_source(api, settings=settings)
        assert source["settings"] == settings
        assert get_source(api, source["id"])["settings"] == settings

    def test_failed_creates_leave_nothing_behind(self, api: Api) -> None:
        api.post("/sources", json={"slug": "Bad", "enabled": True, "metadataId": JAVASCRIPT})
        api.post("/sources", json={"slug": "s", "enabled": True, "metadataId": "nope"})
        listed = data(api.get("/sources", params={"pagination.count": 10}))
        assert listed["sources"] == []
        assert listed["pagination"]["totalEntries"] == 0
        assert audit_events(api) == []


class TestGetSource:
    def test_returns_the_source_and_a_null_tracking_plan(self, api: Api) -> None:
        created = create_source(api, name="Site")
        got = data(api.get(f"/sources/{created['id']}"))
        assert got == {"source": created, "trackingPlanId": None}

    @pytest.mark.parametrize("source_id", [UNKNOWN_ID, "x", "z" * 300])
    def test_unknown_id_is_404(self, api: Api, source_id: str) -> None:
        entry = error(api.get(f"/sources/{source_id}"), 404, "not-found")
        assert source_id in entry["message"]


class TestListSources:
    def test_lists_in_creation_order_with_full_shapes(self, api: Api) -> None:
        created = [create_source(api, slug=f"s{i}") for i in range(3)]
        listed = data(api.get("/sources", params={"pagination.count": 10}))
        assert listed["sources"] == created
        assert listed["pagination"]["totalEntries"] == 3
        assert listed["pagination"]["next"] is None
        assert listed["pagination"]["previous"] is None
        assert isinstance(listed["pagination"]["current"], str)

    def test_an_empty_workspace_lists_nothing(self, api: Api) -> None:
        listed = data(api.get("/sources", params={"pagination.count": 5}))
        assert listed["sources"] == []
        assert listed["pagination"]["totalEntries"] == 0
        assert listed["pagination"]["next"] is None

    def test_count_limits_the_page(self, api: Api) -> None:
        created = [create_source(api) for _ in range(3)]
        page = data(api.get("/sources", params={"pagination.count": 2}))
        assert [s["id"] for s in page["sources"]] == [s["id"] for s in created[:2]]
        assert page["pagination"]["next"] is not None
        assert page["pagination"]["totalEntries"] == 3

    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get("/sources")) == ["pagination.count"]


class TestUpdateSource:
    def test_changes_only_the_named_fields(self, api: Api) -> None:
        source = create_source(api, slug="web", name="Web", settings={"websiteUrl": "https://a"})
        updated = data(api.patch(f"/sources/{source['id']}", json={"name": "Renamed"}))["source"]
        assert updated == {**source, "name": "Renamed"}
        assert get_source(api, source["id"]) == updated

        updated = data(api.patch(f"/sources/{source['id']}", json={"slug": "web-2"}))["source"]
        assert updated == {**source, "name": "Renamed", "slug": "web-2"}

        updated = data(api.patch(f"/sources/{source['id']}", json={"enabled": False}))["source"]
        assert updated["enabled"] is False
        assert updated["settings"] == {"websiteUrl": "https://a"}

        settings = {"websiteUrl": "https://b", "apiHost": "api.example.com/v1"}
        updated = data(api.patch(f"/sources/{source['id']}", json={"settings": settings}))
        assert updated["source"]["settings"] == settings
        assert get_source(api, source["id"]) == {
            **source,
            "name": "Renamed",
            "slug": "web-2",
            "enabled": False,
            "settings": settings,
        }

    def test_an_empty_patch_changes_nothing(self, api: Api) -> None:
        source = create_source(api)
        assert data(api.patch(f"/sources/{source['id']}", json={}))["source"] == source
        assert [e["type"] for e in audit_events(api, resourceId=source["id"])] == ["Source Created"]

    def test_disable_and_enable_record_their_events(self, api: Api) -> None:
        source = create_source(api)
        api.patch(f"/sources/{source['id']}", json={"enabled": False})
        api.patch(f"/sources/{source['id']}", json={"enabled": False})  # no change, no event
        api.patch(f"/sources/{source['id']}", json={"enabled": True})
        events = audit_events(api, resourceId=source["id"])
        assert [e["type"] for e in events] == [
            "Source Enabled",
            "Source Disabled",
            "Source Created",
        ]

    def test_unknown_source_is_404(self, api: Api) -> None:
        error(api.patch(f"/sources/{UNKNOWN_ID}", json={"name": "x"}), 404, "not-found")

    def test_duplicate_slug_conflicts_and_changes_nothing(self, api: Api) -> None:
        create_source(api, slug="taken")
        source = create_source(api, slug="mine")
        error(
            api.patch(f"/sources/{source['id']}", json={"slug": "taken", "name": "N"}),
            409,
            "conflict",
        )
        assert get_source(api, source["id"]) == source

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({"slug": "Not Valid"}, ["source.slug"]),
            ({"slug": "s" * 256}, ["source.slug"]),
            ({"name": "n" * 256}, ["source.name"]),
            ({"enabled": None}, ["source.enabled"]),
            ({"enabled": "false"}, ["source.enabled"]),
            ({"name": 5, "enabled": 1}, ["source.enabled", "source.name"]),
            ({"settings": []}, ["source.settings"]),
            ({"settings": {"websiteUrl": 5}}, ["source.settings.websiteUrl"]),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, body: dict[str, Any], fields: list[str]
    ) -> None:
        source = create_source(api)
        assert sorted(invalid_fields(api.patch(f"/sources/{source['id']}", json=body))) == fields
        assert get_source(api, source["id"]) == source

    @pytest.mark.parametrize("body", [b"{", b"[1]", b"true"])
    def test_malformed_json_is_422(self, api: Api, body: bytes) -> None:
        source = create_source(api)
        response = api.patch(
            f"/sources/{source['id']}", content=body, headers={"Content-Type": "application/json"}
        )
        assert invalid_fields(response)


class TestDeleteSource:
    def test_deletes_then_404(self, api: Api) -> None:
        source = create_source(api, slug="gone")
        keep = create_source(api)
        assert data(api.delete(f"/sources/{source['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"/sources/{source['id']}"), 404, "not-found")
        error(api.delete(f"/sources/{source['id']}"), 404, "not-found")
        listed = data(api.get("/sources", params={"pagination.count": 10}))
        assert [s["id"] for s in listed["sources"]] == [keep["id"]]

    def test_the_slug_is_free_again(self, api: Api) -> None:
        source = create_source(api, slug="again")
        api.delete(f"/sources/{source['id']}")
        again = create_source(api, slug="again")
        assert again["id"] != source["id"]
        assert again["writeKeys"] != source["writeKeys"]

    def test_a_source_with_labels_and_keys_deletes(self, api: Api) -> None:
        source = create_source(api)
        label = create_label(api)
        api.post(f"/sources/{source['id']}/labels", json={"labels": [label_ref(label)]})
        api.post(f"/sources/{source['id']}/writekey")
        assert data(api.delete(f"/sources/{source['id']}")) == {"status": "SUCCESS"}
        # the label itself stays, and is no longer in use
        assert data(api.delete(f"/labels/{label['key']}/{label['value']}")) == {"status": "SUCCESS"}


class TestAddLabelsToSource:
    def test_adds_without_duplicates(self, api: Api) -> None:
        source = create_source(api)
        a = create_label(api, key="env", value="prod", description="Production")
        b = create_label(api, key="team", value="web")
        added = data(api.post(f"/sources/{source['id']}/labels", json={"labels": [label_ref(a)]}))
        assert added == {"labels": [a]}
        added = data(
            api.post(
                f"/sources/{source['id']}/labels", json={"labels": [label_ref(b), label_ref(a)]}
            )
        )
        assert added == {"labels": [a, b]}
        assert get_source(api, source["id"])["labels"] == [a, b]

    def test_labels_must_exist(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        known = create_label(api)
        elsewhere = create_label(other_api)
        response = api.post(
            f"/sources/{source['id']}/labels",
            json={
                "labels": [label_ref(known), {"key": "no", "value": "such"}, label_ref(elsewhere)]
            },
        )
        assert invalid_fields(response) == ["labels[1]", "labels[2]"]
        assert get_source(api, source["id"])["labels"] == []

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({}, ["labels"]),
            ({"labels": "env:prod"}, ["labels"]),
            ({"labels": [{"key": "env"}]}, ["labels[0].value"]),
            ({"labels": [{"key": "", "value": 1}]}, ["labels[0].key", "labels[0].value"]),
            ({"labels": [{"key": "k" * 256, "value": "v"}]}, ["labels[0].key"]),
        ],
    )
    def test_invalid_bodies(self, api: Api, body: dict[str, Any], fields: list[str]) -> None:
        source = create_source(api)
        response = api.post(f"/sources/{source['id']}/labels", json=body)
        assert sorted(invalid_fields(response)) == fields

    def test_unknown_source_is_404(self, api: Api) -> None:
        label = create_label(api)
        response = api.post(f"/sources/{UNKNOWN_ID}/labels", json={"labels": [label_ref(label)]})
        error(response, 404, "not-found")


class TestReplaceLabelsInSource:
    def test_replaces_the_whole_set(self, api: Api) -> None:
        source = create_source(api)
        a, b, c = (create_label(api, key="k", value=v) for v in ("a", "b", "c"))
        url = f"/sources/{source['id']}/labels"
        assert data(api.put(url, json={"labels": [label_ref(a), label_ref(b)]})) == {
            "labels": [a, b]
        }
        assert data(api.put(url, json={"labels": [label_ref(c), label_ref(b)]})) == {
            "labels": [b, c]
        }
        assert get_source(api, source["id"])["labels"] == [b, c]
        assert data(api.put(url, json={"labels": []})) == {"labels": []}
        assert get_source(api, source["id"])["labels"] == []

    def test_unknown_labels_change_nothing(self, api: Api) -> None:
        source = create_source(api)
        a = create_label(api)
        url = f"/sources/{source['id']}/labels"
        api.put(url, json={"labels": [label_ref(a)]})
        response = api.put(url, json={"labels": [{"key": "x", "value": "y"}]})
        assert invalid_fields(response) == ["labels[0]"]
        assert get_source(api, source["id"])["labels"] == [a]

    def test_labels_are_required(self, api: Api) -> None:
        source = create_source(api)
        assert invalid_fields(api.put(f"/sources/{source['id']}/labels", json={})) == ["labels"]

    def test_unknown_source_is_404(self, api: Api) -> None:
        error(api.put(f"/sources/{UNKNOWN_ID}/labels", json={"labels": []}), 404, "not-found")


class TestCreateWriteKeyForSource:
    def test_adds_a_second_key(self, api: Api) -> None:
        source = create_source(api)
        response = api.post(f"/sources/{source['id']}/writekey")
        assert response.headers["content-type"] == ALPHA
        updated = data(response)["source"]
        assert updated["writeKeys"][0] == source["writeKeys"][0]
        assert len(updated["writeKeys"]) == 2
        assert len(set(updated["writeKeys"])) == 2
        assert get_source(api, source["id"])["writeKeys"] == updated["writeKeys"]

    def test_a_json_accept_is_answered_as_json(self, api: Api) -> None:
        source = create_source(api)
        response = api.post(
            f"/sources/{source['id']}/writekey", headers={"Accept": "application/json"}
        )
        assert response.headers["content-type"] == "application/json"
        assert len(data(response)["source"]["writeKeys"]) == 2

    def test_unknown_source_is_404(self, api: Api) -> None:
        error(api.post(f"/sources/{UNKNOWN_ID}/writekey"), 404, "not-found")


class TestRemoveWriteKeyFromSource:
    def test_removes_one_key(self, api: Api) -> None:
        source = create_source(api)
        keys = data(api.post(f"/sources/{source['id']}/writekey"))["source"]["writeKeys"]
        response = api.delete(f"/sources/{source['id']}/writekey/{keys[0]}")
        assert data(response) == {"status": "SUCCESS"}
        assert get_source(api, source["id"])["writeKeys"] == [keys[1]]

    def test_unknown_key_is_404(self, api: Api) -> None:
        source = create_source(api)
        error(api.delete(f"/sources/{source['id']}/writekey/nope"), 404, "not-found")
        error(api.delete(f"/sources/{UNKNOWN_ID}/writekey/nope"), 404, "not-found")

    def test_another_sources_key_is_404_and_stays(self, api: Api) -> None:
        source = create_source(api)
        other = create_source(api)
        response = api.delete(f"/sources/{source['id']}/writekey/{other['writeKeys'][0]}")
        error(response, 404, "not-found")
        assert get_source(api, other["id"])["writeKeys"] == other["writeKeys"]
        assert get_source(api, source["id"])["writeKeys"] == source["writeKeys"]


DEFAULT_SCHEMA_SETTINGS = {
    "track": {
        "allowUnplannedEvents": True,
        "allowUnplannedEventProperties": True,
        "allowEventOnViolations": True,
        "allowPropertiesOnViolations": True,
        "commonEventOnViolations": "ALLOW",
    },
    "identify": {
        "allowUnplannedTraits": True,
        "allowTraitsOnViolations": True,
        "commonEventOnViolations": "ALLOW",
    },
    "group": {
        "allowUnplannedTraits": True,
        "allowTraitsOnViolations": True,
        "commonEventOnViolations": "ALLOW",
    },
}


class TestListSchemaSettingsInSource:
    def test_a_new_source_has_the_defaults(self, api: Api) -> None:
        source = create_source(api)
        got = data(api.get(f"/sources/{source['id']}/settings"))
        assert got == {"sourceId": source["id"], "settings": DEFAULT_SCHEMA_SETTINGS}

    def test_unknown_source_is_404(self, api: Api) -> None:
        error(api.get(f"/sources/{UNKNOWN_ID}/settings"), 404, "not-found")


class TestUpdateSchemaSettingsInSource:
    def test_merges_into_the_stored_settings(self, api: Api) -> None:
        source = create_source(api)
        target = create_source(api)
        url = f"/sources/{source['id']}/settings"
        body = {
            "track": {"allowUnplannedEvents": False, "commonEventOnViolations": "BLOCK"},
            "forwardingViolationsTo": target["id"],
        }
        expected: dict[str, Any] = {
            **DEFAULT_SCHEMA_SETTINGS,
            "track": {
                **DEFAULT_SCHEMA_SETTINGS["track"],
                "allowUnplannedEvents": False,
                "commonEventOnViolations": "BLOCK",
            },
            "forwardingViolationsTo": target["id"],
        }
        assert data(api.patch(url, json=body)) == {"sourceId": source["id"], "settings": expected}

        body = {"group": {"commonEventOnViolations": "OMIT_TRAITS"}}
        expected["group"] = {**expected["group"], "commonEventOnViolations": "OMIT_TRAITS"}
        assert data(api.patch(url, json=body))["settings"] == expected
        assert data(api.get(url))["settings"] == expected

        expected["forwardingBlockedEventsTo"] = source["id"]
        body = {"forwardingBlockedEventsTo": source["id"]}
        assert data(api.patch(url, json=body))["settings"] == expected
        assert data(api.get(url))["settings"] == expected

    @pytest.mark.parametrize("name", ["forwardingViolationsTo", "forwardingBlockedEventsTo"])
    def test_forwarding_targets_must_be_sources_of_the_workspace(
        self, api: Api, other_api: Api, name: str
    ) -> None:
        source = create_source(api)
        elsewhere = create_source(other_api)
        url = f"/sources/{source['id']}/settings"
        for target in (UNKNOWN_ID, elsewhere["id"]):
            assert invalid_fields(api.patch(url, json={name: target})) == [f"settings.{name}"]
        assert data(api.get(url))["settings"] == DEFAULT_SCHEMA_SETTINGS

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            (
                {"track": {"commonEventOnViolations": "NOPE"}},
                ["settings.track.commonEventOnViolations"],
            ),
            (
                {"identify": {"commonEventOnViolations": "OMIT_PROPERTIES"}},
                ["settings.identify.commonEventOnViolations"],
            ),
            ({"track": {"allowUnplannedEvents": "no"}}, ["settings.track.allowUnplannedEvents"]),
            ({"group": []}, ["settings.group"]),
            ({"forwardingViolationsTo": 5}, ["settings.forwardingViolationsTo"]),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, body: dict[str, Any], fields: list[str]
    ) -> None:
        source = create_source(api)
        url = f"/sources/{source['id']}/settings"
        assert invalid_fields(api.patch(url, json=body)) == fields
        assert data(api.get(url))["settings"] == DEFAULT_SCHEMA_SETTINGS

    def test_unknown_source_is_404(self, api: Api) -> None:
        response = api.patch(f"/sources/{UNKNOWN_ID}/settings", json={"track": {}})
        error(response, 404, "not-found")


@pytest.mark.parametrize(
    ("path", "key"),
    [("connected-destinations", "destinations"), ("connected-warehouses", "warehouses")],
)
class TestListConnectedFromSource:
    """listConnectedDestinationsFromSource and listConnectedWarehousesFromSource."""

    def test_a_source_has_no_connections_yet(self, api: Api, path: str, key: str) -> None:
        source = create_source(api)
        listed = data(api.get(f"/sources/{source['id']}/{path}", params={"pagination.count": 10}))
        assert listed[key] == []
        pagination = listed["pagination"]
        assert isinstance(pagination["current"], str)
        assert pagination["next"] is None
        assert pagination["previous"] is None
        assert pagination["totalEntries"] == 0

    def test_unknown_source_is_404(self, api: Api, path: str, key: str) -> None:
        response = api.get(f"/sources/{UNKNOWN_ID}/{path}", params={"pagination.count": 10})
        error(response, 404, "not-found")

    def test_pagination_is_required(self, api: Api, path: str, key: str) -> None:
        source = create_source(api)
        assert invalid_fields(api.get(f"/sources/{source['id']}/{path}")) == ["pagination.count"]
