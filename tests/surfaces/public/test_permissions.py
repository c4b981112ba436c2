"""Permission enforcement: roles by operations for tokens issued for users.

Each principal below is a user holding one grant (one of them only through a group). The
matrix gives, per operation, the status each of them gets, in ``PRINCIPALS`` order; the
list tests give which sources and destinations each sees. Workspace tokens (owner and
read-only) keep their meaning; the rest of the suite covers them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from patchwire.core.access import ROLE_NEEDED, Level, entry_for
from patchwire.core.auth import Role
from patchwire.resources.iam.roles import ROLES
from patchwire.surfaces.public.operations import public_operations
from patchwire.surfaces.v1beta.operations import config_operations
from tests.factories import create_label, create_source, label_ref
from tests.factories.destinations import create_destination
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, new_member, owner_email, user_token
from tests.surfaces.public.expect import data, error, walk

UNKNOWN_ID = "qQEHquLrjRDN9j1ByrChyn"
POSTGRES = "55d3d3aea3c"
CODE = "async function onTrack(event, settings) {\n  return event\n}\n"


@dataclass(frozen=True)
class World:
    """What the workspace owner made: sources A, B and C (C carries the label), a
    destination on each."""

    tenant: Tenant
    label: dict[str, Any]
    a: str
    b: str
    c: str
    dest_a: str
    dest_b: str
    dest_c: str


def make_world(owner: Api, tenant: Tenant) -> World:
    label = create_label(owner, key="env", value=f"prod-{secrets.token_hex(3)}")
    a, b, c = (create_source(owner)["id"] for _ in range(3))
    labelled = owner.post(f"/sources/{c}/labels", json={"labels": [label_ref(label)]})
    assert labelled.status_code == 200, labelled.text
    dests = [create_destination(owner, s)["id"] for s in (a, b, c)]
    return World(tenant, label, a, b, c, *dests)


def workspace(world: World, role: str, **extra: Any) -> dict[str, Any]:
    resource = {"id": world.tenant.workspace_id, "type": "WORKSPACE", **extra}
    return {"roleId": ROLE[role], "resources": [resource]}


def on_source(source_id: str, role: str) -> dict[str, Any]:
    return {"roleId": ROLE[role], "resources": [{"id": source_id, "type": "SOURCE"}]}


def token_for(client: Api, owner: Api, world: World, principal: str) -> str:
    """A token for a user holding ``principal``'s grant."""
    tenant = world.tenant
    if principal == "owner":
        return user_token(client, tenant, owner_email(tenant))
    grants: dict[str, list[dict[str, Any]]] = {
        "member": [workspace(world, "Workspace Member")],
        "source-admin-a": [on_source(world.a, "Source Admin")],
        "source-ro-a": [on_source(world.a, "Source Read-only")],
        "source-ro-label": [workspace(world, "Source Read-only", labels=[label_ref(world.label)])],
        "group-source-admin-a": [],
        "tracking-plan-admin": [workspace(world, "Tracking Plan Admin")],
        "functions-ro": [workspace(world, "Functions Read-only")],
    }
    member = new_member(client, owner, tenant, grants[principal])
    if principal == "group-source-admin-a":
        group = data(owner.post("/groups", json={"name": "Source admins"}))["userGroup"]
        grant = {"permissions": [on_source(world.a, "Source Admin")]}
        data(owner.post(f"/groups/{group['id']}/permissions", json=grant))
        data(owner.post(f"/groups/{group['id']}/users", json={"emails": [member.email]}))
    return member.token


PRINCIPALS = (
    "owner",
    "member",
    "source-admin-a",
    "source-ro-a",
    "source-ro-label",
    "group-source-admin-a",
    "tracking-plan-admin",
    "functions-ro",
)

Call = Callable[[Api, World], httpx.Response]


def page(count: int = 5) -> dict[str, Any]:
    return {"pagination.count": count}


