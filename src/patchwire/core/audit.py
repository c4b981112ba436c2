"""Audit trail writes: added to the caller's session so they commit with the change."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.auth import Principal
from patchwire.core.ids import new_id
from patchwire.db.base import utcnow
from patchwire.db.models import AuditEvent


def record(
    session: AsyncSession,
    principal: Principal,
    event_type: str,
    *,
    resource_id: str,
    resource_type: str,
    resource_name: str,
) -> None:
    """Queue one event (``Source Created``…) in the same unit of work as the change."""
    session.add(
        AuditEvent(
            id=new_id(),
            workspace_id=principal.workspace_id,
            timestamp=utcnow(),
            type=event_type,
            actor=principal.actor,
            actor_email=principal.user_email,
            resource_id=resource_id,
            resource_type=resource_type,
            resource_name=resource_name,
        )
    )
