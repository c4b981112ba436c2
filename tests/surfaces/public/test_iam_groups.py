"""IAM user groups: all twelve operations, including the spec's singular
``/group/{userGroupId}/users`` paths for replace (PUT) and remove (DELETE)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import create_source
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, new_member, owner_email, user_token
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

UNKNOWN_ID = "qQEHquLrjRDN9j1ByrChyn"


def create_group(api: Api, name: str = "Team") -> dict[str, Any]:
    group: dict[str, Any] = data(api.post("/groups", json={"name": name}))["userGroup"]
    return group


def get_group(api: Api, group_id: str) -> dict[str, Any]:
    group: dict[str, Any] = data(api.get(f"/groups/{group_id}"))["userGroup"]
    return group


def add_members(api: Api, group_id: str, *emails: str) -> dict[str, Any]:
    response = api.post(f"/groups/{group_id}/users", json={"emails": list(emails)})
    group: dict[str, Any] = data(response)["userGroup"]
    return group


def member_users(api: Api, group_id: str) -> list[str]:
    return [u["email"] for u in walk(api, f"/groups/{group_id}/users", "users", 200)]


def member_invitees(api: Api, group_id: str) -> list[Any]:
    return walk(api, f"/groups/{group_id}/invites", "emails", 200)


def invite(api: Api, *emails: str) -> None:
    body = {"invites": [{"email": e} for e in emails]}
    assert api.post("/invites", json=body).status_code == 201


def workspace_grant(tenant: Tenant, role: str) -> dict[str, Any]:
    return {"roleId": ROLE[role], "resources": [{"id": tenant.workspace_id, "type": "WORKSPACE"}]}


def group_events(api: Api, group_id: str) -> list[str]:
    return [e["type"] for e in reversed(audit_events(api, resourceId=group_id))]


class TestCreateUserGroup:
    def test_creates_an_empty_group(self, api: Api) -> None:
        group = create_group(api, "Data team")
        assert set(group) == {"id", "name", "memberCount", "permissions"}
        assert (group["name"], group["memberCount"], group["permissions"]) == ("Data team", 0, [])
        assert group_events(api, group["id"]) == ["User Group Created"]

    @pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": 7}, {"name": "x" * 256}])
    def test_needs_a_name(self, api: Api, body: dict[str, Any]) -> None:
        assert invalid_fields(api.post("/groups", json=body)) == ["name"]

    def test_read_only_token_is_refused(self, readonly_api: Api) -> None:
        error(readonly_api.post("/groups", json={"name": "x"}), 403, "forbidden")

    def test_needs_a_valid_token(self, client: Api) -> None:
        error(client.post("/groups", json={"name": "x"}), 401, "unauthorized")


class TestListUserGroups:
    def test_pages_with_counts_and_permissions(
        self, api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        made = [create_group(api, f"G{i}") for i in range(3)]
        invite(api, "ada@example.com")
        add_members(api, made[1]["id"], "ada@example.com", owner_email(tenant))
        grant = {"permissions": [workspace_grant(tenant, "Warehouse Admin")]}
        data(api.post(f"/groups/{made[2]['id']}/permissions", json=grant))
        groups = walk(api, "/groups", "userGroups", 2)
        assert [(g["name"], g["memberCount"]) for g in groups] == [("G0", 0), ("G1", 2), ("G2", 0)]
        assert [p["roleName"] for p in groups[2]["permissions"]] == ["Warehouse Admin"]
        assert walk(other_api, "/groups", "userGroups", 5) == []

    def test_read_only_token_may_list(self, api: Api, readonly_api: Api) -> None:
        create_group(api)
        assert len(walk(readonly_api, "/groups", "userGroups", 5)) == 1

    def test_needs_pagination(self, api: Api) -> None:
        assert invalid_fields(api.get("/groups")) == ["pagination.count"]


class TestGetUserGroup:
    def test_returns_the_group(self, api: Api) -> None:
        group = create_group(api)
        assert get_group(api, group["id"]) == group

    def test_unknown_is_404(self, api: Api) -> None:
        assert UNKNOWN_ID in error(api.get(f"/groups/{UNKNOWN_ID}"), 404, "not-found")["message"]

    def test_another_workspaces_group_is_404(self, api: Api, other_api: Api) -> None:
        error(other_api.get(f"/groups/{create_group(api)['id']}"), 404, "not-found")


class TestUpdateUserGroup:
    def test_renames(self, api: Api) -> None:
        group = create_group(api, "Old")
        renamed = data(api.patch(f"/groups/{group['id']}", json={"name": "New"}))["userGroup"]
        assert renamed == {**group, "name": "New"}
        assert get_group(api, group["id"])["name"] == "New"
        assert group_events(api, group["id"]) == ["User Group Created", "User Group Updated"]

    def test_same_name_changes_nothing(self, api: Api) -> None:
        group = create_group(api, "Same")
        data(api.patch(f"/groups/{group['id']}", json={"name": "Same"}))
        assert group_events(api, group["id"]) == ["User Group Created"]

    def test_needs_a_name(self, api: Api) -> None:
        group = create_group(api)
        assert invalid_fields(api.patch(f"/groups/{group['id']}", json={})) == ["name"]

    def test_another_workspaces_group_is_404(self, api: Api, other_api: Api) -> None:
        group = create_group(api)
        error(other_api.patch(f"/groups/{group['id']}", json={"name": "x"}), 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        group = create_group(api)
        error(readonly_api.patch(f"/groups/{group['id']}", json={"name": "x"}), 403, "forbidden")


class TestDeleteUserGroup:
    def test_deletes_the_group_and_its_memberships(self, api: Api, tenant: Tenant) -> None:
        group = create_group(api)
        add_members(api, group["id"], owner_email(tenant))
        assert data(api.delete(f"/groups/{group['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"/groups/{group['id']}"), 404, "not-found")
        owner = walk(api, "/users", "users", 5)[0]
        assert walk(api, f"/users/{owner['id']}/groups", "groups", 5) == []
        assert group_events(api, group["id"])[-1] == "User Group Deleted"

    def test_a_group_holding_the_last_owner_stays(self, api: Api, tenant: Tenant) -> None:
        group = create_group(api)
        add_members(api, group["id"], owner_email(tenant))
        grant = {"permissions": [workspace_grant(tenant, "Workspace Owner")]}
        data(api.put(f"/groups/{group['id']}/permissions", json=grant))
        owner = walk(api, "/users", "users", 5)[0]
        # the owner now holds the role only through the group
        data(api.put(f"/users/{owner['id']}/permissions", json={"permissions": []}))
        error(api.delete(f"/groups/{group['id']}"), 422, "failed-precondition")
        url = f"/group/{group['id']}/users"
        error(api.delete(url, params={"emails[]": owner_email(tenant)}), 422, "failed-precondition")
        error(api.put(url, json={"emails": []}), 422, "failed-precondition")
        assert get_group(api, group["id"])["memberCount"] == 1

    def test_unknown_is_404(self, api: Api) -> None:
        error(api.delete(f"/groups/{UNKNOWN_ID}"), 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        error(readonly_api.delete(f"/groups/{create_group(api)['id']}"), 403, "forbidden")


class TestAddUsersToUserGroup:
    def test_adds_users_and_invitees(self, client: Api, api: Api, tenant: Tenant) -> None:
        member = new_member(client, api, tenant)
        invite(api, "ada@example.com")
        group = create_group(api)
        added = add_members(api, group["id"], member.email, "ADA@example.com")
        assert added["memberCount"] == 2
        assert add_members(api, group["id"], member.email)["memberCount"] == 2
        assert member_users(api, group["id"]) == [member.email]
        assert member_invitees(api, group["id"]) == ["ada@example.com"]
        assert group_events(api, group["id"]) == ["User Group Created", "Subjects Added to Group"]

    def test_every_address_must_be_a_user_or_invited(self, api: Api, tenant: Tenant) -> None:
        group = create_group(api)
        body = {"emails": [owner_email(tenant), "stranger@example.com", "nope"]}
        response = api.post(f"/groups/{group['id']}/users", json=body)
        assert invalid_fields(response) == ["emails[1]", "emails[2]"]
        assert get_group(api, group["id"])["memberCount"] == 0

    def test_needs_emails(self, api: Api) -> None:
        group = create_group(api)
        assert invalid_fields(api.post(f"/groups/{group['id']}/users", json={})) == ["emails"]

    def test_another_workspaces_group_is_404(
        self, api: Api, other_api: Api, tenant: Tenant
    ) -> None:
        group = create_group(api)
        body = {"emails": [owner_email(tenant)]}
        error(other_api.post(f"/groups/{group['id']}/users", json=body), 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api, tenant: Tenant) -> None:
        group = create_group(api)
        body = {"emails": [owner_email(tenant)]}
        error(readonly_api.post(f"/groups/{group['id']}/users", json=body), 403, "forbidden")


class TestListUsersFromUserGroup:
    def test_pages_through_the_members_who_are_users(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        members = [new_member(client, api, tenant).email for _ in range(3)]
        invite(api, "ada@example.com")
        group = create_group(api)
        add_members(api, group["id"], *members, "ada@example.com")
        users = walk(api, f"/groups/{group['id']}/users", "users", 2)
        assert [u["email"] for u in users] == members
        assert all(set(u) == {"id", "name", "email"} for u in users)

    def test_unknown_group_is_404(self, api: Api) -> None:
        response = api.get(f"/groups/{UNKNOWN_ID}/users", params={"pagination.count": 5})
        error(response, 404, "not-found")

    def test_needs_pagination(self, api: Api) -> None:
        group = create_group(api)
        assert invalid_fields(api.get(f"/groups/{group['id']}/users")) == ["pagination.count"]


class TestListInvitesFromUserGroup:
    def test_lists_members_not_yet_users_until_they_accept(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        invite(api, "ada@example.com", "grace@example.com", "alan@example.com")
        group = create_group(api)
        add_members(api, group["id"], "grace@example.com", "ada@example.com", owner_email(tenant))
        assert walk(api, f"/groups/{group['id']}/invites", "emails", 1) == [
            "grace@example.com",
            "ada@example.com",
        ]
        user_token(client, tenant, "ada@example.com")
        assert member_invitees(api, group["id"]) == ["grace@example.com"]
        assert member_users(api, group["id"]) == [owner_email(tenant), "ada@example.com"]

    def test_unknown_group_is_404(self, api: Api) -> None:
        response = api.get(f"/groups/{UNKNOWN_ID}/invites", params={"pagination.count": 5})
        error(response, 404, "not-found")


class TestReplaceUsersInUserGroup:
    def test_replaces_the_members(self, api: Api, tenant: Tenant) -> None:
        invite(api, "ada@example.com", "grace@example.com")
        group = create_group(api)
        add_members(api, group["id"], "ada@example.com", owner_email(tenant))
        body = {"emails": ["grace@example.com", owner_email(tenant)]}
        replaced = data(api.put(f"/group/{group['id']}/users", json=body))["userGroup"]
        assert replaced["memberCount"] == 2
        assert member_invitees(api, group["id"]) == ["grace@example.com"]
        assert member_users(api, group["id"]) == [owner_email(tenant)]
        assert group_events(api, group["id"])[-2:] == [
            "Subjects Added to Group",
            "Group Memberships Deleted",
        ]

    def test_every_address_must_be_a_user_or_invited(self, api: Api) -> None:
        group = create_group(api)
        response = api.put(f"/group/{group['id']}/users", json={"emails": ["x@example.com"]})
        assert invalid_fields(response) == ["emails[0]"]

    def test_unknown_group_is_404(self, api: Api) -> None:
        error(api.put(f"/group/{UNKNOWN_ID}/users", json={"emails": []}), 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        group = create_group(api)
        error(
            readonly_api.put(f"/group/{group['id']}/users", json={"emails": []}), 403, "forbidden"
        )


class TestRemoveUsersFromUserGroup:
    def test_removes_by_email(self, api: Api, tenant: Tenant) -> None:
        invite(api, "ada@example.com", "grace@example.com")
        group = create_group(api)
        add_members(api, group["id"], "ada@example.com", "grace@example.com", owner_email(tenant))
        query = "emails[0]=ada@example.com&emails[1]=" + owner_email(tenant)
        assert data(api.delete(f"/group/{group['id']}/users?{query}")) == {"status": "SUCCESS"}
        assert member_invitees(api, group["id"]) == ["grace@example.com"]
        assert member_users(api, group["id"]) == []
        assert group_events(api, group["id"])[-1] == "Group Memberships Deleted"

    def test_all_or_nothing_when_an_address_is_not_a_member(self, api: Api) -> None:
        invite(api, "ada@example.com")
        group = create_group(api)
        add_members(api, group["id"], "ada@example.com")
        response = api.delete(
            f"/group/{group['id']}/users",
            params={"emails[0]": "ada@example.com", "emails[1]": "no@example.com"},
        )
        assert "no@example.com" in error(response, 404, "not-found")["message"]
        assert get_group(api, group["id"])["memberCount"] == 1

    def test_emails_are_required(self, api: Api) -> None:
        group = create_group(api)
        assert invalid_fields(api.delete(f"/group/{group['id']}/users")) == ["emails"]

    def test_unknown_group_is_404(self, api: Api) -> None:
        response = api.delete(f"/group/{UNKNOWN_ID}/users", params={"emails[]": "a@b.c"})
        error(response, 404, "not-found")

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        group = create_group(api)
        response = readonly_api.delete(f"/group/{group['id']}/users", params={"emails[]": "a@b.c"})
        error(response, 403, "forbidden")


class TestUserGroupPermissions:
    def test_add_then_replace(self, api: Api, tenant: Tenant) -> None:
        source = create_source(api)
        group = create_group(api)
        url = f"/groups/{group['id']}/permissions"
        source_admin = {
            "roleId": ROLE["Source Admin"],
            "resources": [{"id": source["id"], "type": "SOURCE"}],
        }
        held = data(api.post(url, json={"permissions": [source_admin]}))["permissions"]
        assert held == [
            {
                "roleId": ROLE["Source Admin"],
                "roleName": "Source Admin",
                "resources": [{"id": source["id"], "type": "SOURCE", "labels": []}],
            }
        ]
        more = {"permissions": [workspace_grant(tenant, "Functions Read-only")]}
        held = data(api.post(url, json=more))["permissions"]
        assert [p["roleName"] for p in held] == ["Source Admin", "Functions Read-only"]
        assert get_group(api, group["id"])["permissions"] == held
        replaced = data(api.put(url, json=more))["permissions"]
        assert [p["roleName"] for p in replaced] == ["Functions Read-only"]
        assert get_group(api, group["id"])["permissions"] == replaced
        events = group_events(api, group["id"])
        assert events.count("User Group Policy Updated") == 3

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_validation(self, api: Api, method: str) -> None:
        group = create_group(api)
        body = {"permissions": [{"roleId": "nope", "resources": []}]}
        response = api.request(method, f"/groups/{group['id']}/permissions", json=body)
        assert invalid_fields(response) == ["permissions[0].roleId"]

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_unknown_group_is_404(self, api: Api, method: str) -> None:
        response = api.request(
            method, f"/groups/{UNKNOWN_ID}/permissions", json={"permissions": []}
        )
        error(response, 404, "not-found")

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api, method: str) -> None:
        group = create_group(api)
        url = f"/groups/{group['id']}/permissions"
        error(readonly_api.request(method, url, json={"permissions": []}), 403, "forbidden")