MATRIX: list[tuple[str, Call, str]] = [
    # operation, call, statuses in PRINCIPALS order
    ("getWorkspace", lambda api, w: api.get("/"), "200 200 200 200 200 200 200 200"),
    (
        "getSourcesCatalog",
        lambda api, w: api.get("/catalog/sources", params=page()),
        "200 200 200 200 200 200 200 200",
    ),
    ("listLabels", lambda api, w: api.get("/labels"), "200 200 200 200 200 200 200 200"),
    (
        "listSources",
        lambda api, w: api.get("/sources", params=page()),
        "200 403 200 200 200 200 403 403",
    ),
    ("getSource A", lambda api, w: api.get(f"/sources/{w.a}"), "200 403 200 200 403 200 403 403"),
    ("getSource B", lambda api, w: api.get(f"/sources/{w.b}"), "200 403 403 403 403 403 403 403"),
    ("getSource C", lambda api, w: api.get(f"/sources/{w.c}"), "200 403 403 403 200 403 403 403"),
    (
        "getSource unknown",
        lambda api, w: api.get(f"/sources/{UNKNOWN_ID}"),
        "404 403 403 403 403 403 403 403",
    ),
    (
        "listSchemaSettingsInSource A",
        lambda api, w: api.get(f"/sources/{w.a}/settings"),
        "200 403 200 200 403 200 403 403",
    ),
    (
        "listConnectedDestinationsFromSource A",
        lambda api, w: api.get(f"/sources/{w.a}/connected-destinations", params=page()),
        "200 403 200 200 403 200 403 403",
    ),
    (
        "listDestinations",
        lambda api, w: api.get("/destinations", params=page()),
        "200 403 200 200 200 200 403 403",
    ),
    (
        "getDestination on A",
        lambda api, w: api.get(f"/destinations/{w.dest_a}"),
        "200 403 200 200 403 200 403 403",
    ),
    (
        "getDestination on B",
        lambda api, w: api.get(f"/destinations/{w.dest_b}"),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "getDestination on C",
        lambda api, w: api.get(f"/destinations/{w.dest_c}"),
        "200 403 403 403 200 403 403 403",
    ),
    (
        "getDestination unknown",
        lambda api, w: api.get(f"/destinations/{UNKNOWN_ID}"),
        "404 403 403 403 403 403 403 403",
    ),
    (
        "listFiltersFromDestination on A",
        lambda api, w: api.get(f"/destination/{w.dest_a}/filters", params=page()),
        "200 403 200 200 403 200 403 403",
    ),
    (
        "updateSource A",
        lambda api, w: api.patch(f"/sources/{w.a}", json={"name": "renamed"}),
        "200 403 200 403 403 200 403 403",
    ),
    (
        "updateSource C",
        lambda api, w: api.patch(f"/sources/{w.c}", json={"name": "renamed"}),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "updateDestination on A",
        lambda api, w: api.patch(f"/destinations/{w.dest_a}", json={"name": "n"}),
        "200 403 200 403 403 200 403 403",
    ),
    (
        "createDestination on A",
        lambda api, w: api.post(
            "/destinations",
            json={"sourceId": w.a, "metadataId": "ad54b4f1f327cc5c72692c1d", "settings": {}},
        ),
        "200 403 200 403 403 200 403 403",
    ),
    (
        "createDestination on B",
        lambda api, w: api.post(
            "/destinations",
            json={"sourceId": w.b, "metadataId": "ad54b4f1f327cc5c72692c1d", "settings": {}},
        ),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "createSource",
        lambda api, w: api.post(
            "/sources",
            json={"slug": f"s-{secrets.token_hex(4)}", "enabled": True, "metadataId": "IqDTy1TpoU"},
        ),
        "201 403 403 403 403 403 403 403",
    ),
    (
        "listTrackingPlans",
        lambda api, w: api.get("/tracking-plans", params=page()),
        "200 403 403 403 403 403 200 403",
    ),
    (
        "createTrackingPlan",
        lambda api, w: api.post("/tracking-plans", json={"name": "Plan", "type": "LIVE"}),
        "200 403 403 403 403 403 200 403",
    ),
    (
        "listFunctions",
        lambda api, w: api.get("/functions", params={**page(), "resourceType": "SOURCE"}),
        "200 403 403 403 403 403 403 200",
    ),
    (
        "createFunction",
        lambda api, w: api.post(
            "/functions", json={"code": CODE, "displayName": "Fn", "resourceType": "SOURCE"}
        ),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "listWarehouses",
        lambda api, w: api.get("/warehouses", params=page()),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "createWarehouse",
        lambda api, w: api.post(
            "/warehouses",
            json={
                "metadataId": POSTGRES,
                "settings": {
                    "host": "warehouse.example.com",
                    "port": 5432,
                    "database": "analytics",
                    "username": "segment",
                    "password": "secret",
                },
            },
        ),
        "201 403 403 403 403 403 403 403",
    ),
    (
        "createLabel",
        lambda api, w: api.post(
            "/labels", json={"label": {"key": "k", "value": secrets.token_hex(4)}}
        ),
        "201 403 403 403 403 403 403 403",
    ),
    (
        "listAuditEvents",
        lambda api, w: api.get("/audit-events", params=page()),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "listUsers",
        lambda api, w: api.get("/users", params=page()),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "listRoles",
        lambda api, w: api.get("/roles", params=page()),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "listUserGroups",
        lambda api, w: api.get("/groups", params=page()),
        "200 403 403 403 403 403 403 403",
    ),
    (
        "createInvites",
        lambda api, w: api.post(
            "/invites", json={"invites": [{"email": f"{secrets.token_hex(4)}@example.com"}]}
        ),
        "201 403 403 403 403 403 403 403",
    ),
    (
        "deleteSource B",
        lambda api, w: api.delete(f"/sources/{w.b}"),
        "200 403 403 403 403 403 403 403",
    ),
]

