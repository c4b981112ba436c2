"""Factories: a fresh workspace with an owner and a read-only token, made through the
services in the running app's own event loop (operators make these; there is no API)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from patchwire.core.auth import Role
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.resources.tokens import service as tokens
from patchwire.resources.workspaces import service as workspaces
from tests.support.api import Api


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
