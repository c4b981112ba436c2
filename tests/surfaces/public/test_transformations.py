"""Transformations: the five operations of the Transformations tag, each with its happy path
(read back) and its error paths, and the two preview endpoints (a Patchwire extension),
one rule at a time."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest

from tests.factories import create_source
from tests.factories.destinations import AMPLITUDE
from tests.support.api import Api
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

UNKNOWN_ID = "pHrD51Ds35Zjfka84yXQE6"
UNKNOWN_METADATA = "000000000000000000000000"
PREVIEW = "/transformations/preview"
ALL_FIELDS = {
    "id",
    "name",
    "sourceId",
    "destinationMetadataId",
    "enabled",
    "if",
    "newEventName",
    "propertyRenames",
    "propertyValueTransformations",
    "fqlDefinedProperties",
    "allowProperties",
    "hashPropertiesConfiguration",
}
ALWAYS = {
    "id",
    "name",
    "sourceId",
    "enabled",
    "if",
    "propertyRenames",
    "propertyValueTransformations",
    "fqlDefinedProperties",
}
FULL: dict[str, Any] = {
    "destinationMetadataId": AMPLITUDE,
    "newEventName": "order_completed",
    "propertyRenames": [{"oldName": "old-property", "newName": "new-property"}],
    "propertyValueTransformations": [
        {
            "propertyPaths": ["context.some-property", "properties.some-property"],
            "propertyValue": "some property value",
        }
    ],
    "fqlDefinedProperties": [{"fql": "properties.total > 10", "propertyName": "big"}],
    "allowProperties": ["total", "new-property"],
    "hashPropertiesConfiguration": {
        "algorithm": "SHA-256",
        "key": "pepper",
        "encoding": "BASE64",
        "paths": ["properties.new-property"],
    },
}
ORDER: dict[str, Any] = {
    "type": "track",
    "event": "Order Completed",
    "userId": "u1",
    "properties": {"total": 42, "email": "a@example.com", "sku": "X1"},
    "context": {"ip": "10.0.0.1", "locale": "en-US"},
}
IDENTIFY: dict[str, Any] = {
    "type": "identify",
    "userId": "u1",
    "traits": {"Group": "admins", "email": "a@example.com"},
}


def body(source_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "name": "Rename orders",
        "sourceId": source_id,
        "enabled": True,
        "if": "event = 'Order Completed'",
        **fields,
    }


def create_transformation(api: Api, source_id: str | None = None, **fields: Any) -> dict[str, Any]:
    source_id = source_id or create_source(api)["id"]
    made: dict[str, Any] = data(api.post("/transformations", json=body(source_id, **fields)))[
        "transformation"
    ]
    return made


def get_transformation(api: Api, transformation_id: str) -> dict[str, Any]:
    found: dict[str, Any] = data(api.get(f"/transformations/{transformation_id}"))["transformation"]
    return found


def event_types(api: Api, resource_id: str) -> list[str]:
    """Audit event types for one resource, oldest first."""
    return [e["type"] for e in reversed(audit_events(api, resourceId=resource_id))]


@pytest.fixture
def source_id(api: Api) -> str:
    made: str = create_source(api)["id"]
    return made


class TestCreateTransformation:
    def test_returns_every_field_and_reads_back(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, **FULL)
        assert set(made) == ALL_FIELDS
        assert made["sourceId"] == source_id
        assert made["name"] == "Rename orders"
        assert made["enabled"] is True
        assert made["if"] == "event = 'Order Completed'"
        assert {k: made[k] for k in FULL} == FULL
        assert get_transformation(api, made["id"]) == made

    def test_example_only_fields_are_ignored_and_never_emitted(
        self, api: Api, source_id: str
    ) -> None:
        made = create_transformation(
            api, source_id, propertyDrops=["x"], workspaceId="9aQ1Lj62S4bomZKLF4DPqW"
        )
        assert set(made) == ALWAYS
        assert made["propertyRenames"] == []
        assert made["propertyValueTransformations"] == []
        assert made["fqlDefinedProperties"] == []

    def test_hash_configuration_without_key_or_encoding(self, api: Api, source_id: str) -> None:
        hashing = {"algorithm": "md5", "paths": ["traits.email"]}
        made = create_transformation(api, source_id, hashPropertiesConfiguration=hashing)
        assert made["hashPropertiesConfiguration"] == hashing

    def test_an_empty_allow_list_is_kept(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, allowProperties=[])
        assert get_transformation(api, made["id"])["allowProperties"] == []

    def test_the_audit_trail_records_it(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, name="Audited")
        [event] = audit_events(api, resourceId=made["id"])
        assert event["type"] == "Transformation Created"
        assert event["resourceType"] == "transformation"
        assert event["resourceName"] == "Audited"

    def test_every_missing_required_field_has_its_own_entry(self, api: Api) -> None:
        assert sorted(invalid_fields(api.post("/transformations", json={}))) == [
            "transformation.enabled",
            "transformation.if",
            "transformation.name",
            "transformation.sourceId",
        ]

    def test_wrong_json_types_are_named_not_coerced(self, api: Api, source_id: str) -> None:
        wrong = body(
            source_id,
            enabled="yes",
            propertyRenames={},
            propertyValueTransformations=[{"propertyPaths": "a", "propertyValue": 1}],
            allowProperties=[1],
        )
        assert sorted(invalid_fields(api.post("/transformations", json=wrong))) == [
            "transformation.allowProperties[0]",
            "transformation.enabled",
            "transformation.propertyRenames",
            "transformation.propertyValueTransformations[0].propertyPaths",
            "transformation.propertyValueTransformations[0].propertyValue",
        ]

    def test_invalid_fql_in_if_names_position_and_reason(self, api: Api, source_id: str) -> None:
        response = api.post("/transformations", json=body(source_id, **{"if": 'event = "open'}))
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "transformation.if"
        assert entry["message"].startswith("Invalid FQL at position ")

    def test_invalid_fql_in_a_defined_property(self, api: Api, source_id: str) -> None:
        defined = [{"fql": "properties.total >", "propertyName": "big"}]
        response = api.post("/transformations", json=body(source_id, fqlDefinedProperties=defined))
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "transformation.fqlDefinedProperties[0].fql"
        assert "position" in entry["message"]

    def test_at_most_one_fql_defined_property(self, api: Api, source_id: str) -> None:
        defined = [
            {"fql": "properties.total > 10", "propertyName": "big"},
            {"fql": "properties.total < 10", "propertyName": "small"},
        ]
        response = api.post("/transformations", json=body(source_id, fqlDefinedProperties=defined))
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "transformation.fqlDefinedProperties"
        assert "At most 1" in entry["message"]

    def test_the_source_must_exist_in_the_workspace(self, api: Api, other_api: Api) -> None:
        foreign = create_source(other_api)["id"]
        for source_id in (UNKNOWN_ID, foreign):
            response = api.post("/transformations", json=body(source_id))
            entry = error(response, 422, "input-validation")
            assert entry["field"] == "transformation.sourceId"
            assert source_id in entry["message"]

    def test_the_destination_metadata_must_be_in_the_catalog(
        self, api: Api, source_id: str
    ) -> None:
        response = api.post(
            "/transformations", json=body(source_id, destinationMetadataId=UNKNOWN_METADATA)
        )
        assert invalid_fields(response) == ["transformation.destinationMetadataId"]

    def test_limits_of_value_transformations(self, api: Api, source_id: str) -> None:
        eleven_paths = [{"propertyPaths": [f"p{i}" for i in range(11)], "propertyValue": "v"}]
        eleven = [{"propertyPaths": ["p"], "propertyValue": "v"}] * 11
        for changes, field in [
            (eleven_paths, "transformation.propertyValueTransformations[0].propertyPaths"),
            (eleven, "transformation.propertyValueTransformations"),
        ]:
            response = api.post(
                "/transformations", json=body(source_id, propertyValueTransformations=changes)
            )
            assert invalid_fields(response) == [field]

    def test_property_references_have_no_empty_parts(self, api: Api, source_id: str) -> None:
        fields = {
            "propertyRenames": [{"oldName": "properties..a", "newName": "b."}],
            "propertyValueTransformations": [{"propertyPaths": [".a"], "propertyValue": "v"}],
            "fqlDefinedProperties": [{"fql": "true", "propertyName": "a..b"}],
            "allowProperties": ["ok", "context."],
            "hashPropertiesConfiguration": {"algorithm": "sha256", "paths": ["x..y"]},
        }
        response = api.post("/transformations", json=body(source_id, **fields))
        assert sorted(invalid_fields(response)) == [
            "transformation.allowProperties[1]",
            "transformation.fqlDefinedProperties[0].propertyName",
            "transformation.hashPropertiesConfiguration.paths[0]",
            "transformation.propertyRenames[0].newName",
            "transformation.propertyRenames[0].oldName",
            "transformation.propertyValueTransformations[0].propertyPaths[0]",
        ]

    def test_hash_algorithm_and_encoding_are_checked(self, api: Api, source_id: str) -> None:
        hashing = {"algorithm": "rot13", "encoding": "BASE32", "paths": ["email"]}
        response = api.post(
            "/transformations", json=body(source_id, hashPropertiesConfiguration=hashing)
        )
        assert invalid_fields(response) == ["transformation.hashPropertiesConfiguration.encoding"]
        hashing = {"algorithm": "rot13", "paths": ["email"]}
        response = api.post(
            "/transformations", json=body(source_id, hashPropertiesConfiguration=hashing)
        )
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "transformation.hashPropertiesConfiguration.algorithm"
        assert "SHA256" in entry["message"]
        response = api.post(
            "/transformations",
            json=body(source_id, hashPropertiesConfiguration={"algorithm": "md5"}),
        )
        assert invalid_fields(response) == ["transformation.hashPropertiesConfiguration.paths"]

    def test_failed_creates_leave_nothing_behind(self, api: Api, source_id: str) -> None:
        api.post("/transformations", json=body(source_id, **{"if": "event ="}))
        assert walk(api, "/transformations", "transformations", 10) == []
        assert audit_events(api, resourceType="transformation") == []

    def test_read_only_tokens_are_refused(
        self, api: Api, readonly_api: Api, source_id: str
    ) -> None:
        error(readonly_api.post("/transformations", json=body(source_id)), 403, "forbidden")
        assert walk(api, "/transformations", "transformations", 10) == []

    def test_a_missing_token_is_401(self, api: Api, source_id: str) -> None:
        response = api.as_token(None).post("/transformations", json=body(source_id))
        error(response, 401, "unauthorized")


class TestGetTransformation:
    def test_read_only_tokens_may_read(self, api: Api, readonly_api: Api) -> None:
        made = create_transformation(api)
        assert get_transformation(readonly_api, made["id"]) == made

    def test_unknown_id_is_404(self, api: Api) -> None:
        entry = error(api.get(f"/transformations/{UNKNOWN_ID}"), 404, "not-found")
        assert entry["message"] == f"Transformation with id '{UNKNOWN_ID}' not found"

    def test_another_workspaces_transformation_is_404(self, api: Api, other_api: Api) -> None:
        made = create_transformation(other_api)
        error(api.get(f"/transformations/{made['id']}"), 404, "not-found")

    def test_a_missing_token_is_401(self, api: Api) -> None:
        made = create_transformation(api)
        error(api.as_token(None).get(f"/transformations/{made['id']}"), 401, "unauthorized")


class TestListTransformations:
    def test_lists_in_creation_order_across_pages(self, api: Api, source_id: str) -> None:
        made = [create_transformation(api, source_id, name=f"t{i}") for i in range(5)]
        assert walk(api, "/transformations", "transformations", 2) == made
        page = data(api.get("/transformations", params={"pagination.count": 2}))
        assert page["pagination"]["totalEntries"] == 5
        assert page["pagination"]["previous"] is None

    def test_read_only_tokens_may_list(self, api: Api, readonly_api: Api) -> None:
        made = create_transformation(api)
        assert walk(readonly_api, "/transformations", "transformations", 10) == [made]

    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get("/transformations")) == ["pagination.count"]

    def test_other_workspaces_transformations_are_not_listed(
        self, api: Api, other_api: Api
    ) -> None:
        create_transformation(other_api)
        assert walk(api, "/transformations", "transformations", 10) == []

    def test_a_missing_token_is_401(self, api: Api) -> None:
        response = api.as_token(None).get("/transformations", params={"pagination.count": 1})
        error(response, 401, "unauthorized")


class TestUpdateTransformation:
    def test_changes_only_the_named_fields(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, **FULL)
        response = api.patch(f"/transformations/{made['id']}", json={"name": "Renamed"})
        updated = data(response)["transformation"]
        assert updated == {**made, "name": "Renamed"}
        assert get_transformation(api, made["id"]) == updated
        assert event_types(api, made["id"]) == ["Transformation Created", "Transformation Updated"]

    def test_every_field_can_change(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id)
        other_source = create_source(api)["id"]
        changes = {
            **FULL,
            "name": "All of it",
            "sourceId": other_source,
            "enabled": False,
            "if": "type = 'identify'",
        }
        updated = data(api.patch(f"/transformations/{made['id']}", json=changes))
        assert updated["transformation"] == {"id": made["id"], **changes}
        assert get_transformation(api, made["id"]) == updated["transformation"]

    def test_null_clears_the_optional_fields(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, **FULL)
        cleared = data(api.patch(f"/transformations/{made['id']}", json=dict.fromkeys(FULL)))[
            "transformation"
        ]
        assert set(cleared) == ALWAYS
        assert cleared["propertyRenames"] == []
        assert cleared["propertyValueTransformations"] == []
        assert cleared["fqlDefinedProperties"] == []
        assert get_transformation(api, made["id"]) == cleared

    def test_lists_are_replaced_whole(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, **FULL)
        renames = [{"oldName": "a", "newName": "b"}, {"oldName": "c", "newName": "d"}]
        updated = data(
            api.patch(f"/transformations/{made['id']}", json={"propertyRenames": renames})
        )["transformation"]
        assert updated["propertyRenames"] == renames
        assert updated["allowProperties"] == FULL["allowProperties"]

    def test_required_fields_cannot_be_null(self, api: Api) -> None:
        made = create_transformation(api)
        nulls = {"name": None, "sourceId": None, "enabled": None, "if": None}
        response = api.patch(f"/transformations/{made['id']}", json=nulls)
        assert sorted(invalid_fields(response)) == [
            "transformation.enabled",
            "transformation.if",
            "transformation.name",
            "transformation.sourceId",
        ]
        assert get_transformation(api, made["id"]) == made

    def test_values_are_validated_as_on_create(self, api: Api, other_api: Api) -> None:
        made = create_transformation(api)
        changes = {
            "if": "event = = 'x'",
            "sourceId": create_source(other_api)["id"],
            "destinationMetadataId": UNKNOWN_METADATA,
            "fqlDefinedProperties": [
                {"fql": "true", "propertyName": "a"},
                {"fql": "length(", "propertyName": "b"},
            ],
        }
        response = api.patch(f"/transformations/{made['id']}", json=changes)
        assert sorted(invalid_fields(response)) == [
            "transformation.destinationMetadataId",
            "transformation.fqlDefinedProperties",
            "transformation.fqlDefinedProperties[1].fql",
            "transformation.if",
            "transformation.sourceId",
        ]
        assert get_transformation(api, made["id"]) == made
        assert event_types(api, made["id"]) == ["Transformation Created"]

    def test_an_update_that_changes_nothing_records_nothing(self, api: Api, source_id: str) -> None:
        made = create_transformation(api, source_id, **FULL)
        same = {k: made[k] for k in ("name", "enabled", "if", "propertyRenames")}
        assert (
            data(api.patch(f"/transformations/{made['id']}", json=same))["transformation"] == made
        )
        assert data(api.patch(f"/transformations/{made['id']}", json={}))["transformation"] == made
        assert event_types(api, made["id"]) == ["Transformation Created"]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_transformation(other_api)
        for transformation_id in (UNKNOWN_ID, foreign["id"]):
            response = api.patch(f"/transformations/{transformation_id}", json={"name": "x"})
            error(response, 404, "not-found")
        assert get_transformation(other_api, foreign["id"]) == foreign

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        made = create_transformation(api)
        response = readonly_api.patch(f"/transformations/{made['id']}", json={"name": "x"})
        error(response, 403, "forbidden")
        assert get_transformation(api, made["id"]) == made


class TestDeleteTransformation:
    def test_deletes_and_records_it(self, api: Api) -> None:
        made = create_transformation(api)
        assert data(api.delete(f"/transformations/{made['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"/transformations/{made['id']}"), 404, "not-found")
        error(api.delete(f"/transformations/{made['id']}"), 404, "not-found")
        assert event_types(api, made["id"]) == ["Transformation Created", "Transformation Deleted"]

    def test_deleting_the_source_deletes_its_transformations(self, api: Api) -> None:
        source_id = create_source(api)["id"]
        doomed = create_transformation(api, source_id)
        kept = create_transformation(api)
        assert data(api.delete(f"/sources/{source_id}")) == {"status": "SUCCESS"}
        error(api.get(f"/transformations/{doomed['id']}"), 404, "not-found")
        assert walk(api, "/transformations", "transformations", 10) == [kept]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_transformation(other_api)
        for transformation_id in (UNKNOWN_ID, foreign["id"]):
            error(api.delete(f"/transformations/{transformation_id}"), 404, "not-found")
        assert get_transformation(other_api, foreign["id"]) == foreign

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        made = create_transformation(api)
        error(readonly_api.delete(f"/transformations/{made['id']}"), 403, "forbidden")
        assert get_transformation(api, made["id"]) == made

    def test_a_missing_token_is_401(self, api: Api) -> None:
        made = create_transformation(api)
        error(api.as_token(None).delete(f"/transformations/{made['id']}"), 401, "unauthorized")


def preview(api: Api, payload: dict[str, Any] = ORDER, **rules: Any) -> dict[str, Any]:
    """The event after the inline transformation ``rules`` (``if`` defaults to "all")."""
    transformation = {"if": "all", **rules}
    response = api.post(PREVIEW, json={"transformation": transformation, "payload": payload})
    result = data(response)
    assert result["inputPayload"] == payload
    event: dict[str, Any] = result["result"]
    return event


def digest(value: str, name: str = "sha256", key: str | None = None) -> bytes:
    if key is not None:
        return hmac.new(key.encode(), value.encode(), name).digest()
    return hashlib.new(name, value.encode()).digest()


class TestPreviewTransformation:
    def test_an_unmatched_event_comes_back_unchanged(self, api: Api) -> None:
        rules: dict[str, Any] = {
            "if": "event = 'Other'",
            "newEventName": "x",
            "allowProperties": [],
        }
        assert preview(api, **rules) == ORDER

    def test_all_and_fql_conditions_match(self, api: Api) -> None:
        for condition in ("all", "event = 'Order Completed'", "properties.total > 10"):
            rules: dict[str, Any] = {"if": condition, "newEventName": "x"}
            assert preview(api, **rules)["event"] == "x"

    def test_new_event_name_renames_track_events_only(self, api: Api) -> None:
        assert preview(api, newEventName="order_completed") == {
            **ORDER,
            "event": "order_completed",
        }
        assert preview(api, IDENTIFY, newEventName="x") == IDENTIFY

    def test_property_renames(self, api: Api) -> None:
        renames = [
            {"oldName": "sku", "newName": "productSku"},
            {"oldName": "context.ip", "newName": "ipAddress"},
            {"oldName": "properties.email", "newName": "context.traits.email"},
            {"oldName": "missing", "newName": "nothing"},
        ]
        result = preview(api, propertyRenames=renames)
        assert result["properties"] == {"total": 42, "productSku": "X1"}
        assert result["context"] == {
            "ipAddress": "10.0.0.1",
            "locale": "en-US",
            "traits": {"email": "a@example.com"},
        }

    def test_bare_names_are_traits_on_identify(self, api: Api) -> None:
        result = preview(api, IDENTIFY, propertyRenames=[{"oldName": "Group", "newName": "group"}])
        assert result["traits"] == {"group": "admins", "email": "a@example.com"}

    def test_property_value_transformations(self, api: Api) -> None:
        changes = [
            {"propertyPaths": ["sku", "context.campaign.source"], "propertyValue": "set"},
            {"propertyPaths": ["context.locale.region"], "propertyValue": "skipped"},
        ]
        result = preview(api, propertyValueTransformations=changes)
        assert result["properties"] == {**ORDER["properties"], "sku": "set"}
        assert result["context"] == {**ORDER["context"], "campaign": {"source": "set"}}

    def test_allow_properties(self, api: Api) -> None:
        event = {**ORDER, "properties": {**ORDER["properties"], "address": {"city": "A", "zip": 1}}}
        result = preview(api, event, allowProperties=["total", "properties.address.city"])
        assert result["properties"] == {"total": 42, "address": {"city": "A"}}
        assert result["context"] == ORDER["context"]
        assert {k: v for k, v in result.items() if k != "properties"} == {
            k: v for k, v in event.items() if k != "properties"
        }
        assert preview(api, allowProperties=[])["properties"] == {}
        result = preview(api, allowProperties=["total", "context.ip"])
        assert result["properties"] == {"total": 42}
        assert result["context"] == {"ip": "10.0.0.1"}

    @pytest.mark.parametrize(
        ("fql", "value"),
        [
            ("properties.total > 10", True),
            ("properties.total > 100 or event = 'Other'", False),
            ("!(properties.sku = 'X1')", False),
            ("properties.sku", "X1"),
            ("properties.missing", None),
            ("lowercase(properties.sku)", "x1"),
            ("length(properties.email)", 13),
            ("contains(properties.email, '@example')", True),
            ("'fixed'", "fixed"),
        ],
    )
    def test_fql_defined_properties(self, api: Api, fql: str, value: Any) -> None:
        defined = [{"fql": fql, "propertyName": "computed"}]
        result = preview(api, fqlDefinedProperties=defined)
        assert result["properties"] == {**ORDER["properties"], "computed": value}

    def test_fql_sees_the_event_as_it_arrived(self, api: Api) -> None:
        result = preview(
            api,
            propertyRenames=[{"oldName": "total", "newName": "amount"}],
            fqlDefinedProperties=[{"fql": "properties.total", "propertyName": "context.was"}],
        )
        assert result["properties"] == {"amount": 42, "email": "a@example.com", "sku": "X1"}
        assert result["context"]["was"] == 42

    def test_hashing(self, api: Api) -> None:
        email = "a@example.com"
        for config, expected in [
            ({"algorithm": "sha256"}, digest(email).hex()),
            ({"algorithm": "SHA-256", "encoding": "BASE16"}, digest(email).hex().upper()),
            (
                {"algorithm": "md5", "encoding": "BASE64"},
                base64.b64encode(digest(email, "md5")).decode(),
            ),
            (
                {"algorithm": "SHA512", "key": "k", "encoding": "BASE64URL"},
                base64.urlsafe_b64encode(digest(email, "sha512", "k")).decode(),
            ),
            ({"algorithm": "sha1", "encoding": "HEX"}, digest(email, "sha1").hex()),
        ]:
            hashing = {**config, "paths": ["email", "properties.missing", "context.nope.x"]}
            result = preview(api, hashPropertiesConfiguration=hashing)
            assert result["properties"] == {**ORDER["properties"], "email": expected}
            assert result["context"] == ORDER["context"]

    def test_non_string_values_are_hashed_as_json(self, api: Api) -> None:
        hashing = {"algorithm": "sha256", "paths": ["total"]}
        result = preview(api, hashPropertiesConfiguration=hashing)
        assert result["properties"]["total"] == digest("42").hex()

    def test_rules_run_in_order(self, api: Api) -> None:
        result = preview(
            api,
            propertyRenames=[{"oldName": "email", "newName": "mail"}],
            propertyValueTransformations=[{"propertyPaths": ["sku"], "propertyValue": "Y"}],
            allowProperties=["mail", "sku"],
            fqlDefinedProperties=[{"fql": "properties.sku", "propertyName": "oldSku"}],
            hashPropertiesConfiguration={"algorithm": "md5", "paths": ["mail", "oldSku"]},
        )
        assert result["properties"] == {
            "mail": digest("a@example.com", "md5").hex(),
            "sku": "Y",
            "oldSku": digest("X1", "md5").hex(),
        }

    def test_invalid_rules_are_named_like_on_create(self, api: Api) -> None:
        transformation = {
            "if": "event =",
            "fqlDefinedProperties": [
                {"fql": "a = 1", "propertyName": "a"},
                {"fql": "(", "propertyName": "b"},
            ],
            "hashPropertiesConfiguration": {"algorithm": "crc32", "paths": []},
        }
        response = api.post(PREVIEW, json={"transformation": transformation, "payload": ORDER})
        assert sorted(invalid_fields(response)) == [
            "transformation.fqlDefinedProperties",
            "transformation.fqlDefinedProperties[1].fql",
            "transformation.hashPropertiesConfiguration.algorithm",
            "transformation.if",
        ]

    def test_the_body_needs_both_parts(self, api: Api) -> None:
        assert sorted(invalid_fields(api.post(PREVIEW, json={}))) == ["payload", "transformation"]
        response = api.post(PREVIEW, json={"transformation": {"if": "all"}, "payload": [ORDER]})
        assert invalid_fields(response) == ["payload"]

    def test_read_only_tokens_may_preview(self, readonly_api: Api) -> None:
        assert preview(readonly_api, newEventName="x")["event"] == "x"

    def test_a_missing_token_is_401(self, api: Api) -> None:
        body = {"transformation": {"if": "all"}, "payload": ORDER}
        error(api.as_token(None).post(PREVIEW, json=body), 401, "unauthorized")


class TestPreviewStoredTransformation:
    def test_applies_the_stored_rules(self, api: Api, readonly_api: Api) -> None:
        made = create_transformation(
            api,
            enabled=False,
            newEventName="order_completed",
            propertyRenames=[{"oldName": "sku", "newName": "productSku"}],
        )
        url = f"/transformations/{made['id']}/preview"
        for caller in (api, readonly_api):
            result = data(caller.post(url, json={"payload": ORDER}))
            assert result["inputPayload"] == ORDER
            assert result["result"] == {
                **ORDER,
                "event": "order_completed",
                "properties": {"total": 42, "email": "a@example.com", "productSku": "X1"},
            }
        other = {**ORDER, "event": "Other"}
        assert data(api.post(url, json={"payload": other}))["result"] == other

    def test_applies_hashing_and_allow_lists_as_stored(self, api: Api) -> None:
        made = create_transformation(api, **FULL)
        url = f"/transformations/{made['id']}/preview"
        result = data(api.post(url, json={"payload": ORDER}))["result"]
        assert result["event"] == "order_completed"
        assert result["properties"] == {"total": 42, "big": True}
        assert result["context"] == {**ORDER["context"], "some-property": "some property value"}
        renamed = {**ORDER, "properties": {"old-property": "a@example.com", "total": 1}}
        result = data(api.post(url, json={"payload": renamed}))["result"]
        hashed = base64.b64encode(digest("a@example.com", key="pepper")).decode()
        assert result["properties"] == {"new-property": hashed, "total": 1, "big": False}

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_transformation(other_api)
        for transformation_id in (UNKNOWN_ID, foreign["id"]):
            response = api.post(
                f"/transformations/{transformation_id}/preview", json={"payload": ORDER}
            )
            error(response, 404, "not-found")

    def test_the_payload_is_required(self, api: Api) -> None:
        made = create_transformation(api)
        response = api.post(f"/transformations/{made['id']}/preview", json={})
        assert invalid_fields(response) == ["payload"]

    def test_a_missing_token_is_401(self, api: Api) -> None:
        made = create_transformation(api)
        url = f"/transformations/{made['id']}/preview"
        error(api.as_token(None).post(url, json={"payload": ORDER}), 401, "unauthorized")
