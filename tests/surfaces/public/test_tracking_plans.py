"""Tracking Plans: the 12 operations, each with its happy path (read back) and error paths;
rule validation (draft-7 JSON Schema, keys, versions, duplicates, the per-request cap, the
2 MiB payload limit), byte-stable rule storage, and source connections."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import orjson
import pytest
from jsonschema import Draft7Validator, SchemaError

from patchwire.resources.tracking_plans import service
from tests.factories import create_source
from tests.support.api import Api, make_client
from tests.support.tenants import ROLE, Tenant, new_member, new_tenant
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

UNKNOWN_ID = "tp_qQEHquLrjRDN9j1ByrChyn"
PLAN_ID = re.compile(r"^tp_[A-Za-z0-9]{22}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
MIB = 1024 * 1024
EMPTY = {"type": "object", "properties": {}}


def create_plan(api: Api, name: str = "Main plan", **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "type": "LIVE", **fields}
    plan: dict[str, Any] = data(api.post("/tracking-plans", json=body))["trackingPlan"]
    return plan


def rule(
    key: str | None = "Order Completed",
    *,
    kind: str = "TRACK",
    version: int = 1,
    schema: Any = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind, "version": version}
    if key is not None:
        out["key"] = key
    out["jsonSchema"] = EMPTY if schema is None else schema
    return out


def track_schema(*required: str) -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "properties": {
                "type": "object",
                "properties": {name: {"type": "string"} for name in required},
                "required": list(required),
            }
        },
    }


def rules_url(plan: dict[str, Any]) -> str:
    return f"/tracking-plans/{plan['id']}/rules"


def sources_url(plan: dict[str, Any]) -> str:
    return f"/tracking-plans/{plan['id']}/sources"


def list_rules(api: Api, plan: dict[str, Any], count: int = 200) -> list[dict[str, Any]]:
    return walk(api, rules_url(plan), "rules", count)


def keys(rules: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(r["type"], r.get("key")) for r in rules]


def replace(api: Api, plan: dict[str, Any], rules: list[dict[str, Any]]) -> None:
    assert data(api.put(rules_url(plan), json={"rules": rules})) == {"status": "SUCCESS"}


def get_plan(api: Api, plan_id: str) -> dict[str, Any]:
    plan: dict[str, Any] = data(api.get(f"/tracking-plans/{plan_id}"))["trackingPlan"]
    return plan


def plan_events(api: Api, plan: dict[str, Any]) -> list[str]:
    return [e["type"] for e in audit_events(api, resourceId=plan["id"])]


def connect(api: Api, plan: dict[str, Any], source: dict[str, Any]) -> None:
    response = api.post(sources_url(plan), json={"sourceId": source["id"]})
    assert data(response) == {"status": "SUCCESS"}


def connected(api: Api, plan: dict[str, Any]) -> list[str]:
    return [s["id"] for s in walk(api, sources_url(plan), "sources", 200)]


def sdk_removal_query(rules: list[dict[str, Any]]) -> str:
    """The query string the official SDK sends (``qs`` defaults: indexed brackets,
    percent-encoded)."""
    parts = []
    for i, item in enumerate(rules):
        for name, value in item.items():
            parts.append(f"{quote(f'rules[{i}][{name}]', safe='')}={quote(str(value), safe='')}")
    return "&".join(parts)


@pytest.fixture(scope="module")
def big_cap_client(database_url: str) -> Iterator[Api]:
    """A second app on the same store whose operator raised the rule cap to 3,000."""
    with make_client(database_url, tracking_plan_max_rules=3000) as client:
        yield client


@pytest.fixture
def big_cap_api(big_cap_client: Api) -> Api:
    return big_cap_client.as_token(new_tenant(big_cap_client).owner_token)


class TestCreateTrackingPlan:
    def test_returns_the_plan_and_get_reads_it_back(self, api: Api) -> None:
        body = {"name": "Web & iOS", "type": "LIVE", "description": "What we track"}
        plan = data(api.post("/tracking-plans", json=body))["trackingPlan"]

        assert PLAN_ID.match(plan["id"])
        assert plan["name"] == "Web & iOS"
        assert plan["slug"] == "web-ios"
        assert plan["description"] == "What we track"
        assert plan["type"] == "LIVE"
        assert TIMESTAMP.match(plan["createdAt"])
        assert plan["updatedAt"] == plan["createdAt"]
        assert get_plan(api, plan["id"]) == plan

    @pytest.mark.parametrize(
        "plan_type", ["ENGAGE", "LIVE", "PROPERTY_LIBRARY", "RULE_LIBRARY", "TEMPLATE"]
    )
    def test_every_type(self, api: Api, plan_type: str) -> None:
        assert create_plan(api, type=plan_type)["type"] == plan_type

    def test_description_is_optional(self, api: Api) -> None:
        plan = create_plan(api)
        assert "description" not in plan
        assert "description" not in get_plan(api, plan["id"])

    def test_records_the_event(self, api: Api) -> None:
        plan = create_plan(api, name="Audited")
        events = audit_events(api, resourceId=plan["id"])
        assert [e["type"] for e in events] == ["Tracking Plan Created"]
        assert events[0]["resourceType"] == "tracking_plan"
        assert events[0]["resourceName"] == "Audited"

    def test_ids_are_never_reused(self, api: Api) -> None:
        assert len({create_plan(api)["id"] for _ in range(3)}) == 3

    def test_every_missing_required_field_has_its_own_entry(self, api: Api) -> None:
        assert sorted(invalid_fields(api.post("/tracking-plans", json={}))) == ["name", "type"]

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({"name": "P", "type": "BOGUS"}, ["type"]),
            ({"name": "P", "type": "live"}, ["type"]),
            ({"name": "", "type": "LIVE"}, ["name"]),
            ({"name": "n" * 256, "type": "LIVE"}, ["name"]),
            ({"name": 5, "type": "LIVE"}, ["name"]),
            ({"name": "P", "type": "LIVE", "description": 7}, ["description"]),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, body: dict[str, Any], fields: list[str]
    ) -> None:
        assert invalid_fields(api.post("/tracking-plans", json=body)) == fields

    @pytest.mark.parametrize("body", [b"{", b"[]", b"null", b""])
    def test_a_body_that_is_not_a_json_object_is_422(self, api: Api, body: bytes) -> None:
        response = api.post(
            "/tracking-plans", content=body, headers={"Content-Type": "application/json"}
        )
        assert invalid_fields(response)

    def test_failed_creates_leave_nothing_behind(self, api: Api) -> None:
        api.post("/tracking-plans", json={"name": "P", "type": "NOPE"})
        assert (
            data(api.get("/tracking-plans", params={"pagination.count": 10}))["trackingPlans"] == []
        )


class TestGetTrackingPlan:
    def test_unknown_id_is_404(self, api: Api) -> None:
        entry = error(api.get(f"/tracking-plans/{UNKNOWN_ID}"), 404, "not-found")
        assert UNKNOWN_ID in entry["message"]

    def test_another_workspaces_plan_is_404(self, api: Api, other_api: Api) -> None:
        plan = create_plan(other_api)
        error(api.get(f"/tracking-plans/{plan['id']}"), 404, "not-found")

    def test_read_only_tokens_read(self, api: Api, readonly_api: Api) -> None:
        plan = create_plan(api)
        assert get_plan(readonly_api, plan["id"]) == plan


class TestListTrackingPlans:
    def test_lists_in_creation_order_across_pages(self, api: Api) -> None:
        plans = [create_plan(api, name=f"Plan {i}") for i in range(5)]
        assert walk(api, "/tracking-plans", "trackingPlans", 2) == plans
        assert walk(api, "/tracking-plans", "trackingPlans", 200) == plans

    def test_total_and_cursors(self, api: Api) -> None:
        for i in range(3):
            create_plan(api, name=f"Plan {i}")
        page = data(api.get("/tracking-plans", params={"pagination.count": 2}))
        assert len(page["trackingPlans"]) == 2
        assert page["pagination"]["totalEntries"] == 3
        assert page["pagination"]["previous"] is None
        assert page["pagination"]["next"]

    def test_filters_by_type(self, api: Api) -> None:
        live = create_plan(api, type="LIVE")
        template = create_plan(api, type="TEMPLATE")
        params = {"type": "TEMPLATE"}
        assert walk(api, "/tracking-plans", "trackingPlans", 10, params=params) == [template]
        params = {"type": "LIVE"}
        assert walk(api, "/tracking-plans", "trackingPlans", 10, params=params) == [live]

    def test_an_unknown_type_is_422(self, api: Api) -> None:
        response = api.get("/tracking-plans", params={"pagination.count": 10, "type": "X"})
        assert invalid_fields(response) == ["type"]

    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get("/tracking-plans")) == ["pagination.count"]

    def test_only_this_workspaces_plans(self, api: Api, other_api: Api) -> None:
        create_plan(other_api)
        assert walk(api, "/tracking-plans", "trackingPlans", 10) == []

    def test_the_sdk_bracket_form(self, api: Api) -> None:
        plan = create_plan(api)
        response = api.get("/tracking-plans?pagination%5Bcount%5D=5&type=LIVE")
        assert data(response)["trackingPlans"] == [plan]


class TestUpdateTrackingPlan:
    def test_changes_only_the_fields_sent(self, api: Api) -> None:
        plan = create_plan(api, name="Old", description="Kept")
        response = api.patch(f"/tracking-plans/{plan['id']}", json={"name": "New"})
        assert data(response) == {"status": "SUCCESS"}

        after = get_plan(api, plan["id"])
        assert after["name"] == "New"
        assert after["description"] == "Kept"
        assert after["slug"] == plan["slug"] == "old"
        assert after["type"] == "LIVE"
        assert after["createdAt"] == plan["createdAt"]
        assert after["updatedAt"] >= plan["updatedAt"]
        assert plan_events(api, plan) == ["Tracking Plan Modified", "Tracking Plan Created"]

    def test_description_set_and_cleared(self, api: Api) -> None:
        plan = create_plan(api)
        url = f"/tracking-plans/{plan['id']}"
        data(api.patch(url, json={"description": "Now described"}))
        assert get_plan(api, plan["id"])["description"] == "Now described"
        data(api.patch(url, json={"description": None}))
        assert "description" not in get_plan(api, plan["id"])

    def test_no_change_records_nothing(self, api: Api) -> None:
        plan = create_plan(api, name="Same")
        url = f"/tracking-plans/{plan['id']}"
        assert data(api.patch(url, json={})) == {"status": "SUCCESS"}
        assert data(api.patch(url, json={"name": "Same"})) == {"status": "SUCCESS"}
        assert get_plan(api, plan["id"]) == plan
        assert plan_events(api, plan) == ["Tracking Plan Created"]

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({"name": None}, ["name"]),
            ({"name": ""}, ["name"]),
            ({"name": 3}, ["name"]),
            ({"description": ["x"]}, ["description"]),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, body: dict[str, Any], fields: list[str]
    ) -> None:
        plan = create_plan(api)
        assert invalid_fields(api.patch(f"/tracking-plans/{plan['id']}", json=body)) == fields
        assert get_plan(api, plan["id"]) == plan

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.patch(f"/tracking-plans/{plan_id}", json={"name": "X"})
            error(response, 404, "not-found")
        assert get_plan(other_api, foreign["id"]) == foreign


class TestDeleteTrackingPlan:
    def test_deletes_with_its_rules_then_404(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A"), rule(None, kind="IDENTIFY")])
        assert data(api.delete(f"/tracking-plans/{plan['id']}")) == {"status": "SUCCESS"}

        error(api.get(f"/tracking-plans/{plan['id']}"), 404, "not-found")
        error(api.get(rules_url(plan), params={"pagination.count": 10}), 404, "not-found")
        error(api.delete(f"/tracking-plans/{plan['id']}"), 404, "not-found")
        assert plan_events(api, plan) == [
            "Tracking Plan Deleted",
            "Tracking Plan Modified",
            "Tracking Plan Created",
        ]

    def test_its_sources_are_disconnected_and_free(self, api: Api) -> None:
        plan = create_plan(api)
        source = create_source(api)
        connect(api, plan, source)
        data(api.delete(f"/tracking-plans/{plan['id']}"))

        source_events = [e["type"] for e in audit_events(api, resourceId=source["id"])]
        assert source_events[:2] == ["Source Modified", "Source Modified"]
        assert "Source Disconnected From Tracking Plan" in plan_events(api, plan)
        other = create_plan(api, name="Next")
        connect(api, other, source)
        assert connected(api, other) == [source["id"]]
        assert get_plan(api, other["id"])["name"] == "Next"

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            error(api.delete(f"/tracking-plans/{plan_id}"), 404, "not-found")
        assert get_plan(other_api, foreign["id"]) == foreign


class TestListRulesFromTrackingPlan:
    def test_lists_in_the_order_sent_across_pages(self, api: Api) -> None:
        plan = create_plan(api)
        sent = [
            rule("Zebra"),
            rule(None, kind="IDENTIFY"),
            rule("Apple", kind="PAGE"),
            rule(None, kind="COMMON"),
            rule("Mango", kind="SCREEN"),
            rule(None, kind="GROUP"),
        ]
        replace(api, plan, sent)
        expected = keys(sent)
        assert keys(list_rules(api, plan, count=2)) == expected
        assert keys(list_rules(api, plan, count=200)) == expected
        assert keys(walk(api, rules_url(plan), "rules", 4)) == expected

    def test_the_rule_shape(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("Signed Up", version=3), rule(None, kind="IDENTIFY")])
        track, identify = list_rules(api, plan)
        assert set(track) == {"key", "type", "version", "jsonSchema", "createdAt", "updatedAt"}
        assert track["key"] == "Signed Up"
        assert track["version"] == 3
        assert track["jsonSchema"] == EMPTY
        assert TIMESTAMP.match(track["createdAt"])
        assert TIMESTAMP.match(track["updatedAt"])
        assert "key" not in identify

    def test_a_new_plan_has_no_rules(self, api: Api) -> None:
        page = data(api.get(rules_url(create_plan(api)), params={"pagination.count": 10}))
        assert page["rules"] == []
        assert page["pagination"]["next"] is None

    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get(rules_url(create_plan(api)))) == ["pagination.count"]

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.get(f"/tracking-plans/{plan_id}/rules", params={"pagination.count": 5})
            error(response, 404, "not-found")

    def test_a_cursor_of_another_plan_is_refused(self, api: Api) -> None:
        first, second = create_plan(api), create_plan(api)
        replace(api, first, [rule("A"), rule("B")])
        cursor = data(api.get(rules_url(first), params={"pagination.count": 1}))["pagination"][
            "next"
        ]
        response = api.get(
            rules_url(second), params={"pagination.count": 1, "pagination.cursor": cursor}
        )
        assert invalid_fields(response) == ["pagination.cursor"]


class TestReplaceRulesInTrackingPlan:
    def test_the_plan_gets_exactly_the_rules_sent(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A"), rule("B"), rule(None, kind="IDENTIFY")])
        replace(api, plan, [rule("C", version=4), rule("A", version=2)])
        listed = list_rules(api, plan)
        assert keys(listed) == [("TRACK", "C"), ("TRACK", "A")]
        assert [r["version"] for r in listed] == [4, 2]

    def test_an_empty_list_clears_the_plan(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A")])
        replace(api, plan, [])
        assert list_rules(api, plan) == []

    def test_unchanged_rules_keep_their_timestamps(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("Kept"), rule("Changed")])
        before = {r["key"]: r for r in list_rules(api, plan)}
        replace(api, plan, [rule("Changed", schema=track_schema("sku")), rule("Kept")])
        after = {r["key"]: r for r in list_rules(api, plan)}
        assert after["Kept"] == before["Kept"]
        assert after["Changed"]["createdAt"] == before["Changed"]["createdAt"]
        assert after["Changed"]["jsonSchema"] == track_schema("sku")

    def test_an_identical_replace_changes_nothing(self, api: Api) -> None:
        plan = create_plan(api)
        sent = [rule("A", schema=track_schema("x")), rule(None, kind="GROUP")]
        replace(api, plan, sent)
        listed = list_rules(api, plan)
        updated = get_plan(api, plan["id"])["updatedAt"]
        replace(api, plan, sent)
        assert list_rules(api, plan) == listed
        assert get_plan(api, plan["id"])["updatedAt"] == updated
        assert plan_events(api, plan) == ["Tracking Plan Modified", "Tracking Plan Created"]

    def test_rules_are_stored_byte_for_byte(self, api: Api) -> None:
        """An IaC tool reads back exactly the JSON it sent: key order (not sorted),
        nesting, unicode, numbers."""
        schema = {
            "type": "object",
            "$schema": "http://json-schema.org/draft-07/schema#",
            "required": ["properties"],
            "properties": {
                "properties": {
                    "zeta": {"type": "number", "minimum": 0.5, "maximum": 100},
                    "alpha": {"enum": ["b", "a", "é", "日本"], "description": "naïve 😀"},
                    "mid": {
                        "type": "object",
                        "properties": {"y": {"type": "integer"}, "x": {"type": ["null", "string"]}},
                        "additionalProperties": False,
                    },
                },
                "context": {},
                "traits": {"type": "object"},
            },
            "definitions": {"z": {"const": None}, "a": {"const": True}},
        }
        text = orjson.dumps(schema)
        body = b'{"rules": [{"key": "Odd Order", "type": "TRACK", "version": 1, "jsonSchema": '
        body += text + b"}]}"
        response = api.put(
            rules_url(plan := create_plan(api)),
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert data(response) == {"status": "SUCCESS"}

        listed = api.get(rules_url(plan), params={"pagination.count": 10})
        assert b'"jsonSchema":' + text + b"," in listed.content
        read_back = data(listed)["rules"][0]["jsonSchema"]
        assert json.dumps(read_back) == json.dumps(schema)
        assert read_back == schema

    def test_schema_text_is_compact_but_order_keeping(self, api: Api) -> None:
        plan = create_plan(api)
        body = b'{"rules":[{"type":"IDENTIFY","version":1,"jsonSchema":{ "b" : { "d":1, "c":2 },'
        body += b' "a" : [ 3 , 1 ] , "type": "object" }}]}'
        response = api.put(
            rules_url(plan), content=body, headers={"Content-Type": "application/json"}
        )
        assert data(response) == {"status": "SUCCESS"}
        listed = api.get(rules_url(plan), params={"pagination.count": 1})
        assert b'"jsonSchema":{"b":{"d":1,"c":2},"a":[3,1],"type":"object"}' in listed.content

    def test_an_invalid_json_schema_names_the_rule_and_the_reason(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("Before")])
        sent = [rule(f"E{i}") for i in range(5)]
        sent[3]["jsonSchema"] = {"type": "object", "properties": {"sku": {"type": "strin"}}}
        response = api.put(rules_url(plan), json={"rules": sent})
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "rules[3].jsonSchema"
        assert "E3" in entry["message"]
        assert "draft 7" in entry["message"]
        assert "properties.sku.type" in entry["message"]
        assert keys(list_rules(api, plan)) == [("TRACK", "Before")]

    @pytest.mark.parametrize(
        "schema",
        [
            None,
            "object",
            42,
            ["type"],
            {"type": 5},
            {"required": "sku"},
            {"minimum": "zero"},
            {"properties": []},
        ],
    )
    def test_values_that_are_not_json_schemas(self, api: Api, schema: Any) -> None:
        plan = create_plan(api)
        sent = rule("A")
        sent["jsonSchema"] = schema
        response = api.put(rules_url(plan), json={"rules": [sent]})
        assert invalid_fields(response) == ["rules[0].jsonSchema"]

    def test_every_bad_rule_has_its_own_entry(self, api: Api) -> None:
        plan = create_plan(api)
        sent = [
            rule("Fine"),
            rule(None, kind="TRACK"),
            rule("", kind="PAGE"),
            rule(None, kind="SCREEN"),
            rule("Named", kind="IDENTIFY"),
            rule("V", version=0),
            rule("W", schema={"type": "nope"}),
        ]
        sent[5]["version"] = 1.5
        fields = invalid_fields(api.put(rules_url(plan), json={"rules": sent}))
        assert fields == [
            "rules[1].key",
            "rules[2].key",
            "rules[3].key",
            "rules[4].key",
            "rules[5].version",
            "rules[6].jsonSchema",
        ]

    @pytest.mark.parametrize(
        ("sent", "field"),
        [
            ([rule("A"), rule("B"), rule("A")], "rules[2].key"),
            ([rule(None, kind="IDENTIFY"), rule(None, kind="IDENTIFY")], "rules[1].type"),
        ],
    )
    def test_duplicates_are_422(self, api: Api, sent: list[dict[str, Any]], field: str) -> None:
        entry = error(
            api.put(rules_url(create_plan(api)), json={"rules": sent}), 422, "input-validation"
        )
        assert entry["field"] == field
        assert "rules[0]" in entry["message"]

    def test_the_same_key_on_different_types_is_fine(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("Home", kind="PAGE"), rule("Home", kind="SCREEN")])
        assert keys(list_rules(api, plan)) == [("PAGE", "Home"), ("SCREEN", "Home")]

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({}, ["rules"]),
            ({"rules": {}}, ["rules"]),
            ({"rules": [{"type": "TRACK", "key": "A", "version": 1}]}, ["rules[0].jsonSchema"]),
            ({"rules": [{"type": "TRACK", "key": "A", "jsonSchema": {}}]}, ["rules[0].version"]),
            ({"rules": [{"key": "A", "version": 1, "jsonSchema": {}}]}, ["rules[0].type"]),
            ({"rules": [rule("A", kind="ALIAS")]}, ["rules[0].type"]),
            ({"rules": [rule("A") | {"version": "1"}]}, ["rules[0].version"]),
            ({"rules": [rule("A") | {"version": True}]}, ["rules[0].version"]),
            ({"rules": [rule("A") | {"key": 5}]}, ["rules[0].key"]),
            ({"rules": [rule("k" * 513)]}, ["rules[0].key"]),
        ],
    )
    def test_malformed_bodies(self, api: Api, body: dict[str, Any], fields: list[str]) -> None:
        assert invalid_fields(api.put(rules_url(create_plan(api)), json=body)) == fields

    @pytest.mark.parametrize(
        "body",
        [
            b"{",
            b"",
            b"[]",
            b'{"rules": [{"type": "TRACK", "key": "A", "version": 1, '
            b'"jsonSchema": {"maximum": NaN}}]}',
            b'{"rules": [{"type": "TRACK", "key": "A", '
            b'"version": 1, "jsonSchema": {"maximum": 1e400}}]}',
        ],
    )
    def test_bodies_that_are_not_json_are_422(self, api: Api, body: bytes) -> None:
        response = api.put(
            rules_url(create_plan(api)), content=body, headers={"Content-Type": "application/json"}
        )
        assert invalid_fields(response)

    def test_more_rules_than_the_cap_is_422_naming_it(self, api: Api) -> None:
        plan = create_plan(api)
        sent = [rule(f"E{i}") for i in range(201)]
        entry = error(api.put(rules_url(plan), json={"rules": sent}), 422, "input-validation")
        assert entry["field"] == "rules"
        assert "200" in entry["message"]
        assert "201" in entry["message"]
        replace(api, plan, sent[:200])
        assert len(list_rules(api, plan)) == 200

    def test_the_cap_is_checked_before_the_rules(self, api: Api) -> None:
        sent = [{"type": "BAD"}] * 201
        response = api.put(rules_url(create_plan(api)), json={"rules": sent})
        assert invalid_fields(response) == ["rules"]

    def test_a_body_over_2_mib_is_413(self, api: Api) -> None:
        plan = create_plan(api)
        filler = "x" * (2 * MIB)
        sent = [rule("Big", schema={"type": "object", "description": filler})]
        entry = error(api.put(rules_url(plan), json={"rules": sent}), 413, "PayloadLimitError")
        assert "2mb" in entry["message"]
        assert list_rules(api, plan) == []

    def test_a_body_just_under_2_mib_is_taken(self, api: Api) -> None:
        plan = create_plan(api)
        filler = "x" * (2 * MIB - 200)
        replace(api, plan, [rule("Big", schema={"type": "object", "description": filler})])
        assert list_rules(api, plan)[0]["jsonSchema"]["description"] == filler

    def test_records_one_event_per_change(self, api: Api) -> None:
        plan = create_plan(api, name="Events")
        replace(api, plan, [rule(f"E{i}") for i in range(10)])
        events = audit_events(api, resourceId=plan["id"])
        assert [e["type"] for e in events] == ["Tracking Plan Modified", "Tracking Plan Created"]
        assert events[0]["resourceName"] == "Events"

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.put(f"/tracking-plans/{plan_id}/rules", json={"rules": [rule("A")]})
            error(response, 404, "not-found")
        assert list_rules(other_api, foreign) == []


DRAFT7_CORPUS: list[Any] = [
    {},
    True,
    False,
    None,
    "object",
    [],
    {"type": "object", "properties": {"a": {"type": "string"}}},
    {"type": "strin"},
    {"type": ["string", "null"]},
    {"type": ["string", "string"]},
    {"properties": {"a": {"properties": {"b": {"items": [{"type": "x"}]}}}}},
    {"items": [{"type": "string"}, True]},
    {"items": "string"},
    {"items": []},
    {"additionalItems": {"minLength": -1}},
    {"contains": {"const": 1}},
    {"dependencies": {"a": ["b", "c"], "d": {"required": ["e"]}}},
    {"dependencies": {"a": [1]}},
    {"dependencies": {"a": {"required": "e"}}},
    {"patternProperties": {"^x-": {"type": "integer"}}},
    {"patternProperties": {"(": {}}},
    {"propertyNames": {"pattern": "^[a-z]+$"}},
    {"propertyNames": {"pattern": "["}},
    {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"type": 1}},
    {"allOf": []},
    {"anyOf": [{"type": "string"}, {"maxLength": "5"}]},
    {"oneOf": [True, {"enum": []}]},
    {"not": "x"},
    {"allOf": [True, 3]},
    {"properties": {"a": {"type": "string"}, "b": "string"}},
    {"definitions": {"x": None}},
    {"patternProperties": {"^a": False}, "additionalProperties": {"type": "integer"}},
    {"not": {"not": {"not": {"minimum": "1"}}}},
    {"definitions": {"x": {"$ref": "#/definitions/y"}, "y": {"type": "number"}}},
    {"definitions": {"x": {"$ref": 5}}},
    {"$ref": "#/definitions/x", "definitions": {"x": {}}},
    {"required": ["a", "a"]},
    {"enum": [1, "a", None], "const": {"anything": ["goes"]}, "default": {"type": 5}},
    {"examples": "not an array"},
    {"additionalProperties": False, "maxProperties": 3, "minProperties": 1.5},
    {"format": "date-time", "title": "T", "description": 3},
    {"$id": "http://example.com/s", "$schema": "http://json-schema.org/draft-07/schema#"},
]


class TestJsonSchemaDraft7:
    def test_the_verdict_is_draft7_check_schema_s(self, api: Api) -> None:
        """Every corpus value is refused exactly when ``check_schema`` refuses it, whatever
        the node it is wrong in, and the same sub-schema in several rules is judged alike."""
        refused = set()
        for i, schema in enumerate(DRAFT7_CORPUS):
            try:
                Draft7Validator.check_schema(schema)
            except SchemaError:
                refused.add(f"rules[{i}].jsonSchema")
        assert 10 < len(refused) < len(DRAFT7_CORPUS) - 10
        sent = [rule(f"E{i}") | {"jsonSchema": value} for i, value in enumerate(DRAFT7_CORPUS)]
        response = api.put(rules_url(create_plan(api)), json={"rules": sent})
        assert set(invalid_fields(response)) == refused

        valid = [r for i, r in enumerate(sent) if f"rules[{i}].jsonSchema" not in refused]
        plan = create_plan(api)
        replace(api, plan, valid)
        assert [r["jsonSchema"] for r in list_rules(api, plan)] == [r["jsonSchema"] for r in valid]


class TestReplaceManyRules:
    def test_2000_rules_in_one_request_with_the_cap_raised(self, big_cap_api: Api) -> None:
        plan = create_plan(big_cap_api)
        sent = [rule(f"Event {i:04d}", schema=track_schema(f"p{i}")) for i in range(2000)]
        replace(big_cap_api, plan, sent)
        listed = list_rules(big_cap_api, plan)
        assert keys(listed) == keys(sent)
        assert [r["jsonSchema"] for r in listed] == [r["jsonSchema"] for r in sent]

        sent.reverse()
        replace(big_cap_api, plan, sent[:1500])
        assert keys(list_rules(big_cap_api, plan)) == keys(sent[:1500])
        too_many = [rule(f"E{i}") for i in range(3001)]
        response = big_cap_api.put(rules_url(plan), json={"rules": too_many})
        assert "3000" in error(response, 422, "input-validation")["message"]


class TestUpdateRulesInTrackingPlan:
    def test_adds_new_rules_at_the_version_sent_after_the_others(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A"), rule("B")])
        response = api.patch(
            rules_url(plan), json={"rules": [rule("C", version=3), rule(None, kind="GROUP")]}
        )
        assert data(response) == {"status": "SUCCESS"}
        listed = list_rules(api, plan)
        assert keys(listed) == [("TRACK", "A"), ("TRACK", "B"), ("TRACK", "C"), ("GROUP", None)]
        assert [r["version"] for r in listed] == [1, 1, 3, 1]

    def test_changing_a_rule_bumps_its_version(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A", version=2), rule("B")])
        before = list_rules(api, plan)
        data(api.patch(rules_url(plan), json={"rules": [rule("A", schema=track_schema("id"))]}))
        changed, untouched = list_rules(api, plan)
        assert changed["version"] == 3
        assert changed["jsonSchema"] == track_schema("id")
        assert changed["createdAt"] == before[0]["createdAt"]
        assert untouched == before[1]

    def test_a_higher_version_sent_wins(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A")])
        data(api.patch(rules_url(plan), json={"rules": [rule("A", version=10)]}))
        assert list_rules(api, plan)[0]["version"] == 10
        data(api.patch(rules_url(plan), json={"rules": [rule("A", version=4, schema={})]}))
        assert list_rules(api, plan)[0]["version"] == 11

    def test_sending_a_rule_unchanged_changes_nothing(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A", version=2)])
        before = list_rules(api, plan)
        for version in (1, 2):
            sent = {"rules": [rule("A", version=version)]}
            assert data(api.patch(rules_url(plan), json=sent)) == {"status": "SUCCESS"}
        assert list_rules(api, plan) == before
        assert plan_events(api, plan) == ["Tracking Plan Modified", "Tracking Plan Created"]

    def test_new_key_renames_and_a_retry_is_harmless(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("Old Name"), rule("Other")])
        rename = {"rules": [rule("Old Name") | {"newKey": "New Name"}]}
        data(api.patch(rules_url(plan), json=rename))
        listed = list_rules(api, plan)
        assert keys(listed) == [("TRACK", "New Name"), ("TRACK", "Other")]
        assert listed[0]["version"] == 2
        data(api.patch(rules_url(plan), json=rename))
        assert list_rules(api, plan) == listed

    def test_renaming_onto_another_rule_is_409(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A"), rule("B")])
        before = list_rules(api, plan)
        response = api.patch(rules_url(plan), json={"rules": [rule("A") | {"newKey": "B"}]})
        entry = error(response, 409, "conflict")
        assert "'B'" in entry["message"]
        assert list_rules(api, plan) == before

    def test_new_key_on_an_unknown_rule_adds_it_under_the_new_key(self, api: Api) -> None:
        plan = create_plan(api)
        data(api.patch(rules_url(plan), json={"rules": [rule("Ghost") | {"newKey": "Real"}]}))
        assert keys(list_rules(api, plan)) == [("TRACK", "Real")]

    @pytest.mark.parametrize(
        ("sent", "field"),
        [
            ([rule("A"), rule("A")], "rules[1].key"),
            ([rule("A") | {"newKey": "B"}, rule("B")], "rules[1].key"),
            ([rule("A") | {"newKey": "C"}, rule("B") | {"newKey": "C"}], "rules[1].newKey"),
            ([rule(None, kind="IDENTIFY") | {"newKey": "X"}], "rules[0].newKey"),
        ],
    )
    def test_rules_named_twice_or_badly_are_422(
        self, api: Api, sent: list[dict[str, Any]], field: str
    ) -> None:
        plan = create_plan(api)
        assert invalid_fields(api.patch(rules_url(plan), json={"rules": sent})) == [field]
        assert list_rules(api, plan) == []

    def test_an_invalid_json_schema_names_the_rule(self, api: Api) -> None:
        plan = create_plan(api)
        replace(api, plan, [rule("A")])
        sent = [rule("A", schema={}), rule("B", schema={"type": "object", "required": [1]})]
        entry = error(api.patch(rules_url(plan), json={"rules": sent}), 422, "input-validation")
        assert entry["field"] == "rules[1].jsonSchema"
        assert list_rules(api, plan)[0]["version"] == 1

    def test_more_rules_than_the_cap_is_422(self, api: Api) -> None:
        sent = [rule(f"E{i}") for i in range(201)]
        response = api.patch(rules_url(create_plan(api)), json={"rules": sent})
        assert invalid_fields(response) == ["rules"]

    def test_a_body_over_2_mib_is_413(self, api: Api) -> None:
        sent = [rule("Big", schema={"description": "x" * (2 * MIB)})]
        response = api.patch(rules_url(create_plan(api)), json={"rules": sent})
        error(response, 413, "PayloadLimitError")

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.patch(f"/tracking-plans/{plan_id}/rules", json={"rules": [rule("A")]})
            error(response, 404, "not-found")
        assert list_rules(other_api, foreign) == []


class TestRemoveRulesFromTrackingPlan:
    def _plan(self, api: Api) -> dict[str, Any]:
        plan = create_plan(api)
        replace(
            api,
            plan,
            [
                rule("New Rule"),
                rule("Keep"),
                rule(None, kind="IDENTIFY"),
                rule("Home", kind="PAGE"),
            ],
        )
        return plan

    def test_the_sdk_bracket_form(self, api: Api) -> None:
        plan = self._plan(api)
        query = sdk_removal_query(
            [{"type": "TRACK", "key": "New Rule", "version": 1}, {"type": "IDENTIFY", "version": 1}]
        )
        assert "rules%5B0%5D%5Btype%5D=TRACK" in query
        response = api.delete(f"{rules_url(plan)}?{query}")
        assert data(response) == {"status": "SUCCESS"}
        assert keys(list_rules(api, plan)) == [("TRACK", "Keep"), ("PAGE", "Home")]
        assert plan_events(api, plan)[0] == "Tracking Plan Modified"

    def test_unencoded_brackets_as_in_the_contract(self, api: Api) -> None:
        plan = self._plan(api)
        url = f"{rules_url(plan)}?rules[0][type]=TRACK&rules[0][key]=New%20Rule&rules[0][version]=1"
        assert data(api.delete(url)) == {"status": "SUCCESS"}
        assert ("TRACK", "New Rule") not in keys(list_rules(api, plan))

    def test_the_dot_form(self, api: Api) -> None:
        plan = self._plan(api)
        params = {
            "rules.0.type": "PAGE",
            "rules.0.key": "Home",
            "rules.0.version": "1",
            "rules.1.type": "TRACK",
            "rules.1.key": "Keep",
            "rules.1.version": "1",
        }
        assert data(api.delete(rules_url(plan), params=params)) == {"status": "SUCCESS"}
        assert keys(list_rules(api, plan)) == [("TRACK", "New Rule"), ("IDENTIFY", None)]

    def test_the_stored_version_need_not_match(self, api: Api) -> None:
        plan = self._plan(api)
        data(api.patch(rules_url(plan), json={"rules": [rule("Keep", version=7)]}))
        query = sdk_removal_query([{"type": "TRACK", "key": "Keep", "version": 1}])
        data(api.delete(f"{rules_url(plan)}?{query}"))
        assert ("TRACK", "Keep") not in keys(list_rules(api, plan))

    def test_rules_the_plan_does_not_have_are_ignored(self, api: Api) -> None:
        plan = self._plan(api)
        before = list_rules(api, plan)
        events = plan_events(api, plan)
        query = sdk_removal_query(
            [{"type": "TRACK", "key": "Nope", "version": 1}, {"type": "GROUP", "version": 1}]
        )
        assert data(api.delete(f"{rules_url(plan)}?{query}")) == {"status": "SUCCESS"}
        assert list_rules(api, plan) == before
        assert plan_events(api, plan) == events

    @pytest.mark.parametrize(
        ("query", "fields"),
        [
            ("", ["rules"]),
            ("rules[0][type]=TRACK&rules[0][key]=A", ["rules[0].version"]),
            ("rules[0][key]=A&rules[0][version]=1", ["rules[0].type"]),
            ("rules[0][type]=ALIAS&rules[0][version]=1", ["rules[0].type"]),
            ("rules[0][type]=TRACK&rules[0][version]=1", ["rules[0].key"]),
            ("rules[0][type]=TRACK&rules[0][key]=A&rules[0][version]=one", ["rules[0].version"]),
            ("rules[0][type]=TRACK&rules[0][key]=A&rules[0][version]=1.5", ["rules[0].version"]),
        ],
    )
    def test_invalid_queries_are_422(self, api: Api, query: str, fields: list[str]) -> None:
        plan = self._plan(api)
        before = list_rules(api, plan)
        assert invalid_fields(api.delete(f"{rules_url(plan)}?{query}")) == fields
        assert list_rules(api, plan) == before

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = self._plan(other_api)
        query = sdk_removal_query([{"type": "TRACK", "key": "Keep", "version": 1}])
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            error(api.delete(f"/tracking-plans/{plan_id}/rules?{query}"), 404, "not-found")
        assert len(list_rules(other_api, foreign)) == 4


class TestAddSourceToTrackingPlan:
    def test_connects_and_lists_the_source(self, api: Api) -> None:
        plan = create_plan(api)
        source = create_source(api)
        connect(api, plan, source)
        assert connected(api, plan) == [source["id"]]
        assert plan_events(api, plan)[0] == "Source Connected to Tracking Plan"
        source_events = audit_events(api, resourceId=source["id"])
        assert source_events[0]["type"] == "Source Modified"

    def test_connecting_twice_changes_nothing(self, api: Api) -> None:
        plan = create_plan(api)
        source = create_source(api)
        connect(api, plan, source)
        events = plan_events(api, plan)
        connect(api, plan, source)
        assert connected(api, plan) == [source["id"]]
        assert plan_events(api, plan) == events

    def test_a_source_on_another_plan_is_409_naming_it(self, api: Api) -> None:
        first, second = create_plan(api, name="First"), create_plan(api, name="Second")
        source = create_source(api)
        connect(api, first, source)
        response = api.post(sources_url(second), json={"sourceId": source["id"]})
        entry = error(response, 409, "conflict")
        assert first["id"] in entry["message"]
        assert source["id"] in entry["message"]
        assert connected(api, first) == [source["id"]]
        assert connected(api, second) == []

    def test_the_plan_of_each_source_for_get_source(
        self, api: Api, client: Api, tenant: Tenant
    ) -> None:
        plan = create_plan(api)
        on, off = create_source(api), create_source(api)
        connect(api, plan, on)

        async def work() -> dict[str, str]:
            async with client.runtime.sessions() as session:
                return await service.tracking_plan_ids_for_sources(
                    session, tenant.workspace_id, [on["id"], off["id"], "nope"]
                )

        assert client.run(work) == {on["id"]: plan["id"]}

    def test_unknown_and_foreign_sources_are_404(self, api: Api, other_api: Api) -> None:
        plan = create_plan(api)
        foreign = create_source(other_api)
        for source_id in ("qQEHquLrjRDN9j1ByrChyn", foreign["id"]):
            response = api.post(sources_url(plan), json={"sourceId": source_id})
            assert source_id in error(response, 404, "not-found")["message"]
        assert connected(api, plan) == []

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.post(
                f"/tracking-plans/{plan_id}/sources", json={"sourceId": source["id"]}
            )
            error(response, 404, "not-found")

    @pytest.mark.parametrize(
        ("body", "fields"), [({}, ["sourceId"]), ({"sourceId": 5}, ["sourceId"])]
    )
    def test_invalid_bodies(self, api: Api, body: dict[str, Any], fields: list[str]) -> None:
        response = api.post(sources_url(create_plan(api)), json=body)
        assert invalid_fields(response) == fields


class TestListSourcesFromTrackingPlan:
    def test_sources_in_the_source_shape_in_connection_order(self, api: Api) -> None:
        plan = create_plan(api)
        sources = [create_source(api, name=f"S{i}") for i in range(3)]
        for source in reversed(sources):
            connect(api, plan, source)
        listed = walk(api, sources_url(plan), "sources", 2)
        assert listed == list(reversed(sources))

    def test_only_this_plans_sources(self, api: Api) -> None:
        first, second = create_plan(api), create_plan(api)
        a, b = create_source(api), create_source(api)
        connect(api, first, a)
        connect(api, second, b)
        assert connected(api, first) == [a["id"]]
        assert connected(api, second) == [b["id"]]

    def test_a_deleted_source_leaves_the_plan(self, api: Api) -> None:
        plan = create_plan(api)
        source = create_source(api)
        connect(api, plan, source)
        data(api.delete(f"/sources/{source['id']}"))
        assert connected(api, plan) == []

    def test_only_the_sources_the_caller_may_read(
        self, api: Api, client: Api, tenant: Tenant
    ) -> None:
        plan = create_plan(api)
        readable, hidden = create_source(api), create_source(api)
        connect(api, plan, readable)
        connect(api, plan, hidden)
        workspace = {"id": tenant.workspace_id, "type": "WORKSPACE"}
        member = new_member(
            client,
            api,
            tenant,
            [
                {"roleId": ROLE["Tracking Plan Read-only"], "resources": [workspace]},
                {
                    "roleId": ROLE["Source Read-only"],
                    "resources": [{"id": readable["id"], "type": "SOURCE"}],
                },
            ],
        )
        assert connected(client.as_token(member.token), plan) == [readable["id"]]

    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get(sources_url(create_plan(api)))) == ["pagination.count"]

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.get(f"/tracking-plans/{plan_id}/sources", params={"pagination.count": 5})
            error(response, 404, "not-found")


class TestRemoveSourceFromTrackingPlan:
    def test_disconnects_and_frees_the_source(self, api: Api) -> None:
        first, second = create_plan(api), create_plan(api)
        source = create_source(api)
        connect(api, first, source)
        response = api.delete(sources_url(first), params={"sourceId": source["id"]})
        assert data(response) == {"status": "SUCCESS"}
        assert connected(api, first) == []
        assert plan_events(api, first)[0] == "Source Disconnected From Tracking Plan"
        connect(api, second, source)
        assert connected(api, second) == [source["id"]]

    def test_a_source_not_on_this_plan_is_404(self, api: Api) -> None:
        first, second = create_plan(api), create_plan(api)
        source = create_source(api)
        connect(api, first, source)
        response = api.delete(sources_url(second), params={"sourceId": source["id"]})
        error(response, 404, "not-found")
        assert connected(api, first) == [source["id"]]

    def test_unknown_and_foreign_sources_are_404(self, api: Api, other_api: Api) -> None:
        plan = create_plan(api)
        foreign = create_source(other_api)
        for source_id in ("qQEHquLrjRDN9j1ByrChyn", foreign["id"]):
            response = api.delete(sources_url(plan), params={"sourceId": source_id})
            error(response, 404, "not-found")

    def test_source_id_is_required(self, api: Api) -> None:
        assert invalid_fields(api.delete(sources_url(create_plan(api)))) == ["sourceId"]

    def test_unknown_and_foreign_plans_are_404(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        foreign = create_plan(other_api)
        for plan_id in (UNKNOWN_ID, foreign["id"]):
            response = api.delete(
                f"/tracking-plans/{plan_id}/sources", params={"sourceId": source["id"]}
            )
            error(response, 404, "not-found")


OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/tracking-plans?pagination.count=5", {}),
    ("POST", "/tracking-plans", {"json": {"name": "P", "type": "LIVE"}}),
    ("GET", "/tracking-plans/{id}", {}),
    ("PATCH", "/tracking-plans/{id}", {"json": {"name": "Q"}}),
    ("DELETE", "/tracking-plans/{id}", {}),
    ("GET", "/tracking-plans/{id}/rules?pagination.count=5", {}),
    ("PUT", "/tracking-plans/{id}/rules", {"json": {"rules": [rule("A")]}}),
    ("PATCH", "/tracking-plans/{id}/rules", {"json": {"rules": [rule("A")]}}),
    (
        "DELETE",
        "/tracking-plans/{id}/rules?rules[0][type]=TRACK&rules[0][key]=A&rules[0][version]=1",
        {},
    ),
    ("POST", "/tracking-plans/{id}/sources", {"json": {"sourceId": "{source}"}}),
    ("GET", "/tracking-plans/{id}/sources?pagination.count=5", {}),
    ("DELETE", "/tracking-plans/{id}/sources?sourceId={source}", {}),
]


def _call(caller: Api, owner: Api, method: str, url: str, kwargs: dict[str, Any]) -> Any:
    plan = create_plan(owner)
    source = create_source(owner)
    url = url.replace("{id}", plan["id"]).replace("{source}", source["id"])
    if "json" in kwargs:
        body = json.loads(json.dumps(kwargs["json"]).replace("{source}", source["id"]))
        kwargs = {"json": body}
    return caller.request(method, url, **kwargs)


class TestAuthorization:
    @pytest.mark.parametrize(("method", "url", "kwargs"), OPERATIONS)
    def test_no_token_is_401(self, api: Api, method: str, url: str, kwargs: dict[str, Any]) -> None:
        error(_call(api.as_token(None), api, method, url, kwargs), 401, "unauthorized")

    @pytest.mark.parametrize(("method", "url", "kwargs"), OPERATIONS)
    def test_read_only_tokens_read_but_never_write(
        self, api: Api, readonly_api: Api, method: str, url: str, kwargs: dict[str, Any]
    ) -> None:
        response = _call(readonly_api, api, method, url, kwargs)
        if method == "GET":
            data(response)
        else:
            error(response, 403, "forbidden")
