from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, JsonDoc, WorkspaceOwned, utcnow


class Function(WorkspaceOwned, Base):
    """A source, destination or insert function: code plus its settings definitions."""

    __tablename__ = "functions"
    __table_args__ = (
        Index(
            "ix_functions_workspace_id_resource_type_created_at_id",
            "workspace_id",
            "resource_type",
            "created_at",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    resource_type: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    logo_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    code: Mapped[str] = mapped_column(Text)
    settings: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    created_by: Mapped[str] = mapped_column(String(255))
    preview_webhook_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    batch_max_count: Mapped[int | None] = mapped_column(Integer, default=None)
    catalog_id: Mapped[str | None] = mapped_column(String(64), default=None)
    deployed_version_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deployed_at: Mapped[datetime | None] = mapped_column(default=None)


class FunctionVersion(WorkspaceOwned, Base):
    """A snapshot of a function's code, taken on every code change (and on restore)."""

    __tablename__ = "function_versions"
    __table_args__ = (
        Index("ix_function_versions_function_id_created_at_id", "function_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    function_id: Mapped[str] = mapped_column(ForeignKey("functions.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deployed_at: Mapped[datetime | None] = mapped_column(default=None)


class InsertFunctionInstance(WorkspaceOwned, Base):
    """An insert function attached to a destination; sensitive settings never leave in clear."""

    __tablename__ = "insert_function_instances"
    __table_args__ = (
        Index(
            "ix_insert_function_instances_function_id_created_at_id",
            "function_id",
            "created_at",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    function_id: Mapped[str] = mapped_column(ForeignKey("functions.id", ondelete="CASCADE"))
    integration_id: Mapped[str] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    enabled: Mapped[bool]
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
