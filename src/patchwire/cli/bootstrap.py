"""First start: migrate, and on an empty store create ``my-workspace`` and its owner token."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.cli import output, store
from patchwire.core.auth import Role
from patchwire.resources.tokens import service as tokens
from patchwire.resources.workspaces import service as workspaces
from patchwire.settings import Settings


def bootstrap(settings: Settings, host: str, port: int) -> None:
    slug = settings.bootstrap_workspace

    async def work(session: AsyncSession) -> str | None:
        if not slug or await workspaces.count(session) > 0:
            return None
        workspace = await workspaces.create(session, slug, "My Workspace")
        issued = await tokens.issue(session, workspace, Role.OWNER, "bootstrap owner token")
        return issued.secret

    secret = store.run(settings, work)
    if secret is None:
        return
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    output.note(
        f"Created workspace '{slug}'. Its owner token is shown only this once:\n\n"
        f"    {secret}\n\n"
        f"Try it:\n\n"
        f"    curl -H 'Authorization: Bearer {secret}' http://{shown}:{port}/\n"
    )
