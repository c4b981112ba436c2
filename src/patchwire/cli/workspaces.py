"""``patchwire workspaces``: create and list tenants."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.cli import output, store
from patchwire.resources.workspaces import service
from patchwire.settings import load_settings

workspaces_app = typer.Typer(no_args_is_help=True, help="Manage workspaces.")

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", envvar="PATCHWIRE_DATABASE_URL")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _row(w: Any) -> dict[str, Any]:
    return {"id": w.id, "slug": w.slug, "name": w.name, "createdAt": w.created_at.isoformat()}


@workspaces_app.command("create")
def create(
    slug: str,
    name: Annotated[str | None, typer.Option(help="Display name")] = None,
    owner_email: Annotated[
        str | None,
        typer.Option("--owner-email", help="Email of its owner user (default owner@SLUG.invalid)"),
    ] = None,
    database_url: DatabaseUrl = None,
    json: Json = False,
) -> None:
    """Create a workspace and its owner user."""

    async def work(session: AsyncSession) -> dict[str, Any]:
        return _row(await service.create(session, slug, name, owner_email))

    with output.expected_errors():
        row = store.run(load_settings(database_url=database_url), work)
    output.emit_rows(json, "Workspace", ["id", "slug", "name"], [row])


@workspaces_app.command("list")
def list_(database_url: DatabaseUrl = None, json: Json = False) -> None:
    """List workspaces."""

    async def work(session: AsyncSession) -> list[dict[str, Any]]:
        return [_row(w) for w in await service.list_all(session)]

    with output.expected_errors():
        rows = store.run(load_settings(database_url=database_url), work)
    output.emit_rows(json, "Workspaces", ["id", "slug", "name", "createdAt"], rows)
