from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, JsonDoc, WorkspaceOwned, utcnow


class Source(WorkspaceOwned, Base):
    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("workspace_id", "slug"),
        Index("ix_sources_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slug: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    metadata_id: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool]
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    schema_settings: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WriteKey(WorkspaceOwned, Base):
    """Write keys are globally unique: event intake finds the source by its key alone."""

    __tablename__ = "write_keys"
    __table_args__ = (Index("ix_write_keys_source_id_created_at", "source_id", "created_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
