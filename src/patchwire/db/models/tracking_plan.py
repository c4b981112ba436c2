from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, WorkspaceOwned, utcnow


class TrackingPlan(WorkspaceOwned, Base):
    __tablename__ = "tracking_plans"
    __table_args__ = (
        Index("ix_tracking_plans_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str | None] = mapped_column(String(255), default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    type: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TrackingPlanRule(WorkspaceOwned, Base):
    """One rule. ``json_schema`` is kept as the JSON text the client sent (a Text column,
    never JSONB, which would reorder keys) so reads are byte-stable for IaC drift checks."""

    __tablename__ = "tracking_plan_rules"
    __table_args__ = (
        UniqueConstraint("tracking_plan_id", "type", "rule_key"),
        Index(
            "ix_tracking_plan_rules_tracking_plan_id_position",
            "tracking_plan_id",
            "position",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tracking_plan_id: Mapped[str] = mapped_column(
        ForeignKey("tracking_plans.id", ondelete="CASCADE")
    )
    type: Mapped[str] = mapped_column(String(16))
    # "" for rules without a key (IDENTIFY, GROUP, COMMON) so the unique key works everywhere.
    rule_key: Mapped[str] = mapped_column(String(512), default="")
    json_schema: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deprecated_at: Mapped[datetime | None] = mapped_column(default=None)


class TrackingPlanSource(WorkspaceOwned, Base):
    """A source connected to a tracking plan; a source follows at most one plan."""

    __tablename__ = "tracking_plan_sources"
    __table_args__ = (
        Index(
            "ix_tracking_plan_sources_tracking_plan_id_created_at_source_id",
            "tracking_plan_id",
            "created_at",
            "source_id",
        ),
    )

    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    tracking_plan_id: Mapped[str] = mapped_column(
        ForeignKey("tracking_plans.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
