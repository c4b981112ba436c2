"""IAM invites: createInvites (201, many at once), listInvites, deleteInvites; accepting."""

from __future__ import annotations

from typing import Any

from tests.factories import create_label, create_source, label_ref
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, owner_email, user_token
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk


def invite(api: Api, *invites: dict[str, Any]) -> list[str]:
    emails: list[str] = data(api.post("/invites", json={"invites": list(invites)}), 201)["emails"]
    return emails


def invited(api: Api) -> list[Any]:
    return walk(api, "/invites", "invites", 200)


def user_by_email(api: Api, email: str) -> dict[str, Any]:
    users = walk(api, "/users", "users", 200)
    return next(u for u in users if u["email"] == email)


class TestCreateInvites:
    def test_invites_many_addresses(self, api: Api) -> None:
        emails = ["ada@example.com", "grace@example.com", "alan@example.com"]
        assert invite(api, *({"email": e} for e in emails)) == emails
        assert invited(api) == emails
        events = audit_events(api, resourceType="invite")
        assert sorted(e["resourceName"] for e in events) == sorted(emails)
        assert {e["type"] for e in events} == {"Non-Segment User Invited to Workspace"}

    def test_addresses_are_compared_without_case(self, api: Api) -> None:
        assert invite(api, {"email": "  Ada@Example.COM "}) == ["ada@example.com"]
        response = api.post("/invites", json={"invites": [{"email": "ADA@example.com"}]})
        error(response, 409, "conflict")

    def test_accepting_makes_a_user_with_the_invites_permissions(
        self, client: Api, api: Api, tenant: Tenant
    ) -> None:
        source = create_source(api)
        label = create_label(api)
        permissions = [
            {"roleId": ROLE["Source Admin"], "resources": [{"id": source["id"], "type": "SOURCE"}]},
            {"roleId": ROLE["Tracking Plan Read-only"]},
            {"roleId": ROLE["Source Read-only"], "labels": [label_ref(label)]},
        ]
        invite(api, {"email": "ada@example.com", "permissions": permissions})
        token = user_token(client, tenant, "ada@example.com")
        assert invited(api) == []
        user = user_by_email(api, "ada@example.com")
        assert [(p["roleName"], p["resources"]) for p in user["permissions"]] == [
            ("Source Admin", [{"id": source["id"], "type": "SOURCE", "labels": []}]),
            (
                "Tracking Plan Read-only",
                [{"id": tenant.workspace_id, "type": "WORKSPACE", "labels": []}],
            ),
            (
                "Source Read-only",
                [
                    {
                        "id": tenant.workspace_id,
                        "type": "WORKSPACE",
                        "labels": [{"key": label["key"], "value": label["value"]}],
                    }
                ],
            ),
        ]
        me = client.as_token(token)
        assert data(me.get(f"/sources/{source['id']}"))["source"]["id"] == source["id"]

    def test_an_existing_user_is_a_conflict(self, api: Api, tenant: Tenant) -> None:
        body = {"invites": [{"email": "new@example.com"}, {"email": owner_email(tenant)}]}
        entry = error(api.post("/invites", json=body), 409, "conflict")
        assert owner_email(tenant) in entry["message"]
        assert invited(api) == []

    def test_an_address_invited_already_is_a_conflict(self, api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        body = {"invites": [{"email": "grace@example.com"}, {"email": "ada@example.com"}]}
        assert (
            "ada@example.com" in error(api.post("/invites", json=body), 409, "conflict")["message"]
        )
        assert invited(api) == ["ada@example.com"]

    def test_the_same_address_in_another_workspace_is_fine(self, api: Api, other_api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        assert invite(other_api, {"email": "ada@example.com"}) == ["ada@example.com"]

    def test_each_bad_field_is_named(self, api: Api) -> None:
        body = {
            "invites": [
                {"email": "ok@example.com"},
                {"email": "not-an-address"},
                {"email": "ok@example.com"},
            ]
        }
        assert invalid_fields(api.post("/invites", json=body)) == [
            "invites[1].email",
            "invites[2].email",
        ]
        bad_role = {"invites": [{"email": "a@example.com", "permissions": [{"roleId": "nope"}]}]}
        assert invalid_fields(api.post("/invites", json=bad_role)) == [
            "invites[0].permissions[0].roleId"
        ]
        assert invalid_fields(api.post("/invites", json={"invites": []})) == ["invites"]
        assert invalid_fields(api.post("/invites", json={"invites": [{}]})) == ["invites[0].email"]
        assert invited(api) == []

    def test_read_only_token_is_refused(self, readonly_api: Api) -> None:
        body = {"invites": [{"email": "ada@example.com"}]}
        error(readonly_api.post("/invites", json=body), 403, "forbidden")

    def test_needs_a_valid_token(self, client: Api) -> None:
        body = {"invites": [{"email": "ada@example.com"}]}
        error(client.post("/invites", json=body), 401, "unauthorized")


class TestListInvites:
    def test_pages_through_the_emails(self, api: Api, other_api: Api) -> None:
        emails = [f"user{i}@example.com" for i in range(5)]
        invite(api, *({"email": e} for e in emails))
        first = data(api.get("/invites", params={"pagination[count]": 2}))
        assert first["invites"] == emails[:2]
        assert first["pagination"]["totalEntries"] == 5
        assert walk(api, "/invites", "invites", 2) == emails
        assert invited(other_api) == []

    def test_read_only_token_may_list(self, api: Api, readonly_api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        assert invited(readonly_api) == ["ada@example.com"]

    def test_needs_pagination(self, api: Api) -> None:
        assert invalid_fields(api.get("/invites")) == ["pagination.count"]


class TestDeleteInvites:
    def test_deletes_many_by_email(self, api: Api) -> None:
        invite(api, *({"email": f"user{i}@example.com"} for i in range(3)))
        query = "emails[0]=user0@example.com&emails[1]=USER2@example.com"
        assert data(api.delete(f"/invites?{query}")) == {"status": "SUCCESS"}
        assert invited(api) == ["user1@example.com"]
        deleted = [
            e for e in audit_events(api, resourceType="invite") if e["type"] == "Invite Deleted"
        ]
        assert sorted(e["resourceName"] for e in deleted) == [
            "user0@example.com",
            "user2@example.com",
        ]

    def test_invitees_leave_their_groups(self, api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        group = data(api.post("/groups", json={"name": "Team"}))["userGroup"]
        data(api.post(f"/groups/{group['id']}/users", json={"emails": ["ada@example.com"]}))
        data(api.delete("/invites", params={"emails[]": "ada@example.com"}))
        assert data(api.get(f"/groups/{group['id']}"))["userGroup"]["memberCount"] == 0

    def test_all_or_nothing_when_an_address_is_not_invited(self, api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        response = api.delete(
            "/invites", params={"emails[0]": "ada@example.com", "emails[1]": "no@example.com"}
        )
        assert "no@example.com" in error(response, 404, "not-found")["message"]
        assert invited(api) == ["ada@example.com"]

    def test_another_workspaces_invite_is_404(self, api: Api, other_api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        error(
            other_api.delete("/invites", params={"emails[]": "ada@example.com"}), 404, "not-found"
        )
        assert invited(api) == ["ada@example.com"]

    def test_emails_are_required(self, api: Api) -> None:
        assert invalid_fields(api.delete("/invites")) == ["emails"]

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        invite(api, {"email": "ada@example.com"})
        response = readonly_api.delete("/invites", params={"emails[]": "ada@example.com"})
        error(response, 403, "forbidden")