VISIBLE_SOURCES = {
    "owner": "a b c",
    "source-admin-a": "a",
    "source-ro-a": "a",
    "source-ro-label": "c",
    "group-source-admin-a": "a",
}


@pytest.fixture
def world(api: Api, tenant: Tenant) -> World:
    return make_world(api, tenant)


@pytest.mark.parametrize("principal", PRINCIPALS)
class TestMatrix:
    def test_each_operation_answers_as_the_role_allows(
        self, client: Api, api: Api, world: World, principal: str
    ) -> None:
        me = client.as_token(token_for(client, api, world, principal))
        column = PRINCIPALS.index(principal)
        wrong = []
        for name, call, statuses in MATRIX:
            expected = int(statuses.split()[column])
            response = call(me, world)
            if response.status_code != expected:
                wrong.append(f"{name}: {response.status_code}, expected {expected}")
            elif expected == 403:
                assert response.json()["errors"][0]["type"] == "forbidden"
        assert not wrong, f"{principal}:\n" + "\n".join(wrong)

    def test_lists_show_only_what_the_principal_may_read(
        self, client: Api, api: Api, world: World, principal: str
    ) -> None:
        me = client.as_token(token_for(client, api, world, principal))
        if principal not in VISIBLE_SOURCES:
            error(me.get("/sources", params=page()), 403, "forbidden")
            error(me.get("/destinations", params=page()), 403, "forbidden")
            return
        letters = VISIBLE_SOURCES[principal].split()
        sources = [getattr(world, letter) for letter in letters]
        destinations = [getattr(world, f"dest_{letter}") for letter in letters]
        assert [s["id"] for s in walk(me, "/sources", "sources", 1)] == sources
        assert [d["id"] for d in walk(me, "/destinations", "destinations", 1)] == destinations
        listed = data(me.get("/sources", params=page(1)))
        assert listed["pagination"]["totalEntries"] == len(sources)


