"""Labels: workspace-wide key:value tags that sources (and later permissions) refer to."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FailedPrecondition, NotFound
from patchwire.core.ids import new_id
from patchwire.db.base import utcnow
from patchwire.db.models import Label, SourceLabel
from patchwire.db.scoped import scoped, scoped_columns
from patchwire.resources.sources.repository import flush_unique
from patchwire.resources.sources.schemas import LabelIn

RESOURCE = "label"


def _name(label: Label) -> str:
    return f"{label.key}:{label.value}"


async def create(session: AsyncSession, principal: Principal, data: LabelIn) -> Label:
    label = Label(
        id=new_id(),
        workspace_id=principal.workspace_id,
        key=data.key,
        value=data.value,
        description=data.description,
        created_at=utcnow(),
    )
    session.add(label)
    await flush_unique(session, f"Label {data.key}:{data.value} already exists")
    audit.record(
        session,
        principal,
        "Label Created",
        resource_id=label.id,
        resource_type=RESOURCE,
        resource_name=_name(label),
    )
    return label


async def list_all(session: AsyncSession, principal: Principal) -> list[Label]:
    stmt = scoped(Label, principal.workspace_id).order_by(Label.key, Label.value)
    return list((await session.scalars(stmt)).all())


async def delete(session: AsyncSession, principal: Principal, key: str, value: str) -> None:
    """Refuses (422) while sources carry the label, naming them, so nothing loses it silently."""
    ws = principal.workspace_id
    label = (
        await session.scalars(scoped(Label, ws).where(Label.key == key, Label.value == value))
    ).first()
    if label is None:
        raise NotFound(f"Label {key}:{value} not found")
    users = await session.execute(
        scoped_columns(SourceLabel, ws, SourceLabel.source_id, func.count().over())
        .where(SourceLabel.label_id == label.id)
        .order_by(SourceLabel.source_id)
        .limit(10)
    )
    rows = users.all()
    if rows:
        total = rows[0][1]
        names = ", ".join(row[0] for row in rows)
        raise FailedPrecondition(
            f"Label {key}:{value} is attached to {total} source(s) ({names}); "
            "remove it from them first (replaceLabelsInSource)",
        )
    audit.record(
        session,
        principal,
        "Label Deleted",
        resource_id=label.id,
        resource_type=RESOURCE,
        resource_name=_name(label),
    )
    await session.delete(label)
    await session.flush()
