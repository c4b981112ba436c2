"""The workspace owner user, and the operator commands around users: ``workspaces create
--owner-email`` and ``tokens create --user``. Workspaces made before users existed get their
owner the first time it is needed: shown by reads (which never write), stored by the first
IAM write."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from patchwire.cli.main import app
from patchwire.core.auth import Role
from patchwire.core.ids import new_id
from patchwire.db.base import utcnow
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.db.models import User, Workspace
from patchwire.resources.tokens import service as tokens
from tests.factories import create_source
from tests.support.api import Api
from tests.support.tenants import ROLE, Tenant, user_token
from tests.surfaces.public.expect import data, error, walk


def users(api: Api) -> list[dict[str, Any]]:
    return walk(api, "/users", "users", 50)


def stored_users(client: Api, workspace_id: str) -> int:
    async def work() -> int:
        async with client.runtime.sessions() as session:
            stmt = select(func.count()).select_from(User).where(User.workspace_id == workspace_id)
            return int((await session.execute(stmt)).scalar_one())

    return client.run(work)


def legacy_workspace(client: Api) -> tuple[Tenant, Api]:
    """A workspace as Patchwire made them before users existed: no users at all."""
    slug = f"old-{secrets.token_hex(4)}"

    async def work() -> Tenant:
        async with client.runtime.sessions() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            workspace = Workspace(id=new_id(), slug=slug, name=slug, created_at=utcnow())
            session.add(workspace)
            await session.flush()
            owner = await tokens.issue(session, workspace, Role.OWNER, "old owner token")
            reader = await tokens.issue(session, workspace, Role.READ_ONLY, "old reader")
            await session.commit()
            return Tenant(workspace.id, slug, owner.secret, reader.secret)

    tenant = client.run(work)
    return tenant, client.as_token(tenant.owner_token)


class TestOwnerOfANewWorkspace:
    def test_is_made_with_the_workspace(self, client: Api, api: Api, tenant: Tenant) -> None:
        [owner] = users(api)
        assert (owner["name"], owner["email"]) == (
            "Workspace Owner",
            f"owner@{tenant.slug}.invalid",
        )
        assert [p["roleId"] for p in owner["permissions"]] == [ROLE["Workspace Owner"]]
        assert stored_users(client, tenant.workspace_id) == 1

    def test_its_token_acts_as_the_owner(self, client: Api, api: Api, tenant: Tenant) -> None:
        owner = client.as_token(user_token(client, tenant, f"owner@{tenant.slug}.invalid"))
        source = create_source(owner)
        assert data(owner.get(f"/sources/{source['id']}"))["source"]["id"] == source["id"]
        assert len(users(owner)) == 1


class TestOwnerOfAnOlderWorkspace:
    def test_reads_show_the_owner_without_storing_it(self, client: Api) -> None:
        tenant, api = legacy_workspace(client)
        [owner] = users(api)
        assert owner["email"] == f"owner@{tenant.slug}.invalid"
        assert owner["name"] == "Workspace Owner"
        assert data(api.get(f"/users/{owner['id']}"))["user"] == owner
        assert walk(api, f"/users/{owner['id']}/groups", "groups", 5) == []
        assert users(client.as_token(tenant.readonly_token)) == [owner]
        assert stored_users(client, tenant.workspace_id) == 0

    def test_the_first_iam_write_stores_the_same_owner(self, client: Api) -> None:
        tenant, api = legacy_workspace(client)
        [shown] = users(api)
        data(api.post("/groups", json={"name": "Team"}))
        assert stored_users(client, tenant.workspace_id) == 1
        assert users(api) == [shown]

    def test_the_owner_cannot_be_deleted_or_invited(self, client: Api) -> None:
        _, api = legacy_workspace(client)
        [owner] = users(api)
        response = api.delete("/users", params={"userIds[]": owner["id"]})
        error(response, 422, "failed-precondition")
        body = {"invites": [{"email": owner["email"]}]}
        error(api.post("/invites", json=body), 409, "conflict")

    def test_a_token_for_the_owner_stores_it(self, client: Api) -> None:
        tenant, api = legacy_workspace(client)
        [shown] = users(api)
        token = user_token(client, tenant, shown["email"])
        assert users(client.as_token(token)) == [shown]
        assert stored_users(client, tenant.workspace_id) == 1


@pytest.fixture
def cli(database_url: str, client: Api) -> Any:
    """Run ``patchwire`` against the test store (the running server's database)."""
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, [*args, "--database-url", database_url])

    return run


class TestOperatorCommands:
    def test_workspaces_create_takes_the_owner_email(self, cli: Any, client: Api) -> None:
        slug = f"cli-{secrets.token_hex(4)}"
        made = cli("workspaces", "create", slug, "--owner-email", "Boss@Example.com", "--json")
        assert made.exit_code == 0, made.output
        token = cli("tokens", "create", "--workspace", slug, "--user", "boss@example.com")
        assert token.exit_code == 0, token.output
        boss = client.as_token(token.stdout.strip())
        [owner] = users(boss)
        assert owner["email"] == "boss@example.com"
        assert create_source(boss)["workspaceId"] == owner["permissions"][0]["resources"][0]["id"]

    def test_workspaces_create_refuses_a_bad_owner_email(self, cli: Any) -> None:
        slug = f"cli-{secrets.token_hex(4)}"
        refused = cli("workspaces", "create", slug, "--owner-email", "not an address")
        assert refused.exit_code == 1
        assert "not an email address" in refused.output

    def test_tokens_create_for_an_invitee_accepts_the_invite(
        self, cli: Any, client: Api, api: Api, tenant: Tenant
    ) -> None:
        source = create_source(api)
        grant = {
            "roleId": ROLE["Source Read-only"],
            "resources": [{"id": source["id"], "type": "SOURCE"}],
        }
        body = {"invites": [{"email": "ada@example.com", "permissions": [grant]}]}
        assert api.post("/invites", json=body).status_code == 201
        issued = cli("tokens", "create", "--workspace", tenant.slug, "--user", "ada@example.com")
        assert issued.exit_code == 0, issued.output
        ada = client.as_token(issued.stdout.strip())
        assert data(ada.get(f"/sources/{source['id']}"))["source"]["id"] == source["id"]
        error(ada.patch(f"/sources/{source['id']}", json={"name": "x"}), 403, "forbidden")
        assert walk(api, "/invites", "invites", 5) == []
        listed = cli("tokens", "list", "--workspace", tenant.slug, "--json")
        ada_id = next(u["id"] for u in users(api) if u["email"] == "ada@example.com")
        assert ada_id in listed.stdout

    def test_tokens_create_for_a_stranger_fails(self, cli: Any, tenant: Tenant) -> None:
        refused = cli("tokens", "create", "--workspace", tenant.slug, "--user", "who@example.com")
        assert refused.exit_code == 1
        assert "No user or invite" in refused.output
