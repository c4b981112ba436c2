"""Factories: a fresh workspace with an owner and a read-only token, made through the
services in the running app's own event loop (operators make these; there is no API)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from patchwire.core.auth import Role
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.resources.iam import invites
from patchwire.resources.tokens import service as tokens
from patchwire.resources.workspaces import service as workspaces
from tests.support.api import Api

ROLE = {
    "Workspace Owner": "1WDUuRLxv84rrfCNUwvkrRtkxnS",
    "Workspace Member": "p1unEAkwFL06npaZ6G9MtxczvY1",
    "Source Admin": "BGP6whMK5BzwHIQUr2Fx0S6GoFs",
    "Source Read-only": "n2o3tTBABaKIBcosVEfv3h1PYMZ",
    "Tracking Plan Admin": "yTH0jffQMYyH09o1CrLRAdIRkzg",
    "Tracking Plan Read-only": "kRvjky5HbQ07RaoNeY0013DE1bX",
    "Functions Admin": "kbfkoqsfzs94uTGARNwomstesWg",
    "Functions Read-only": "6CiS9JbCnN7WKfxwFyZ4eQ5SNWI",
    "Warehouse Admin": "Mk2cHNwRXvrEO3mdEHmbqOP9M9h",
    "Warehouse Read-only": "44ynxhTjrJfxRt3z0XFU5cMMqyD",
}
"""The role catalog's ids, pinned: they are part of the contract and never change."""


@dataclass(frozen=True)
class Tenant:
    workspace_id: str
    slug: str
    owner_token: str
    readonly_token: str


def new_tenant(client: Api) -> Tenant:
    slug = f"ws-{secrets.token_hex(5)}"

    async def work() -> Tenant:
        async with client.runtime.sessions() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            ws = await workspaces.create(session, slug, f"Workspace {slug}")
            owner = await tokens.issue(session, ws, Role.OWNER, "test owner")
            reader = await tokens.issue(session, ws, Role.READ_ONLY, "test reader")
            await session.commit()
            return Tenant(ws.id, slug, owner.secret, reader.secret)

    return client.run(work)


def owner_email(tenant: Tenant) -> str:
    """The email of the owner user every workspace is created with (no --owner-email)."""
    return f"owner@{tenant.slug}.invalid"


def user_token(client: Api, tenant: Tenant, email: str, role: Role = Role.OWNER) -> str:
    """A token acting as the user with ``email``, issued as ``patchwire tokens create
    --user EMAIL`` issues it (an invitee is made a user, with the invite's permissions)."""

    async def work() -> str:
        async with client.runtime.sessions() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            ws = await workspaces.get_by_slug(session, tenant.slug)
            user = await invites.accept(session, ws.id, ws.slug, email)
            issued = await tokens.issue(session, ws, role, f"test user {email}", user=user)
            await session.commit()
            return issued.secret

    return client.run(work)


@dataclass(frozen=True)
class Member:
    email: str
    token: str


def new_member(
    client: Api, owner: Api, tenant: Tenant, permissions: list[dict[str, Any]] | None = None
) -> Member:
    """Invite a fresh address with ``permissions`` (createInvites, as ``owner``), then issue
    a token acting as the new user."""
    email = f"member-{secrets.token_hex(4)}@example.com"
    invite: dict[str, Any] = {"email": email}
    if permissions is not None:
        invite["permissions"] = permissions
    response = owner.post("/invites", json={"invites": [invite]})
    assert response.status_code == 201, response.text
    return Member(email, user_token(client, tenant, email))
