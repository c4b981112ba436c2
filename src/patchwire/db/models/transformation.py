from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, JsonDoc, WorkspaceOwned, utcnow


class Transformation(WorkspaceOwned, Base):
    __tablename__ = "transformations"
    __table_args__ = (
        Index("ix_transformations_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
        Index("ix_transformations_source_id", "source_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    destination_metadata_id: Mapped[str | None] = mapped_column(String(64), default=None)
    enabled: Mapped[bool]
    condition: Mapped[str] = mapped_column(Text)
    new_event_name: Mapped[str | None] = mapped_column(String(255), default=None)
    property_renames: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    property_value_transformations: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    fql_defined_properties: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    allow_properties: Mapped[list[Any] | None] = mapped_column(JsonDoc, default=None)
    hash_properties_configuration: Mapped[dict[str, Any] | None] = mapped_column(
        JsonDoc, default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
