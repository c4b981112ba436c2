"""The workspace-scoped starting point every repository query is built from."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Delete, Select, delete, select

from patchwire.db.base import WorkspaceOwned

W = TypeVar("W", bound=WorkspaceOwned)


def scoped(model: type[W], workspace_id: str) -> Select[W]:
    """``SELECT model WHERE workspace_id = :ws``: the only way to start reading a tenant row."""
    return select(model).where(model.workspace_id == workspace_id)


def scoped_columns(model: type[WorkspaceOwned], workspace_id: str, *columns: Any) -> Select[Any]:
    """Like ``scoped`` but selecting only ``columns`` (for light lookups)."""
    return select(*columns).where(model.workspace_id == workspace_id)


def scoped_delete(model: type[WorkspaceOwned], workspace_id: str) -> Delete:
    return delete(model).where(model.workspace_id == workspace_id)
