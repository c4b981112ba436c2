from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from patchwire.db.base import Base, JsonDoc, WorkspaceOwned, utcnow


class User(WorkspaceOwned, Base):
    """A workspace member. The workspace owner user is created with the workspace."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("workspace_id", "email"),
        Index("ix_users_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invite(WorkspaceOwned, Base):
    """A pending invitation; it becomes a user when accepted (not modelled: no login)."""

    __tablename__ = "invites"
    __table_args__ = (
        UniqueConstraint("workspace_id", "email"),
        Index("ix_invites_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    permissions: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserGroup(WorkspaceOwned, Base):
    __tablename__ = "user_groups"
    __table_args__ = (
        Index("ix_user_groups_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserGroupMember(WorkspaceOwned, Base):
    """Membership by email: a member is a user, or an invitee who is not a user yet."""

    __tablename__ = "user_group_members"
    __table_args__ = (
        Index("ix_user_group_members_workspace_id_email", "workspace_id", "email"),
        Index("ix_user_group_members_group_id_created_at_email", "group_id", "created_at", "email"),
    )

    group_id: Mapped[str] = mapped_column(
        ForeignKey("user_groups.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Permission(WorkspaceOwned, Base):
    """A role granted to a user or a group, over resources (WORKSPACE, or SOURCE by id or by
    labels). Enforced on every request made with a token issued for a user."""

    __tablename__ = "permissions"
    __table_args__ = (
        Index(
            "ix_permissions_workspace_id_subject_type_subject_id",
            "workspace_id",
            "subject_type",
            "subject_id",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(32))
    role_id: Mapped[str] = mapped_column(String(64))
    resources: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
