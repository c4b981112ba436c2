"""Workspaces: tenants, created by operators (CLI), read by their own tokens."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.auth import Principal
from patchwire.core.errors import AlreadyExists, InvalidArgument, NotFound
from patchwire.core.ids import new_id
from patchwire.db.base import utcnow
from patchwire.db.models import Workspace
from patchwire.resources.iam import owner
from patchwire.resources.iam.invites import is_email, normalize_email

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


async def get_own(session: AsyncSession, principal: Principal) -> Workspace:
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound.resource("Workspace", principal.workspace_id)
    return workspace


async def create(
    session: AsyncSession, slug: str, name: str | None = None, owner_email: str | None = None
) -> Workspace:
    """A workspace and its owner user ("Workspace Owner", Workspace Owner over it), whose
    email is ``owner_email`` or ``owner@<slug>.invalid``."""
    if not SLUG.fullmatch(slug):
        raise InvalidArgument.for_field(
            "workspace.slug", "Use lowercase letters, digits, '-' and '_' (up to 100)"
        )
    email = normalize_email(owner_email) if owner_email else owner.default_email(slug)
    if not is_email(email):
        raise InvalidArgument.for_field("owner.email", f"'{email}' is not an email address")
    workspace = Workspace(id=new_id(), slug=slug, name=name or slug, created_at=utcnow())
    session.add(workspace)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise AlreadyExists(f"A workspace with slug '{slug}' already exists") from exc
    await owner.create(session, workspace.id, email)
    return workspace


async def get_by_slug(session: AsyncSession, slug: str) -> Workspace:
    workspace = (await session.scalars(select(Workspace).where(Workspace.slug == slug))).first()
    if workspace is None:
        raise NotFound(f"Workspace with slug '{slug}' not found")
    return workspace


async def list_all(session: AsyncSession) -> list[Workspace]:
    return list((await session.scalars(select(Workspace).order_by(Workspace.created_at))).all())


async def count(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(Workspace))).scalar_one())
