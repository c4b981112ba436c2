"""Tracking plan storage: every statement starts from the workspace-scoped base.

Rules are written in bulk (one multi-row INSERT, one DELETE) and read as columns where no
ORM object is needed, so replacing thousands of rules is a handful of statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Source, TrackingPlan, TrackingPlanRule, TrackingPlanSource
from patchwire.db.scoped import scoped, scoped_columns, scoped_delete

KIND = "Tracking plan"


@dataclass(frozen=True, slots=True)
class StoredRule:
    """What a rule write needs to know about a rule already in the plan."""

    id: str
    type: str
    key: str
    text: str
    version: int
    position: int
    created_at: datetime
    updated_at: datetime
    deprecated_at: datetime | None


async def get(
    session: AsyncSession, workspace_id: str, plan_id: str, *, for_update: bool = False
) -> TrackingPlan:
    """The plan, or 404. ``for_update`` locks its row (PostgreSQL) so that writes to one
    plan's rules queue instead of interleaving; SQLite writers are serialised already."""
    stmt = scoped(TrackingPlan, workspace_id).where(TrackingPlan.id == plan_id)
    if for_update:
        stmt = stmt.with_for_update()
    plan = (await session.scalars(stmt)).first()
    if plan is None:
        raise NotFound.resource(KIND, plan_id)
    return plan


async def page(
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    plan_type: str | None,
) -> Page[TrackingPlan]:
    stmt = scoped(TrackingPlan, workspace_id)
    if plan_type is not None:
        stmt = stmt.where(TrackingPlan.type == plan_type)
    return await keyset_page(
        session,
        stmt,
        order=(TrackingPlan.created_at, TrackingPlan.id),
        key_of=lambda p: (p.created_at, p.id),
        request=request,
        codec=codec,
        list_name=f"tracking-plans:{plan_type or '*'}",
    )


