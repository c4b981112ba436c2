"""IAM users: listUsers, getUser, deleteUsers, add/replace permissions, groups of a user."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import create_label, create_source, label_ref
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, new_member, owner_email
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

OWNER = ROLE["Workspace Owner"]
UNKNOWN_ID = "qQEHquLrjRDN9j1ByrChyn"


def workspace_grant(tenant: Tenant, role: str = "Workspace Owner") -> dict[str, Any]:
    return {"roleId": ROLE[role], "resources": [{"id": tenant.workspace_id, "type": "WORKSPACE"}]}


def source_grant(source_id: str, role: str = "Source Admin") -> dict[str, Any]:
    return {"roleId": ROLE[role], "resources": [{"id": source_id, "type": "SOURCE"}]}


def all_users(api: Api) -> list[dict[str, Any]]:
    return walk(api, "/users", "users", 200)


def user_id(api: Api, email: str) -> str:
    return next(u["id"] for u in all_users(api) if u["email"] == email)


def owner_id(api: Api, tenant: Tenant) -> str:
    return user_id(api, owner_email(tenant))


def permissions_url(uid: str) -> str:
    return f"/users/{uid}/permissions"


class TestListUsers:
    def test_every_workspace_starts_with_its_owner(self, api: Api, tenant: Tenant) -> None:
        page = data(api.get("/users", params={"pagination.count": 10}))
        assert page["pagination"]["totalEntries"] == 1
        [owner] = page["users"]
        assert owner["name"] == "Workspace Owner"
        assert owner["email"] == owner_email(tenant)
        assert owner["permissions"] == [
            {
                "roleId": OWNER,
                "roleName": "Workspace Owner",
                "resources": [{"id": tenant.workspace_id, "type": "WORKSPACE", "labels": []}],
            }
        ]

    def test_pages_through_every_user_in_creation_order(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        emails = [new_member(client, api, tenant).email for _ in range(4)]
        listed = walk(api, "/users", "users", 2)
        assert [u["email"] for u in listed] == [owner_email(tenant), *emails]
        assert [u["permissions"] for u in listed[1:]] == [[]] * 4

    def test_shows_only_its_own_workspace(self, api: Api, other_api: Api) -> None:
        assert len(all_users(other_api)) == 1
        assert all_users(other_api) != all_users(api)

    def test_read_only_token_may_list(self, readonly_api: Api, tenant: Tenant) -> None:
        assert [u["email"] for u in all_users(readonly_api)] == [owner_email(tenant)]

    def test_needs_pagination(self, api: Api) -> None:
        assert invalid_fields(api.get("/users")) == ["pagination.count"]

    def test_needs_a_valid_token(self, client: Api) -> None:
        error(client.get("/users", params={"pagination.count": 1}), 401, "unauthorized")

    def test_users_without_workspace_owner_are_refused(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        source = create_source(api)
        member = new_member(client, api, tenant, [source_grant(source["id"])])
        entry = error(
            client.as_token(member.token).get("/users", params={"pagination.count": 1}),
            403,
            "forbidden",
        )
        assert "Workspace Owner" in entry["message"]


class TestGetUser:
    def test_returns_the_user_and_their_permissions(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        source = create_source(api)
        member = new_member(
            client,
            api,
            tenant,
            [
                {
                    "roleId": ROLE["Source Read-only"],
                    "resources": [{"id": source["id"], "type": "SOURCE"}],
                }
            ],
        )
        uid = user_id(api, member.email)
        user = data(api.get(f"/users/{uid}"))["user"]
        assert user == {
            "id": uid,
            "name": "",
            "email": member.email,
            "permissions": [
                {
                    "roleId": ROLE["Source Read-only"],
                    "roleName": "Source Read-only",
                    "resources": [{"id": source["id"], "type": "SOURCE", "labels": []}],
                }
            ],
        }

    def test_unknown_user_is_404(self, api: Api) -> None:
        entry = error(api.get(f"/users/{UNKNOWN_ID}"), 404, "not-found")
        assert UNKNOWN_ID in entry["message"]

    def test_another_workspaces_user_is_404(self, api: Api, other_api: Api, tenant: Tenant) -> None:
        error(other_api.get(f"/users/{owner_id(api, tenant)}"), 404, "not-found")


class TestDeleteUsers:
    def test_deletes_many_at_once_with_their_tokens(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        first, second, kept = (new_member(client, api, tenant) for _ in range(3))
        ids = [user_id(api, m.email) for m in (first, second)]
        response = api.delete("/users", params={"userIds[0]": ids[0], "userIds[1]": ids[1]})
        assert data(response) == {"status": "SUCCESS"}
        assert [u["email"] for u in all_users(api)] == [owner_email(tenant), kept.email]
        for member in (first, second):
            error(client.as_token(member.token).get("/"), 401, "unauthorized")
        assert data(client.as_token(kept.token).get("/"))["workspace"]["id"] == tenant.workspace_id
        deleted = audit_events(api, resourceType="user")
        assert sorted(e["resourceId"] for e in deleted if e["type"] == "User Deleted") == sorted(
            ids
        )

    @pytest.mark.parametrize("spelling", ["brackets", "repeated", "commas"])
    def test_every_array_spelling(
        self, client: Api, api: Api, tenant: Tenant, spelling: str
    ) -> None:
        ids = [user_id(api, new_member(client, api, tenant).email) for _ in range(2)]
        query = {
            "brackets": f"userIds[]={ids[0]}&userIds[]={ids[1]}",
            "repeated": f"userIds={ids[0]}&userIds={ids[1]}",
            "commas": f"userIds={ids[0]},{ids[1]}",
        }[spelling]
        assert data(api.delete(f"/users?{query}")) == {"status": "SUCCESS"}
        assert len(all_users(api)) == 1

    def test_removes_their_group_memberships(self, client: Api, api: Api, tenant: Tenant) -> None:
        member = new_member(client, api, tenant)
        group = data(api.post("/groups", json={"name": "Team"}))["userGroup"]
        data(api.post(f"/groups/{group['id']}/users", json={"emails": [member.email]}))
        data(api.delete("/users", params={"userIds[]": user_id(api, member.email)}))
        assert data(api.get(f"/groups/{group['id']}"))["userGroup"]["memberCount"] == 0
        types = [e["type"] for e in audit_events(api, resourceType="user")]
        assert "Group Memberships Deleted" in types

    def test_the_last_workspace_owner_stays(self, api: Api, tenant: Tenant) -> None:
        response = api.delete("/users", params={"userIds[]": owner_id(api, tenant)})
        entry = error(response, 422, "failed-precondition")
        assert "Workspace Owner" in entry["message"]
        assert len(all_users(api)) == 1
        assert audit_events(api, resourceType="user") == []  # rolled back with the change

    def test_an_owner_goes_once_another_user_owns_the_workspace(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        heir = new_member(client, api, tenant, [workspace_grant(tenant)])
        data(api.delete("/users", params={"userIds[]": owner_id(api, tenant)}))
        heir_api = client.as_token(heir.token)
        assert [u["email"] for u in all_users(heir_api)] == [heir.email]

    def test_all_or_nothing_when_an_id_is_unknown(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        member = new_member(client, api, tenant)
        uid = user_id(api, member.email)
        response = api.delete("/users", params={"userIds[0]": uid, "userIds[1]": UNKNOWN_ID})
        assert UNKNOWN_ID in error(response, 404, "not-found")["message"]
        assert len(all_users(api)) == 2

    def test_another_workspaces_user_is_404(self, api: Api, other_api: Api, tenant: Tenant) -> None:
        response = other_api.delete("/users", params={"userIds[]": owner_id(api, tenant)})
        error(response, 404, "not-found")
        assert len(all_users(api)) == 1

    def test_user_ids_are_required(self, api: Api) -> None:
        assert invalid_fields(api.delete("/users")) == ["userIds"]

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api, tenant: Tenant) -> None:
        response = readonly_api.delete("/users", params={"userIds[]": owner_id(api, tenant)})
        error(response, 403, "forbidden")


class TestAddPermissionsToUser:
    def test_adds_and_returns_every_permission(self, client: Api, api: Api, tenant: Tenant) -> None:
        source = create_source(api)
        uid = user_id(api, new_member(client, api, tenant).email)
        body = {
            "permissions": [source_grant(source["id"]), workspace_grant(tenant, "Functions Admin")]
        }
        held = data(api.post(permissions_url(uid), json=body))["permissions"]
        assert held == [
            {
                "roleId": ROLE["Source Admin"],
                "roleName": "Source Admin",
                "resources": [{"id": source["id"], "type": "SOURCE", "labels": []}],
            },
            {
                "roleId": ROLE["Functions Admin"],
                "roleName": "Functions Admin",
                "resources": [{"id": tenant.workspace_id, "type": "WORKSPACE", "labels": []}],
            },
        ]
        again = {"permissions": [workspace_grant(tenant, "Tracking Plan Read-only")]}
        held = data(api.post(permissions_url(uid), json=again))["permissions"]
        assert [p["roleName"] for p in held] == [
            "Source Admin",
            "Functions Admin",
            "Tracking Plan Read-only",
        ]
        assert data(api.get(f"/users/{uid}"))["user"]["permissions"] == held

    def test_an_equal_permission_is_not_stored_twice(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        uid = user_id(api, new_member(client, api, tenant).email)
        body = {"permissions": [workspace_grant(tenant, "Warehouse Admin")] * 2}
        assert len(data(api.post(permissions_url(uid), json=body))["permissions"]) == 1
        assert len(data(api.post(permissions_url(uid), json=body))["permissions"]) == 1

    def test_label_grants(self, client: Api, api: Api, tenant: Tenant) -> None:
        label = create_label(api, description="Production")
        uid = user_id(api, new_member(client, api, tenant).email)
        body = {
            "permissions": [
                {
                    "roleId": ROLE["Source Read-only"],
                    "resources": [
                        {
                            "id": tenant.workspace_id,
                            "type": "WORKSPACE",
                            "labels": [label_ref(label)],
                        }
                    ],
                }
            ]
        }
        [held] = data(api.post(permissions_url(uid), json=body))["permissions"]
        assert held["resources"][0]["labels"] == [
            {"key": label["key"], "value": label["value"], "description": "Production"}
        ]

    def test_writes_audit_events(self, client: Api, api: Api, tenant: Tenant) -> None:
        uid = user_id(api, new_member(client, api, tenant).email)
        data(api.post(permissions_url(uid), json={"permissions": [workspace_grant(tenant)]}))
        assert [e["type"] for e in audit_events(api, resourceId=uid)] == ["User Policy Updated"]
        assert [e["type"] for e in audit_events(api, resourceType="policy")] == ["Policy Created"]

    def test_unknown_user_is_404(self, api: Api, tenant: Tenant) -> None:
        body = {"permissions": [workspace_grant(tenant)]}
        error(api.post(permissions_url(UNKNOWN_ID), json=body), 404, "not-found")

    def test_another_workspaces_user_is_404(self, api: Api, other_api: Api, tenant: Tenant) -> None:
        body = {"permissions": [workspace_grant(tenant)]}
        response = other_api.post(permissions_url(owner_id(api, tenant)), json=body)
        error(response, 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api, tenant: Tenant) -> None:
        body = {"permissions": [workspace_grant(tenant)]}
        response = readonly_api.post(permissions_url(owner_id(api, tenant)), json=body)
        error(response, 403, "forbidden")


class TestPermissionValidation:
    """One 422 entry per bad field, for add and replace alike."""

    @pytest.fixture
    def url(self, api: Api, tenant: Tenant) -> str:
        return permissions_url(owner_id(api, tenant))

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_each_bad_field_is_named(
        self, api: Api, other_api: Api, tenant: Tenant, url: str, method: str
    ) -> None:
        foreign = create_source(other_api)
        permissions = [
            {"roleId": "no-such-role", "resources": [{"id": "x", "type": "WORKSPACE"}]},
            {"roleId": OWNER, "resources": [{"id": "another-ws", "type": "WORKSPACE"}]},
            source_grant(foreign["id"]),
            {"roleId": ROLE["Functions Admin"], "resources": [{"id": "f", "type": "FUNCTION"}]},
            {"roleId": ROLE["Tracking Plan Admin"], "resources": [{"id": "s", "type": "SOURCE"}]},
            {
                "roleId": ROLE["Warehouse Read-only"],
                "resources": [
                    {
                        "id": tenant.workspace_id,
                        "type": "WORKSPACE",
                        "labels": [{"key": "env", "value": "prod"}],
                    }
                ],
            },
            {
                "roleId": ROLE["Source Admin"],
                "resources": [
                    {"id": "any", "type": "SOURCE", "labels": [{"key": "no", "value": "label"}]}
                ],
            },
            {"roleId": OWNER, "resources": []},
        ]
        response = api.request(method, url, json={"permissions": permissions})
        assert invalid_fields(response) == [
            "permissions[0].roleId",
            "permissions[1].resources[0].id",
            "permissions[2].resources[0].id",
            "permissions[3].resources[0].type",
            "permissions[4].resources[0].type",
            "permissions[5].resources[0].labels",
            "permissions[5].resources[0].labels[0]",
            "permissions[6].resources[0].labels[0]",
            "permissions[7].resources",
        ]

    def test_wire_shape_errors(self, api: Api, url: str) -> None:
        body = {"permissions": [{"roleId": OWNER, "resources": [{"id": "x", "type": "GALAXY"}]}]}
        assert invalid_fields(api.post(url, json=body)) == ["permissions[0].resources[0].type"]
        assert invalid_fields(api.post(url, json={})) == ["permissions"]
        assert invalid_fields(api.post(url, content=b"not json")) == ["body"]


class TestReplacePermissionsForUser:
    def test_replaces_the_whole_set(self, client: Api, api: Api, tenant: Tenant) -> None:
        source = create_source(api)
        uid = user_id(api, new_member(client, api, tenant, [workspace_grant(tenant)]).email)
        body = {"permissions": [source_grant(source["id"], "Source Read-only")]}
        held = data(api.put(permissions_url(uid), json=body))["permissions"]
        assert [(p["roleName"], p["resources"][0]["id"]) for p in held] == [
            ("Source Read-only", source["id"])
        ]
        assert data(api.get(f"/users/{uid}"))["user"]["permissions"] == held
        types = [e["type"] for e in audit_events(api, resourceType="policy")]
        assert sorted(types) == ["Policy Created", "Policy Deleted"]

    def test_an_empty_set_takes_everything_away(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        uid = user_id(api, new_member(client, api, tenant, [workspace_grant(tenant)]).email)
        assert data(api.put(permissions_url(uid), json={"permissions": []})) == {"permissions": []}

    def test_the_last_owner_keeps_the_role(self, api: Api, tenant: Tenant) -> None:
        uid = owner_id(api, tenant)
        body = {"permissions": [workspace_grant(tenant, "Workspace Member")]}
        error(api.put(permissions_url(uid), json=body), 422, "failed-precondition")
        [held] = data(api.get(f"/users/{uid}"))["user"]["permissions"]
        assert held["roleId"] == OWNER

    def test_unknown_user_is_404(self, api: Api) -> None:
        error(api.put(permissions_url(UNKNOWN_ID), json={"permissions": []}), 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api, tenant: Tenant) -> None:
        url = permissions_url(owner_id(api, tenant))
        error(readonly_api.put(url, json={"permissions": []}), 403, "forbidden")


class TestListUserGroupsFromUser:
    def test_lists_the_groups_holding_the_users_email(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        member = new_member(client, api, tenant)
        made = [data(api.post("/groups", json={"name": f"G{i}"}))["userGroup"] for i in range(3)]
        for group in made[:2]:
            data(api.post(f"/groups/{group['id']}/users", json={"emails": [member.email]}))
        uid = user_id(api, member.email)
        groups = walk(api, f"/users/{uid}/groups", "groups", 1)
        assert groups == [{"id": g["id"], "name": g["name"]} for g in made[:2]]
        assert walk(api, f"/users/{owner_id(api, tenant)}/groups", "groups", 5) == []

    def test_unknown_user_is_404(self, api: Api) -> None:
        response = api.get(f"/users/{UNKNOWN_ID}/groups", params={"pagination.count": 5})
        error(response, 404, "not-found")

    def test_needs_pagination(self, api: Api, tenant: Tenant) -> None:
        response = api.get(f"/users/{owner_id(api, tenant)}/groups")
        assert invalid_fields(response) == ["pagination.count"]