class TestSourceReadOnlyOnOneSource:
    """The issue's own example: it reads that source and what hangs off it, nothing else,
    and writes nothing."""

    @pytest.fixture
    def reader(self, client: Api, api: Api, world: World) -> Api:
        return client.as_token(token_for(client, api, world, "source-ro-a"))

    def test_reads_the_source_and_what_hangs_off_it(self, reader: Api, world: World) -> None:
        for url in (
            f"/sources/{world.a}",
            f"/sources/{world.a}/settings",
            f"/destinations/{world.dest_a}",
        ):
            data(reader.get(url))
        for url in (
            f"/sources/{world.a}/connected-destinations",
            f"/sources/{world.a}/connected-warehouses",
            f"/destinations/{world.dest_a}/subscriptions",
            f"/destination/{world.dest_a}/filters",
        ):
            data(reader.get(url, params=page()))

    def test_writes_nothing(self, reader: Api, world: World) -> None:
        a, dest = world.a, world.dest_a
        filter_body = {
            "sourceId": a,
            "title": "t",
            "if": 'event = "x"',
            "actions": [{"type": "DROP"}],
            "enabled": True,
        }
        writes = [
            reader.patch(f"/sources/{a}", json={"name": "x"}),
            reader.post(f"/sources/{a}/labels", json={"labels": [label_ref(world.label)]}),
            reader.put(f"/sources/{a}/labels", json={"labels": []}),
            reader.patch(f"/sources/{a}/settings", json={"track": {"allowUnplannedEvents": False}}),
            reader.delete(f"/sources/{a}"),
            reader.post(
                "/destinations",
                json={"sourceId": a, "metadataId": "ad54b4f1f327cc5c72692c1d", "settings": {}},
            ),
            reader.patch(f"/destinations/{dest}", json={"enabled": False}),
            reader.delete(f"/destinations/{dest}"),
            reader.post(f"/destination/{dest}/filters", json=filter_body),
            reader.post(
                "/transformations",
                json={"name": "t", "sourceId": a, "enabled": True, "if": 'event = "x"'},
            ),
            reader.post(
                "/sources", json={"slug": "new", "enabled": True, "metadataId": "IqDTy1TpoU"}
            ),
            reader.post("/labels", json={"label": {"key": "k", "value": "v"}}),
        ]
        assert [w.status_code for w in writes] == [403] * len(writes)
        entry = error(writes[0], 403, "forbidden")
        assert "Source Admin" in entry["message"]
        assert world.a in entry["message"]

    def test_sees_nothing_else(self, reader: Api, world: World) -> None:
        for url in (f"/sources/{world.b}", f"/destinations/{world.dest_b}", "/warehouses"):
            error(reader.get(url, params=page()), 403, "forbidden")
        config = reader.get(f"/v1beta/workspaces/{world.tenant.slug}/sources")
        assert config.status_code == 200, config.text
        assert len(config.json()["sources"]) == 1


class TestSourceAdminOnOneSource:
    @pytest.fixture
    def admin(self, client: Api, api: Api, world: World) -> Api:
        return client.as_token(token_for(client, api, world, "source-admin-a"))

    def test_a_body_naming_another_source_is_refused(self, admin: Api, world: World) -> None:
        body = {
            "sourceId": world.b,
            "title": "t",
            "if": 'event = "x"',
            "actions": [{"type": "DROP"}],
            "enabled": True,
        }
        response = admin.post(f"/destination/{world.dest_a}/filters", json=body)
        assert world.b in error(response, 403, "forbidden")["message"]
        moved = admin.post(
            "/transformations",
            json={"name": "t", "sourceId": world.b, "enabled": True, "if": 'event = "x"'},
        )
        error(moved, 403, "forbidden")

    def test_creating_a_source_needs_the_role_over_the_workspace(
        self, admin: Api, world: World
    ) -> None:
        body = {"slug": "mine", "enabled": True, "metadataId": "IqDTy1TpoU"}
        entry = error(admin.post("/sources", json=body), 403, "forbidden")
        assert "all sources" in entry["message"]
        # a sourceId the operation does not take names nothing: it opens nothing either
        error(admin.post("/sources", json={**body, "sourceId": world.a}), 403, "forbidden")

    def test_config_api_is_enforced_the_same_way(
        self, client: Api, admin: Api, api: Api, world: World
    ) -> None:
        slugs = {s["id"]: s["slug"] for s in walk(api, "/sources", "sources", 10)}
        base = f"/v1beta/workspaces/{world.tenant.slug}/sources"
        assert admin.get(f"{base}/{slugs[world.a]}").status_code == 200
        refused = admin.get(f"{base}/{slugs[world.b]}")
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == 7