async def rules_page(
    session: AsyncSession,
    workspace_id: str,
    plan_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[TrackingPlanRule]:
    return await keyset_page(
        session,
        scoped(TrackingPlanRule, workspace_id).where(TrackingPlanRule.tracking_plan_id == plan_id),
        order=(TrackingPlanRule.position, TrackingPlanRule.id),
        key_of=lambda r: (r.position, r.id),
        request=request,
        codec=codec,
        list_name=f"tracking-plan-rules:{plan_id}",
    )


def _stored_columns(workspace_id: str) -> Any:
    r = TrackingPlanRule
    return scoped_columns(
        r,
        workspace_id,
        r.id,
        r.type,
        r.rule_key,
        r.json_schema,
        r.version,
        r.position,
        r.created_at,
        r.updated_at,
        r.deprecated_at,
    )


async def stored_rules(
    session: AsyncSession, workspace_id: str, plan_id: str, keys: Iterable[str] | None = None
) -> list[StoredRule]:
    """The plan's rules in position order; only those whose key is in ``keys`` if given."""
    stmt = _stored_columns(workspace_id).where(TrackingPlanRule.tracking_plan_id == plan_id)
    if keys is not None:
        stmt = stmt.where(TrackingPlanRule.rule_key.in_(set(keys)))
    rows = await session.execute(stmt.order_by(TrackingPlanRule.position, TrackingPlanRule.id))
    return [StoredRule(*row) for row in rows]


async def next_position(session: AsyncSession, workspace_id: str, plan_id: str) -> int:
    stmt = scoped_columns(
        TrackingPlanRule, workspace_id, func.max(TrackingPlanRule.position)
    ).where(TrackingPlanRule.tracking_plan_id == plan_id)
    last = (await session.execute(stmt)).scalar()
    return 0 if last is None else int(last) + 1


async def insert_rules(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """One executemany INSERT (batched into multi-row statements by the driver layer)."""
    if rows:
        await session.execute(insert(TrackingPlanRule), list(rows))


async def update_rules(
    session: AsyncSession, workspace_id: str, changes: Sequence[Mapping[str, Any]]
) -> None:
    """Apply ``changes`` (dicts holding ``id`` and the columns to set) to this workspace's
    rules, loading only the rows named."""
    if not changes:
        return
    by_id = {change["id"]: change for change in changes}
    stmt = scoped(TrackingPlanRule, workspace_id).where(TrackingPlanRule.id.in_(by_id))
    for rule in (await session.scalars(stmt)).all():
        for column, value in by_id[rule.id].items():
            setattr(rule, column, value)
    await session.flush()


async def delete_rules(
    session: AsyncSession, workspace_id: str, plan_id: str, ids: Sequence[str] | None = None
) -> int:
    """Delete the plan's rules (only ``ids`` if given); returns how many went."""
    stmt = scoped_delete(TrackingPlanRule, workspace_id).where(
        TrackingPlanRule.tracking_plan_id == plan_id
    )
    if ids is not None:
        if not ids:
            return 0
        stmt = stmt.where(TrackingPlanRule.id.in_(ids))
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def plan_of_source(session: AsyncSession, workspace_id: str, source_id: str) -> str | None:
    stmt = scoped_columns(
        TrackingPlanSource, workspace_id, TrackingPlanSource.tracking_plan_id
    ).where(TrackingPlanSource.source_id == source_id)
    plan_id = (await session.execute(stmt)).scalar()
    return None if plan_id is None else str(plan_id)


async def plans_of_sources(
    session: AsyncSession, workspace_id: str, source_ids: Sequence[str]
) -> dict[str, str]:
    if not source_ids:
        return {}
    stmt = scoped_columns(
        TrackingPlanSource,
        workspace_id,
        TrackingPlanSource.source_id,
        TrackingPlanSource.tracking_plan_id,
    ).where(TrackingPlanSource.source_id.in_(set(source_ids)))
    return {row.source_id: row.tracking_plan_id for row in await session.execute(stmt)}


async def source_ids_of_plan(session: AsyncSession, workspace_id: str, plan_id: str) -> list[str]:
    stmt = (
        scoped_columns(TrackingPlanSource, workspace_id, TrackingPlanSource.source_id)
        .where(TrackingPlanSource.tracking_plan_id == plan_id)
        .order_by(TrackingPlanSource.created_at, TrackingPlanSource.source_id)
    )
    return [source_id for (source_id,) in await session.execute(stmt)]


async def connect(session: AsyncSession, link: TrackingPlanSource) -> bool:
    """Insert the link; False when the source is already linked (to any plan), even by a
    request that committed a moment ago."""
    try:
        async with session.begin_nested():
            session.add(link)
            await session.flush()
    except IntegrityError:
        if await plan_of_source(session, link.workspace_id, link.source_id) is not None:
            return False
        raise
    return True


async def disconnect(
    session: AsyncSession, workspace_id: str, plan_id: str, source_id: str
) -> bool:
    result = await session.execute(
        scoped_delete(TrackingPlanSource, workspace_id).where(
            TrackingPlanSource.tracking_plan_id == plan_id,
            TrackingPlanSource.source_id == source_id,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def sources_page(
    session: AsyncSession,
    workspace_id: str,
    plan_id: str,
    request: PageRequest,
    codec: CursorCodec,
    source_ids: frozenset[str] | None,
) -> tuple[Page[TrackingPlanSource], list[Source]]:
    """A page of the plan's links in connection order (only to ``source_ids`` if given), and
    their sources in that order."""
    stmt = scoped(TrackingPlanSource, workspace_id).where(
        TrackingPlanSource.tracking_plan_id == plan_id
    )
    if source_ids is not None:
        stmt = stmt.where(TrackingPlanSource.source_id.in_(source_ids))
    links = await keyset_page(
        session,
        stmt,
        order=(TrackingPlanSource.created_at, TrackingPlanSource.source_id),
        key_of=lambda link: (link.created_at, link.source_id),
        request=request,
        codec=codec,
        list_name=f"tracking-plan-sources:{plan_id}",
    )
    ids = [link.source_id for link in links.items]
    if not ids:
        return links, []
    found = await session.scalars(scoped(Source, workspace_id).where(Source.id.in_(ids)))
    by_id = {source.id: source for source in found}
    return links, [by_id[i] for i in ids if i in by_id]
