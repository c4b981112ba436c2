from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, JsonDoc, WorkspaceOwned, utcnow


class Destination(WorkspaceOwned, Base):
    """An instance of a catalog destination, fed by exactly one source."""

    __tablename__ = "destinations"
    __table_args__ = (
        Index("ix_destinations_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
        Index("ix_destinations_source_id_created_at_id", "source_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    metadata_id: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool]
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DestinationSubscription(WorkspaceOwned, Base):
    """An actions-destination subscription: which action runs for which events (FQL)."""

    __tablename__ = "destination_subscriptions"
    __table_args__ = (
        Index(
            "ix_destination_subscriptions_destination_id_created_at_id",
            "destination_id",
            "created_at",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    destination_id: Mapped[str] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    action_id: Mapped[str] = mapped_column(String(64))
    action_slug: Mapped[str] = mapped_column(String(255))
    enabled: Mapped[bool]
    trigger: Mapped[str] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    model_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DestinationFilter(WorkspaceOwned, Base):
    """A destination filter: an FQL condition and the actions applied when it matches."""

    __tablename__ = "destination_filters"
    __table_args__ = (
        Index(
            "ix_destination_filters_destination_id_created_at_id",
            "destination_id",
            "created_at",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    destination_id: Mapped[str] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(String(32))
    condition: Mapped[str] = mapped_column(Text)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    enabled: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
