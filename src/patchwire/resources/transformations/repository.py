"""Transformation storage: every statement starts from the workspace-scoped base."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Transformation
from patchwire.db.scoped import scoped


async def get(session: AsyncSession, workspace_id: str, transformation_id: str) -> Transformation:
    item = (
        await session.scalars(
            scoped(Transformation, workspace_id).where(Transformation.id == transformation_id)
        )
    ).first()
    if item is None:
        raise NotFound.resource("Transformation", transformation_id)
    return item


async def page(
    session: AsyncSession, workspace_id: str, request: PageRequest, codec: CursorCodec
) -> Page[Transformation]:
    """Oldest first, over the ``(workspace_id, created_at, id)`` index."""
    return await keyset_page(
        session,
        scoped(Transformation, workspace_id),
        order=(Transformation.created_at, Transformation.id),
        key_of=lambda t: (t.created_at, t.id),
        request=request,
        codec=codec,
        list_name="transformations",
    )
