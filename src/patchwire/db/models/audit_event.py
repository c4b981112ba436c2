from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, WorkspaceOwned, utcnow


class AuditEvent(WorkspaceOwned, Base):
    """One audit-trail entry, written in the same transaction as the change it records."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_workspace_id_timestamp_id", "workspace_id", "timestamp", "id"),
        Index(
            "ix_audit_events_workspace_id_resource_id_timestamp_id",
            "workspace_id",
            "resource_id",
            "timestamp",
            "id",
        ),
        Index(
            "ix_audit_events_workspace_id_resource_type_timestamp_id",
            "workspace_id",
            "resource_type",
            "timestamp",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    timestamp: Mapped[datetime] = mapped_column(default=utcnow)
    type: Mapped[str] = mapped_column(String(100))
    actor: Mapped[str] = mapped_column(String(255))
    actor_email: Mapped[str | None] = mapped_column(String(255), default=None)
    resource_id: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(64))
    resource_name: Mapped[str] = mapped_column(String(255))
