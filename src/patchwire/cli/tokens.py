"""``patchwire tokens``: issue (shown once), list and revoke API tokens."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.cli import output, store
from patchwire.core.auth import Role
from patchwire.resources.iam import invites
from patchwire.resources.tokens import service
from patchwire.resources.workspaces import service as workspaces
from patchwire.settings import load_settings

tokens_app = typer.Typer(no_args_is_help=True, help="Manage API tokens.")

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", envvar="PATCHWIRE_DATABASE_URL")]


@tokens_app.command("create")
def create(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace slug")],
    role: Annotated[Role, typer.Option(help="owner or read-only")] = Role.OWNER,
    description: Annotated[str, typer.Option(help="What the token is for")] = "",
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="Email of a user (or invitee, who becomes a user) the token acts as; "
            "it then has that user's permissions, never above --role",
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Issue a token and print only the token (scripts capture it); it is not shown again."""

    async def work(session: AsyncSession) -> str:
        ws = await workspaces.get_by_slug(session, workspace)
        member = await invites.accept(session, ws.id, ws.slug, user) if user else None
        return (await service.issue(session, ws, role, description, user=member)).secret

    with output.expected_errors():
        secret = store.run(load_settings(database_url=database_url), work)
    typer.echo(secret)


@tokens_app.command("list")
def list_(
    workspace: Annotated[str | None, typer.Option(help="Only this workspace (slug)")] = None,
    database_url: DatabaseUrl = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List tokens (never their secrets)."""

    async def work(session: AsyncSession) -> list[dict[str, Any]]:
        ws_id = (await workspaces.get_by_slug(session, workspace)).id if workspace else None
        slugs = {w.id: w.slug for w in await workspaces.list_all(session)}
        return [
            {
                "id": t.id,
                "workspace": slugs.get(t.workspace_id, t.workspace_id),
                "role": t.role,
                "user": t.user_id,
                "description": t.description,
                "createdAt": t.created_at.isoformat(),
                "revokedAt": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in await service.list_tokens(session, ws_id)
        ]

    with output.expected_errors():
        rows = store.run(load_settings(database_url=database_url), work)
    columns = ["id", "workspace", "role", "user", "description", "createdAt", "revokedAt"]
    output.emit_rows(json, "Tokens", columns, rows)


@tokens_app.command("revoke")
def revoke(token_id: str, database_url: DatabaseUrl = None) -> None:
    """Revoke a token by id; requests with it get 401 from then on."""

    async def work(session: AsyncSession) -> None:
        await service.revoke(session, token_id)

    with output.expected_errors():
        store.run(load_settings(database_url=database_url), work)
    output.note(f"Revoked token {token_id}")
