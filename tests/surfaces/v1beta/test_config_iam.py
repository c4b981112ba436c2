"""Config API roles, invites and role policies, over the IAM services."""

from __future__ import annotations

from tests.support.api import Api
from tests.support.tenants import Tenant
from tests.surfaces.v1beta.test_config_api import config_error, ok


class TestRoles:
    def test_lists_the_role_catalog(self, api: Api, tenant: Tenant) -> None:
        page = ok(api.get(f"/v1beta/workspaces/{tenant.slug}/roles/"))
        names = [r["display_name"] for r in page["roles"]]
        assert "Workspace Owner" in names
        assert "Source Read-only" in names
        assert all(r["name"].startswith(f"workspaces/{tenant.slug}/roles/") for r in page["roles"])
        assert page["next_page_token"] == ""

    def test_other_workspace_and_read_only(
        self, other_api: Api, readonly_api: Api, tenant: Tenant
    ) -> None:
        config_error(other_api.get(f"/v1beta/workspaces/{tenant.slug}/roles"), 404, 5)
        # a read-only workspace token reads everything, roles included
        assert ok(readonly_api.get(f"/v1beta/workspaces/{tenant.slug}/roles"))["roles"]


class TestInvites:
    def test_create_list_delete_round_trip(self, api: Api, tenant: Tenant) -> None:
        base = f"/v1beta/workspaces/{tenant.slug}/invites"
        made = ok(api.post(base, json={"invite": {"email": "Someone@Example.com"}}))
        assert made["email"] == "someone@example.com"
        assert made["name"].startswith(f"workspaces/{tenant.slug}/invites/")
        assert [i["email"] for i in ok(api.get(base))["invites"]] == ["someone@example.com"]
        public = api.get("/invites", params={"pagination.count": 10}).json()["data"]["invites"]
        assert public == ["someone@example.com"]
        config_error(api.post(base, json={"invite": {"email": "someone@example.com"}}), 409, 6)
        invite_id = made["name"].rsplit("/", 1)[-1]
        assert ok(api.delete(f"{base}/{invite_id}")) == {}
        assert ok(api.get(base))["invites"] == []
        config_error(api.delete(f"{base}/{invite_id}"), 404, 5)

    def test_bad_input(self, api: Api, tenant: Tenant) -> None:
        base = f"/v1beta/workspaces/{tenant.slug}/invites"
        config_error(api.post(base, json={}), 400, 3)
        config_error(api.post(base, json={"invite": {"email": "not an email"}}), 400, 3)

    def test_read_only_cannot_invite(self, readonly_api: Api, tenant: Tenant) -> None:
        response = readonly_api.post(
            f"/v1beta/workspaces/{tenant.slug}/invites", json={"invite": {"email": "a@b.co"}}
        )
        config_error(response, 403, 7)


def test_role_policies_point_to_the_public_api(api: Api, tenant: Tenant) -> None:
    response = api.get(f"/v1beta/workspaces/{tenant.slug}/roles/-/policies/")
    body = config_error(response, 501, 12)
    assert "permissions" in body["message"]
