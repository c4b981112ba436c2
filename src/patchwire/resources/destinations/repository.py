"""Destination and subscription storage, always scoped to the workspace."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Destination, DestinationSubscription
from patchwire.db.scoped import scoped


async def get(session: AsyncSession, workspace_id: str, destination_id: str) -> Destination:
    destination = (
        await session.scalars(
            scoped(Destination, workspace_id).where(Destination.id == destination_id)
        )
    ).first()
    if destination is None:
        raise NotFound.resource("Destination", destination_id)
    return destination


async def page(
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    *,
    source_id: str | None = None,
    source_ids: frozenset[str] | None = None,
) -> Page[Destination]:
    """Destinations of the workspace, of one source, or of the sources in ``source_ids``
    (what the caller may read)."""
    stmt = scoped(Destination, workspace_id)
    if source_id is not None:
        stmt = stmt.where(Destination.source_id == source_id)
    if source_ids is not None:
        stmt = stmt.where(Destination.source_id.in_(source_ids))
    return await keyset_page(
        session,
        stmt,
        order=(Destination.created_at, Destination.id),
        key_of=lambda d: (d.created_at, d.id),
        request=request,
        codec=codec,
        list_name=f"destinations:{source_id or '*'}",
    )


async def for_source(session: AsyncSession, workspace_id: str, source_id: str) -> list[Destination]:
    stmt = scoped(Destination, workspace_id).where(Destination.source_id == source_id)
    return list((await session.scalars(stmt)).all())


async def get_subscription(
    session: AsyncSession, workspace_id: str, destination_id: str, subscription_id: str
) -> DestinationSubscription:
    subscription = (
        await session.scalars(
            scoped(DestinationSubscription, workspace_id).where(
                DestinationSubscription.destination_id == destination_id,
                DestinationSubscription.id == subscription_id,
            )
        )
    ).first()
    if subscription is None:
        raise NotFound.resource("Subscription", subscription_id)
    return subscription


async def subscriptions_page(
    session: AsyncSession,
    workspace_id: str,
    destination_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[DestinationSubscription]:
    return await keyset_page(
        session,
        scoped(DestinationSubscription, workspace_id).where(
            DestinationSubscription.destination_id == destination_id
        ),
        order=(DestinationSubscription.created_at, DestinationSubscription.id),
        key_of=lambda s: (s.created_at, s.id),
        request=request,
        codec=codec,
        list_name=f"subscriptions:{destination_id}",
    )
