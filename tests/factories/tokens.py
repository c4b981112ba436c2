"""API tokens: operators make and revoke them (CLI), so these call the services directly,
in the running app's own event loop."""

from __future__ import annotations

from patchwire.core.auth import Role
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.db.models import Workspace
from patchwire.resources.tokens import service as tokens
from tests.support.api import Api


def issue_token(client: Api, workspace_id: str, role: Role = Role.OWNER) -> str:
    """A new token for the workspace; returns its secret."""

    async def work() -> str:
        async with client.runtime.sessions() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            workspace = await session.get(Workspace, workspace_id)
            assert workspace is not None
            issued = await tokens.issue(session, workspace, role, "factory token")
            await session.commit()
            return issued.secret

    return client.run(work)


def revoke_token(client: Api, secret: str) -> None:
    """Revoke the token whose secret is ``secret`` (the CLI's ``tokens revoke``)."""

    async def work() -> None:
        async with client.runtime.sessions() as session:
            await session.connection(execution_options=WRITE_TRANSACTION)
            principal = await tokens.authenticate(session, secret)
            await tokens.revoke(session, principal.token_id)
            await session.commit()

    client.run(work)
