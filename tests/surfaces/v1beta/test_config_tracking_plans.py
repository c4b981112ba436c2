"""Config API tracking plans and their source connections, and the 501 regulation and
suppressed-user calls: every endpoint's happy path and error codes, update masks, and round
trips with the Public API over the same store (both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from tests.factories import create_source
from tests.support.api import Api, make_client
from tests.support.tenants import Tenant, new_tenant
from tests.surfaces.public.expect import data, walk
from tests.surfaces.v1beta.test_config_api import config_error, create_config_source, ok

DRAFT4 = "http://json-schema.org/draft-04/schema#"


def order_completed_rules() -> dict[str, Any]:
    """An event schema as Config API clients write them (draft-04, key order matters)."""
    return {
        "$schema": DRAFT4,
        "type": "object",
        "properties": {
            "context": {},
            "traits": {},
            "properties": {
                "required": ["product", "price"],
                "type": "object",
                "properties": {"product": {"type": ["string"]}, "price": {"type": ["number"]}},
            },
        },
    }


def traits_schema(trait: str) -> dict[str, Any]:
    return {
        "$schema": DRAFT4,
        "type": "object",
        "properties": {"traits": {"type": "object", "required": [trait]}},
    }


def sample_rules() -> dict[str, Any]:
    return {
        "events": [
            {
                "name": "Order Completed",
                "description": "Who bought what",
                "rules": order_completed_rules(),
                "version": 1,
            },
            {"name": "Signed Up", "description": "", "rules": {"type": "object"}, "version": 3},
        ],
        "global": traits_schema("plan"),
        "identify": traits_schema("email"),
        "group": traits_schema("company"),
    }


def plans_url(tenant: Tenant) -> str:
    return f"/v1beta/workspaces/{tenant.slug}/tracking-plans"


def plan_url(tenant: Tenant, plan: dict[str, Any]) -> str:
    return f"/v1beta/{plan['name']}"


def plan_id(plan: dict[str, Any]) -> str:
    return str(plan["name"].rsplit("/", 1)[-1])


def create_config_plan(
    api: Api, tenant: Tenant, display_name: str = "Kicks App", rules: Any = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"display_name": display_name}
    if rules is not None:
        body["rules"] = rules
    return ok(api.post(f"{plans_url(tenant)}/", json={"tracking_plan": body}))


def public_rules(api: Api, plan: dict[str, Any]) -> list[dict[str, Any]]:
    return walk(api, f"/tracking-plans/{plan_id(plan)}/rules", "rules", 200)


def put(api: Api, tenant: Tenant, plan: dict[str, Any], body: dict[str, Any]) -> Any:
    return api.put(f"{plan_url(tenant, plan)}/", json=body)


class TestCreate:
    def test_create_returns_the_plan_with_the_rules_as_sent(self, api: Api, tenant: Tenant) -> None:
        sent = sample_rules()
        response = api.post(
            f"{plans_url(tenant)}/",
            json={"tracking_plan": {"display_name": "Kicks App", "rules": sent}},
        )
        plan = ok(response)
        assert plan["name"].startswith(f"workspaces/{tenant.slug}/tracking-plans/")
        assert plan["display_name"] == "Kicks App"
        assert plan["rules"] == sent
        assert plan["create_time"].endswith("Z")
        assert plan["update_time"].endswith("Z")
        # byte-stable: each schema comes back in the key order it was sent in
        for event in sent["events"]:
            assert orjson.dumps(event["rules"]) in response.content
        assert orjson.dumps(sent["global"]) in response.content
        assert ok(api.get(f"{plan_url(tenant, plan)}/", json={})) == plan

    def test_create_without_rules(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, "Empty")
        assert plan["rules"] == {"events": []}
        assert public_rules(api, plan) == []

    def test_event_defaults(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules={"events": [{"name": "Bare"}]})
        assert plan["rules"]["events"] == [
            {"name": "Bare", "description": "", "rules": {}, "version": 1}
        ]

    @pytest.mark.parametrize(
        ("body", "where"),
        [
            ({}, "tracking_plan"),
            ({"tracking_plan": "Kicks"}, "tracking_plan"),
            ({"tracking_plan": {}}, "tracking_plan.display_name"),
            ({"tracking_plan": {"display_name": ""}}, "tracking_plan.display_name"),
            ({"tracking_plan": {"display_name": 7}}, "tracking_plan.display_name"),
            ({"tracking_plan": {"display_name": "x" * 256}}, "tracking_plan.display_name"),
            ({"tracking_plan": {"display_name": "P", "rules": []}}, "tracking_plan.rules"),
            (
                {"tracking_plan": {"display_name": "P", "rules": {"events": {}}}},
                "tracking_plan.rules.events",
            ),
            (
                {"tracking_plan": {"display_name": "P", "rules": {"events": [{}]}}},
                "tracking_plan.rules.events[0].name",
            ),
            (
                {"tracking_plan": {"display_name": "P", "rules": {"events": [{"name": ""}]}}},
                "tracking_plan.rules.events[0].name",
            ),
            (
                {
                    "tracking_plan": {
                        "display_name": "P",
                        "rules": {"events": [{"name": "E", "rules": "any"}]},
                    }
                },
                "tracking_plan.rules.events[0].rules",
            ),
            (
                {
                    "tracking_plan": {
                        "display_name": "P",
                        "rules": {"events": [{"name": "E", "version": "2"}]},
                    }
                },
                "tracking_plan.rules.events[0].version",
            ),
            (
                {"tracking_plan": {"display_name": "P", "rules": {"global": True}}},
                "tracking_plan.rules.global",
            ),
        ],
    )
    def test_bad_input_is_400(
        self, api: Api, tenant: Tenant, body: dict[str, Any], where: str
    ) -> None:
        error = config_error(api.post(plans_url(tenant), json=body), 400, 3)
        assert where in error["message"]

    @pytest.mark.parametrize(
        ("events", "where"),
        [
            ([{"name": "E", "rules": {"type": 12}}], "tracking_plan.rules.events[0].rules"),
            ([{"name": "E", "version": 1.5}], "tracking_plan.rules.events[0].version"),
            ([{"name": "E", "version": 0}], "tracking_plan.rules.events[0].version"),
            ([{"name": "E"}, {"name": "E"}], "tracking_plan.rules.events[1].name"),
            (
                [{"name": "E", "description": "one", "rules": {"description": "two"}}],
                "tracking_plan.rules.events[0].description",
            ),
        ],
    )
    def test_bad_rules_are_400_in_config_terms_and_nothing_is_created(
        self, api: Api, tenant: Tenant, events: list[dict[str, Any]], where: str
    ) -> None:
        body = {"tracking_plan": {"display_name": "P", "rules": {"events": events}}}
        error = config_error(api.post(plans_url(tenant), json=body), 400, 3)
        assert error["message"].startswith(f"{where}"), error
        assert "rules[" not in error["message"].replace(where, ""), error
        assert ok(api.get(plans_url(tenant)))["tracking_plans"] == []

    def test_bad_json_is_400(self, api: Api, tenant: Tenant) -> None:
        config_error(api.post(plans_url(tenant), content=b'{"tracking_plan":'), 400, 3)

    def test_auth_and_tenancy(
        self, client: Api, readonly_api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        body = {"tracking_plan": {"display_name": "P"}}
        config_error(client.post(plans_url(tenant), json=body), 401, 16)
        config_error(readonly_api.post(plans_url(tenant), json=body), 403, 7)
        config_error(other_api.post(plans_url(tenant), json=body), 404, 5)


class TestDescriptions:
    """RuleV1 has no description: it lives in the event schema's top-level ``description``."""

    def test_kept_in_the_schema_and_served_back_beside_it(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        [order, signed_up, *_] = public_rules(api, plan)
        assert order["jsonSchema"] == {**order_completed_rules(), "description": "Who bought what"}
        assert "description" not in signed_up["jsonSchema"]
        assert ok(api.get(plan_url(tenant, plan)))["rules"]["events"][0]["description"] == (
            "Who bought what"
        )

    def test_a_description_inside_rules_is_shown_as_the_event_description(
        self, api: Api, tenant: Tenant
    ) -> None:
        inside = {"description": "Inside", "type": "object"}
        plan = create_config_plan(api, tenant, rules={"events": [{"name": "E", "rules": inside}]})
        [event] = plan["rules"]["events"]
        assert event["description"] == "Inside"
        assert event["rules"] == {"type": "object"}
        same = {"name": "E", "description": "Inside", "rules": inside}
        again = create_config_plan(api, tenant, rules={"events": [same]})
        assert again["rules"]["events"] == [event]


class TestRoundTrips:
    def test_created_via_config_read_via_public(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        public = data(api.get(f"/tracking-plans/{plan_id(plan)}"))["trackingPlan"]
        assert public["name"] == "Kicks App"
        assert public["type"] == "LIVE"
        rules = public_rules(api, plan)
        assert [(r["type"], r.get("key"), r["version"]) for r in rules] == [
            ("TRACK", "Order Completed", 1),
            ("TRACK", "Signed Up", 3),
            ("COMMON", None, 1),
            ("IDENTIFY", None, 1),
            ("GROUP", None, 1),
        ]
        assert rules[2]["jsonSchema"] == traits_schema("plan")
        assert rules[3]["jsonSchema"] == traits_schema("email")

    def test_updated_via_public_read_via_config(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        url = f"/tracking-plans/{plan_id(plan)}"
        assert api.patch(url, json={"name": "Renamed"}).status_code == 200
        schema = {"description": "From Public", "type": "object", "required": ["a"]}
        patched = api.patch(
            f"{url}/rules",
            json={
                "rules": [{"type": "TRACK", "key": "Viewed", "version": 2, "jsonSchema": schema}]
            },
        )
        assert patched.status_code == 200, patched.text
        got = ok(api.get(plan_url(tenant, plan)))
        assert got["display_name"] == "Renamed"
        assert got["rules"]["events"][-1] == {
            "name": "Viewed",
            "description": "From Public",
            "rules": {"type": "object", "required": ["a"]},
            "version": 2,
        }

    def test_made_on_public_round_trips_through_config_unchanged(
        self, api: Api, tenant: Tenant
    ) -> None:
        made = data(api.post("/tracking-plans", json={"name": "Public", "type": "LIVE"}))
        plan_id_ = made["trackingPlan"]["id"]
        # the description sits first: a Config rewrite must not move it
        schema = {"description": "First", "type": "object", "properties": {}}
        rules = [
            {"type": "TRACK", "key": "E", "version": 4, "jsonSchema": schema},
            {"type": "PAGE", "key": "Home", "version": 1, "jsonSchema": {"type": "object"}},
            {"type": "IDENTIFY", "version": 2, "jsonSchema": {"type": "object"}},
        ]
        assert (
            api.put(f"/tracking-plans/{plan_id_}/rules", json={"rules": rules}).status_code == 200
        )
        plan = ok(api.get(f"{plans_url(tenant)}/{plan_id_}"))
        assert plan["rules"] == {
            "events": [
                {
                    "name": "E",
                    "description": "First",
                    "rules": {"type": "object", "properties": {}},
                    "version": 4,
                }
            ],
            "identify": {"type": "object"},
        }
        before = public_rules(api, plan)
        whole = {"tracking_plan": plan, "update_mask": {"paths": ["display_name", "rules"]}}
        assert ok(put(api, tenant, plan, whole)) == plan
        assert public_rules(api, plan) == before  # same texts, versions and timestamps

    def test_page_and_screen_rules_survive_a_config_rules_update(
        self, api: Api, tenant: Tenant
    ) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        page = {"type": "PAGE", "key": "Home", "version": 1, "jsonSchema": {"type": "object"}}
        url = f"/tracking-plans/{plan_id(plan)}/rules"
        assert api.patch(url, json={"rules": [page]}).status_code == 200
        assert "Home" not in str(ok(api.get(plan_url(tenant, plan)))["rules"])
        body = {"tracking_plan": {"rules": {"events": []}}, "update_mask": {"paths": ["rules"]}}
        ok(put(api, tenant, plan, body))
        assert [(r["type"], r.get("key")) for r in public_rules(api, plan)] == [("PAGE", "Home")]

    def test_plans_of_other_types_are_public_only(self, api: Api, tenant: Tenant) -> None:
        made = data(api.post("/tracking-plans", json={"name": "Lib", "type": "RULE_LIBRARY"}))
        other_id = made["trackingPlan"]["id"]
        assert ok(api.get(plans_url(tenant)))["tracking_plans"] == []
        config_error(api.get(f"{plans_url(tenant)}/{other_id}"), 404, 5)
        config_error(api.delete(f"{plans_url(tenant)}/{other_id}"), 404, 5)


class TestListAndGet:
    def test_paging_with_page_size_and_token(self, api: Api, tenant: Tenant) -> None:
        made = [create_config_plan(api, tenant, f"Plan {i}")["name"] for i in range(5)]
        seen: list[str] = []
        token = ""
        for _ in range(10):
            page = ok(
                api.get(
                    f"{plans_url(tenant)}/", params={"page_size": 2, "page_token": token}, json={}
                )
            )
            assert len(page["tracking_plans"]) <= 2
            seen += [p["name"] for p in page["tracking_plans"]]
            token = page["next_page_token"]
            if not token:
                break
        assert seen == made

    def test_list_carries_the_rules(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        assert ok(api.get(plans_url(tenant))) == {"tracking_plans": [plan], "next_page_token": ""}

    def test_errors(
        self, api: Api, client: Api, readonly_api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        plan = create_config_plan(api, tenant)
        assert ok(readonly_api.get(plan_url(tenant, plan))) == plan
        config_error(api.get(plans_url(tenant), params={"page_size": 0}), 400, 3)
        config_error(api.get(plans_url(tenant), params={"page_token": "nope"}), 400, 3)
        config_error(api.get(f"{plans_url(tenant)}/tp_unknown"), 404, 5)
        config_error(client.get(plan_url(tenant, plan)), 401, 16)
        config_error(client.get(plans_url(tenant)), 401, 16)
        config_error(other_api.get(plan_url(tenant, plan)), 404, 5)
        config_error(other_api.get(plans_url(tenant)), 404, 5)
        theirs = ok(other_api.get("/v1beta/workspaces"))["workspaces"][0]["name"]
        config_error(other_api.get(f"/v1beta/{theirs}/tracking-plans/{plan_id(plan)}"), 404, 5)


class TestUpdate:
    def test_no_mask_changes_nothing(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        body = {"tracking_plan": {"display_name": "Other", "rules": {"events": []}}}
        assert ok(put(api, tenant, plan, body)) == plan

    @pytest.mark.parametrize(
        "mask_at", ["top", "nested"], ids=["mask at the top", "mask inside tracking_plan"]
    )
    @pytest.mark.parametrize("path", ["tracking_plan.display_name", "display_name"])
    def test_display_name_mask(self, api: Api, tenant: Tenant, mask_at: str, path: str) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        resource: dict[str, Any] = {"display_name": "Renamed", "rules": {"events": []}}
        mask = {"paths": [path]}
        body: dict[str, Any] = {"tracking_plan": resource}
        if mask_at == "top":
            body["update_mask"] = mask
        else:
            resource["update_mask"] = mask
        got = ok(put(api, tenant, plan, body))
        assert got["display_name"] == "Renamed"
        assert got["rules"] == plan["rules"]  # unmasked: ignored
        public = data(api.get(f"/tracking-plans/{plan_id(plan)}"))["trackingPlan"]
        assert public["name"] == "Renamed"

    def test_rules_mask_replaces_every_part(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        new = {"events": [{"name": "Only", "rules": {"type": "object"}}]}
        body = {"tracking_plan": {"rules": new}, "update_mask": {"paths": ["tracking_plan.rules"]}}
        got = ok(put(api, tenant, plan, body))
        assert got["rules"] == {
            "events": [
                {"name": "Only", "description": "", "rules": {"type": "object"}, "version": 1}
            ]
        }
        assert got["display_name"] == "Kicks App"
        assert [(r["type"], r.get("key")) for r in public_rules(api, plan)] == [("TRACK", "Only")]

    def test_one_part_of_the_rules(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        new_global = traits_schema("tier")
        body = {
            "tracking_plan": {"rules": {"global": new_global, "events": []}},
            "update_mask": {"paths": ["rules.global", "tracking_plan.rules.group"]},
        }
        got = ok(put(api, tenant, plan, body))
        assert got["rules"]["global"] == new_global
        assert "group" not in got["rules"]  # masked without a value: cleared
        assert got["rules"]["events"] == plan["rules"]["events"]  # not masked: kept
        assert got["rules"]["identify"] == plan["rules"]["identify"]
        common = next(r for r in public_rules(api, plan) if r["type"] == "COMMON")
        assert common["version"] == 2  # changed without a version: moved on by one

    def test_versions(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        events = plan["rules"]["events"]
        changed = {**events[0], "rules": {"type": "object"}}
        del changed["version"]
        explicit = {**events[1], "rules": {"type": "object", "title": "x"}, "version": 9}
        body = {
            "tracking_plan": {"rules": {"events": [changed, explicit]}},
            "update_mask": {"paths": ["rules.events"]},
        }
        got = ok(put(api, tenant, plan, body))
        assert [e["version"] for e in got["rules"]["events"]] == [2, 9]

    def test_get_then_put_changes_nothing(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        before = public_rules(api, plan)
        body = {"tracking_plan": plan, "update_mask": {"paths": ["display_name", "rules"]}}
        assert ok(put(api, tenant, plan, body)) == plan
        assert public_rules(api, plan) == before

    @pytest.mark.parametrize(
        "body",
        [
            {"update_mask": {"paths": ["display_name"]}},
            {"tracking_plan": {"display_name": ""}, "update_mask": {"paths": ["display_name"]}},
            {"tracking_plan": {"display_name": None}, "update_mask": {"paths": ["display_name"]}},
            {"tracking_plan": {}, "update_mask": {"paths": ["name"]}},
            {"tracking_plan": {}, "update_mask": {"paths": ["rules.page"]}},
            {"tracking_plan": {}, "update_mask": {"paths": "display_name"}},
            {"tracking_plan": [], "update_mask": {"paths": ["display_name"]}},
            {"tracking_plan": {"rules": {"events": 1}}, "update_mask": {"paths": ["rules.events"]}},
            {
                "tracking_plan": {"rules": {"events": [{"name": "E", "rules": {"type": 1}}]}},
                "update_mask": {"paths": ["rules"]},
            },
        ],
    )
    def test_bad_updates_are_400_and_change_nothing(
        self, api: Api, tenant: Tenant, body: dict[str, Any]
    ) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        config_error(put(api, tenant, plan, body), 400, 3)
        assert ok(api.get(plan_url(tenant, plan))) == plan

    def test_a_bad_value_outside_the_mask_is_ignored(self, api: Api, tenant: Tenant) -> None:
        plan = create_config_plan(api, tenant)
        body = {
            "tracking_plan": {"display_name": "Ok", "rules": {"events": "not a list"}},
            "update_mask": {"paths": ["display_name"]},
        }
        assert ok(put(api, tenant, plan, body))["display_name"] == "Ok"

    def test_auth_and_tenancy(
        self, api: Api, client: Api, readonly_api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        plan = create_config_plan(api, tenant)
        body = {"tracking_plan": {"display_name": "X"}, "update_mask": {"paths": ["display_name"]}}
        config_error(client.put(plan_url(tenant, plan), json=body), 401, 16)
        config_error(readonly_api.put(plan_url(tenant, plan), json=body), 403, 7)
        config_error(other_api.put(plan_url(tenant, plan), json=body), 404, 5)
        config_error(api.put(f"{plans_url(tenant)}/tp_unknown", json=body), 404, 5)
        config_error(api.patch(plan_url(tenant, plan), json=body), 404, 5)  # PUT, not PATCH


@pytest.fixture
def small_cap(database_url: str) -> Iterator[Api]:
    """A server whose requests may carry at most two tracking-plan rules."""
    with make_client(database_url, tracking_plan_max_rules=2) as client:
        yield client


def test_the_rule_cap_counts_the_rules_a_request_carries(small_cap: Api) -> None:
    tenant = new_tenant(small_cap)
    api = small_cap.as_token(tenant.owner_token)
    three = {"events": [{"name": name} for name in "abc"]}
    too_many = {"tracking_plan": {"display_name": "P", "rules": three}}
    error = config_error(api.post(plans_url(tenant), json=too_many), 400, 3)
    assert error["message"].startswith("tracking_plan.rules: ")
    assert "at most 2 rules" in error["message"]
    plan = create_config_plan(api, tenant, rules={"events": [{"name": "a"}, {"name": "b"}]})
    more = [
        {"type": "IDENTIFY", "version": 1, "jsonSchema": {}},
        {"type": "PAGE", "key": "Home", "version": 1, "jsonSchema": {}},
    ]
    added = api.patch(f"/tracking-plans/{plan_id(plan)}/rules", json={"rules": more})
    assert added.status_code == 200, added.text
    # four stored rules, one carried: the kept ones do not count against the cap
    body = {
        "tracking_plan": {"rules": {"global": {"type": "object"}}},
        "update_mask": {"paths": ["rules.global"]},
    }
    assert ok(put(api, tenant, plan, body))["rules"]["global"] == {"type": "object"}
    assert len(public_rules(api, plan)) == 5


class TestDelete:
    def test_delete(
        self, api: Api, client: Api, readonly_api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        plan = create_config_plan(api, tenant, rules=sample_rules())
        config_error(client.delete(plan_url(tenant, plan)), 401, 16)
        config_error(readonly_api.delete(plan_url(tenant, plan)), 403, 7)
        config_error(other_api.delete(plan_url(tenant, plan)), 404, 5)
        assert ok(api.delete(f"{plan_url(tenant, plan)}/", json={})) == {}
        config_error(api.get(plan_url(tenant, plan)), 404, 5)
        assert api.get(f"/tracking-plans/{plan_id(plan)}").status_code == 404
        config_error(api.delete(plan_url(tenant, plan)), 404, 5)


class TestSourceConnections:
    def url(self, tenant: Tenant, plan: dict[str, Any]) -> str:
        return f"{plan_url(tenant, plan)}/source-connections"

    def test_create_list_delete(self, api: Api, tenant: Tenant) -> None:
        ok(create_config_source(api, tenant.slug, "js"))
        plan = create_config_plan(api, tenant)
        source_name = f"workspaces/{tenant.slug}/sources/js"
        made = ok(api.post(self.url(tenant, plan), json={"source_name": source_name}))
        assert made == {"source_name": source_name, "tracking_plan_id": plan_id(plan)}
        # connecting it again to the same plan changes nothing
        assert ok(api.post(self.url(tenant, plan), json={"source_name": source_name})) == made
        listed = ok(api.get(self.url(tenant, plan), json={}))
        assert listed == {"connections": [made], "next_page_token": ""}
        public = data(api.get(f"/tracking-plans/{plan_id(plan)}/sources?pagination.count=10"))
        assert [s["slug"] for s in public["sources"]] == ["js"]
        assert ok(api.delete(f"{self.url(tenant, plan)}/js", json={})) == {}
        assert ok(api.get(self.url(tenant, plan)))["connections"] == []
        config_error(api.delete(f"{self.url(tenant, plan)}/js"), 404, 5)
        config_error(api.delete(f"{self.url(tenant, plan)}/nope"), 404, 5)

    def test_batch_connects_all_or_none(self, api: Api, tenant: Tenant) -> None:
        for slug in ("a", "b"):
            ok(create_config_source(api, tenant.slug, slug))
        plan = create_config_plan(api, tenant)
        batch = f"{self.url(tenant, plan)}:batchCreateConnections"
        names = [f"workspaces/{tenant.slug}/sources/{s}" for s in ("a", "b")]
        failed = api.post(batch, json={"source_names": [*names, f"{names[0][:-1]}missing"]})
        config_error(failed, 404, 5)
        assert ok(api.get(self.url(tenant, plan)))["connections"] == []
        made = ok(api.post(batch, json={"source_names": [*names, names[0]]}))
        expected = [{"source_name": n, "tracking_plan_id": plan_id(plan)} for n in names]
        assert made == {"connections": expected}
        page = ok(api.get(self.url(tenant, plan), params={"page_size": 1}))
        assert page["connections"] == expected[:1]
        rest = ok(api.get(self.url(tenant, plan), params={"page_token": page["next_page_token"]}))
        assert rest == {"connections": expected[1:], "next_page_token": ""}

    def test_a_source_follows_one_plan(self, api: Api, tenant: Tenant) -> None:
        ok(create_config_source(api, tenant.slug, "js"))
        first, second = create_config_plan(api, tenant, "One"), create_config_plan(api, tenant)
        body = {"source_name": f"workspaces/{tenant.slug}/sources/js"}
        ok(api.post(self.url(tenant, first), json=body))
        config_error(api.post(self.url(tenant, second), json=body), 409, 6)
        batch = f"{self.url(tenant, second)}:batchCreateConnections"
        config_error(api.post(batch, json={"source_names": [body["source_name"]]}), 409, 6)

    def test_connected_via_public_listed_via_config(self, api: Api, tenant: Tenant) -> None:
        source = create_source(api, slug="pub")
        plan = create_config_plan(api, tenant)
        added = api.post(
            f"/tracking-plans/{plan_id(plan)}/sources", json={"sourceId": source["id"]}
        )
        assert added.status_code == 200, added.text
        assert ok(api.get(self.url(tenant, plan)))["connections"] == [
            {
                "source_name": f"workspaces/{tenant.slug}/sources/pub",
                "tracking_plan_id": plan_id(plan),
            }
        ]

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"source_name": ""},
            {"source_name": 3},
            {"source_name": "workspaces/elsewhere/sources/js"},
            {"source_name": "catalog/sources/javascript"},
        ],
    )
    def test_bad_source_name_is_400(self, api: Api, tenant: Tenant, body: dict[str, Any]) -> None:
        plan = create_config_plan(api, tenant)
        config_error(api.post(self.url(tenant, plan), json=body), 400, 3)

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"source_names": []},
            {"source_names": "workspaces/x/sources/js"},
            {"source_names": [3]},
            {"source_names": ["workspaces/elsewhere/sources/js"]},
        ],
    )
    def test_bad_batch_is_400(self, api: Api, tenant: Tenant, body: dict[str, Any]) -> None:
        plan = create_config_plan(api, tenant)
        config_error(
            api.post(f"{self.url(tenant, plan)}:batchCreateConnections", json=body), 400, 3
        )

    def test_auth_and_tenancy(
        self, api: Api, client: Api, readonly_api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        ok(create_config_source(api, tenant.slug, "js"))
        plan = create_config_plan(api, tenant)
        url = self.url(tenant, plan)
        body = {"source_name": f"workspaces/{tenant.slug}/sources/js"}
        config_error(client.post(url, json=body), 401, 16)
        config_error(client.get(url), 401, 16)
        config_error(client.delete(f"{url}/js"), 401, 16)
        config_error(readonly_api.post(url, json=body), 403, 7)
        config_error(
            readonly_api.post(f"{url}:batchCreateConnections", json={"source_names": []}), 403, 7
        )
        config_error(readonly_api.delete(f"{url}/js"), 403, 7)
        ok(readonly_api.get(url))
        config_error(other_api.post(url, json=body), 404, 5)
        config_error(other_api.get(url), 404, 5)
        config_error(api.get(f"{plans_url(tenant)}/tp_unknown/source-connections"), 404, 5)


REFUSED = [
    ("POST", "sources/js/regulations/"),
    ("DELETE", "sources/js/regulations/"),
    ("GET", "regulations/?status=FINISHED&regulation_types=Suppress&regulation_types=Delete"),
    ("POST", "regulations/"),
    ("GET", "regulations/r1/"),
    ("DELETE", "regulations/r1/"),
    ("GET", "suppressed-users/"),
]


class TestRegulationsAndSuppressedUsers:
    """Patchwire holds no end-user data: 501 Unimplemented, never a fake success."""

    @pytest.mark.parametrize(("method", "path"), REFUSED)
    def test_unimplemented(self, api: Api, tenant: Tenant, method: str, path: str) -> None:
        body = {"regulation_type": "Suppress_With_Delete", "attributes": {"name": "userId"}}
        response = api.request(method, f"/v1beta/workspaces/{tenant.slug}/{path}", json=body)
        error = config_error(response, 501, 12)
        assert error["error"] == "unimplemented"
        assert "does not process end-user data" in error["message"]

    @pytest.mark.parametrize(("method", "path"), REFUSED)
    def test_checks_come_first(
        self,
        client: Api,
        readonly_api: Api,
        other_api: Api,
        tenant: Tenant,
        method: str,
        path: str,
    ) -> None:
        url = f"/v1beta/workspaces/{tenant.slug}/{path}"
        config_error(client.request(method, url, json={}), 401, 16)
        config_error(other_api.request(method, url, json={}), 404, 5)
        if method == "GET":
            config_error(readonly_api.request(method, url), 501, 12)
        else:
            config_error(readonly_api.request(method, url, json={}), 403, 7)
