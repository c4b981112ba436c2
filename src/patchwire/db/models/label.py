from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, WorkspaceOwned, utcnow


class Label(WorkspaceOwned, Base):
    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("workspace_id", "key", "value"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1000), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SourceLabel(WorkspaceOwned, Base):
    """A label attached to a source. RESTRICT: a label in use cannot vanish underneath."""

    __tablename__ = "source_labels"
    __table_args__ = (Index("ix_source_labels_label_id", "label_id"),)

    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[str] = mapped_column(
        ForeignKey("labels.id", ondelete="RESTRICT"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
