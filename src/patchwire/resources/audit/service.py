"""Reading the audit trail (writing is ``core.audit.record``, inside each change)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.auth import Principal
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import AuditEvent
from patchwire.db.scoped import scoped


async def list_page(
    session: AsyncSession,
    principal: Principal,
    request: PageRequest,
    codec: CursorCodec,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    resource_id: str | None = None,
    resource_type: str | None = None,
) -> Page[AuditEvent]:
    """Newest first, filtered; the cursor is bound to the filters it was issued for."""
    stmt = scoped(AuditEvent, principal.workspace_id)
    if start is not None:
        stmt = stmt.where(AuditEvent.timestamp >= start)
    if end is not None:
        stmt = stmt.where(AuditEvent.timestamp <= end)
    if resource_id is not None:
        stmt = stmt.where(AuditEvent.resource_id == resource_id)
    if resource_type is not None:
        stmt = stmt.where(AuditEvent.resource_type == resource_type)
    filters = f"{start}|{end}|{resource_id}|{resource_type}"
    return await keyset_page(
        session,
        stmt,
        order=(AuditEvent.timestamp, AuditEvent.id),
        key_of=lambda e: (e.timestamp, e.id),
        request=request,
        codec=codec,
        list_name=f"audit:{filters}",
        descending=True,
    )