class TestAccessIsComputedPerRequest:
    def test_group_membership_and_labels_take_effect_at_once(
        self, client: Api, api: Api, world: World
    ) -> None:
        labelled = client.as_token(token_for(client, api, world, "source-ro-label"))
        error(labelled.get(f"/sources/{world.b}"), 403, "forbidden")
        attach = {"labels": [label_ref(world.label)]}
        data(api.post(f"/sources/{world.b}/labels", json=attach))
        data(labelled.get(f"/sources/{world.b}"))
        data(api.put(f"/sources/{world.b}/labels", json={"labels": []}))
        error(labelled.get(f"/sources/{world.b}"), 403, "forbidden")

        grouped = client.as_token(token_for(client, api, world, "group-source-admin-a"))
        data(grouped.patch(f"/sources/{world.a}", json={"name": "mine"}))
        group = walk(api, "/groups", "userGroups", 10)[0]
        emails = data(api.get(f"/groups/{group['id']}/users", params=page()))["users"]
        data(api.delete(f"/group/{group['id']}/users", params={"emails[]": emails[0]["email"]}))
        error(grouped.get(f"/sources/{world.a}"), 403, "forbidden")

    def test_a_label_grant_needs_every_label(self, client: Api, api: Api, world: World) -> None:
        other = create_label(api, key="tier", value=f"gold-{secrets.token_hex(3)}")
        grant = workspace(
            world, "Source Read-only", labels=[label_ref(world.label), label_ref(other)]
        )
        member = new_member(client, api, world.tenant, [grant])
        me = client.as_token(member.token)
        assert walk(me, "/sources", "sources", 5) == []
        data(api.post(f"/sources/{world.c}/labels", json={"labels": [label_ref(other)]}))
        assert [s["id"] for s in walk(me, "/sources", "sources", 5)] == [world.c]

    def test_a_read_only_token_never_writes_for_its_user(
        self, client: Api, api: Api, world: World
    ) -> None:
        member = new_member(client, api, world.tenant, [on_source(world.a, "Source Admin")])
        capped = client.as_token(
            user_token(client, world.tenant, member.email, role=Role.READ_ONLY)
        )
        data(capped.get(f"/sources/{world.a}"))
        entry = error(capped.patch(f"/sources/{world.a}", json={"name": "x"}), 403, "forbidden")
        assert "read-only" in entry["message"]
        data(client.as_token(member.token).patch(f"/sources/{world.a}", json={"name": "x"}))


IAM_OPERATIONS = [
    ("GET", "/users"),
    ("DELETE", f"/users?userIds[]={UNKNOWN_ID}"),
    ("GET", f"/users/{UNKNOWN_ID}"),
    ("GET", f"/users/{UNKNOWN_ID}/groups"),
    ("POST", f"/users/{UNKNOWN_ID}/permissions"),
    ("PUT", f"/users/{UNKNOWN_ID}/permissions"),
    ("POST", "/invites"),
    ("GET", "/invites"),
    ("DELETE", "/invites?emails[]=a@example.com"),
    ("GET", "/roles"),
    ("GET", "/groups"),
    ("POST", "/groups"),
    ("GET", f"/groups/{UNKNOWN_ID}"),
    ("PATCH", f"/groups/{UNKNOWN_ID}"),
    ("DELETE", f"/groups/{UNKNOWN_ID}"),
    ("GET", f"/groups/{UNKNOWN_ID}/users"),
    ("POST", f"/groups/{UNKNOWN_ID}/users"),
    ("GET", f"/groups/{UNKNOWN_ID}/invites"),
    ("POST", f"/groups/{UNKNOWN_ID}/permissions"),
    ("PUT", f"/groups/{UNKNOWN_ID}/permissions"),
    ("PUT", f"/group/{UNKNOWN_ID}/users"),
    ("DELETE", f"/group/{UNKNOWN_ID}/users?emails[]=a@example.com"),
]


@pytest.mark.parametrize(("method", "url"), IAM_OPERATIONS)
class TestIamNeedsTheWorkspaceOwner:
    """Every IAM operation: 401 without a valid token; 403 for a user without Workspace
    Owner (checked before the operation looks anything up); writes 403 for a read-only
    workspace token."""

    def test_refusals(
        self, client: Api, api: Api, readonly_api: Api, world: World, method: str, url: str
    ) -> None:
        error(client.request(method, url, params=page()), 401, "unauthorized")
        error(client.as_token("pw_nope").request(method, url, params=page()), 401, "unauthorized")
        admin = client.as_token(token_for(client, api, world, "source-admin-a"))
        entry = error(admin.request(method, url, params=page()), 403, "forbidden")
        assert "Workspace Owner" in entry["message"]
        if method != "GET":
            error(readonly_api.request(method, url, params=page()), 403, "forbidden")


class TestTheAccessTable:
    """The family table in ``core.access`` is explicit: every operation either API serves
    matches one of its entries (unlisted paths would need Workspace Owner), and the role a
    refusal names is one whose grant passes that check."""

    def test_every_served_operation_has_an_entry(self) -> None:
        served = [*public_operations(), *config_operations()]
        unlisted = [f"{o.method} {o.path}" for o in served if entry_for(o.path) is None]
        assert unlisted == []

    def test_refusals_name_a_role_that_would_pass(self) -> None:
        by_name = {role.name: role for role in ROLES}
        for (family, level), name in ROLE_NEEDED.items():
            assert by_name[name].grants.get(family, Level.NONE) >= level, name
