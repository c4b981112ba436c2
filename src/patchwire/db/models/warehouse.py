from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, JsonDoc, WorkspaceOwned, utcnow


class Warehouse(WorkspaceOwned, Base):
    """A warehouse instance. Secret settings are stored for use, never returned in clear."""

    __tablename__ = "warehouses"
    __table_args__ = (
        Index("ix_warehouses_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    metadata_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    enabled: Mapped[bool]
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WarehouseConnection(WorkspaceOwned, Base):
    """A source connected to a warehouse (many-to-many)."""

    __tablename__ = "warehouse_connections"
    __table_args__ = (
        Index("ix_warehouse_connections_source_id_created_at", "source_id", "created_at"),
        Index(
            "ix_warehouse_connections_warehouse_id_created_at_source_id",
            "warehouse_id",
            "created_at",
            "source_id",
        ),
    )

    warehouse_id: Mapped[str] = mapped_column(
        ForeignKey("warehouses.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
