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
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    *,
    source_ids: frozenset[str] | None = None,
) -> Page[Transformation]:
    """Oldest first, over the ``(workspace_id, created_at, id)`` index; ``source_ids``
    narrows the list to the sources a scoped caller may read (None: all)."""
    stmt = scoped(Transformation, workspace_id)
    if source_ids is not None:
        stmt = stmt.where(Transformation.source_id.in_(source_ids))
    return await keyset_page(
        session,
        stmt,
        order=(Transformation.created_at, Transformation.id),
        key_of=lambda t: (t.created_at, t.id),
        request=request,
        codec=codec,
        list_name="transformations",
    )
