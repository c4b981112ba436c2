"""IAM storage: users, invites, groups, memberships and permissions, workspace-scoped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, func, or_
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Invite, Permission, User, UserGroup, UserGroupMember
from patchwire.db.scoped import scoped, scoped_columns, scoped_delete
from patchwire.resources.iam.roles import WORKSPACE_OWNER

USER = "user"
GROUP = "group"
"""``Permission.subject_type`` values."""


# --- users ------------------------------------------------------------------------------


async def any_user(session: AsyncSession, workspace_id: str) -> bool:
    stmt = scoped_columns(User, workspace_id, User.id).limit(1)
    return (await session.execute(stmt)).first() is not None


async def get_user(session: AsyncSession, workspace_id: str, user_id: str) -> User:
    user = (await session.scalars(scoped(User, workspace_id).where(User.id == user_id))).first()
    if user is None:
        raise NotFound.resource("User", user_id)
    return user


async def users_by_ids(
    session: AsyncSession, workspace_id: str, user_ids: Collection[str]
) -> list[User]:
    stmt = scoped(User, workspace_id).where(User.id.in_(user_ids))
    return list((await session.scalars(stmt)).all())


async def user_by_email(session: AsyncSession, workspace_id: str, email: str) -> User | None:
    stmt = scoped(User, workspace_id).where(User.email == email)
    return (await session.scalars(stmt)).first()


async def user_emails(
    session: AsyncSession, workspace_id: str, emails: Collection[str]
) -> set[str]:
    stmt = scoped_columns(User, workspace_id, User.email).where(User.email.in_(emails))
    return set((await session.scalars(stmt)).all())


async def users_page(
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    *,
    group_id: str | None = None,
) -> Page[User]:
    """The workspace's users, or those of them who are members of ``group_id``."""
    stmt = scoped(User, workspace_id)
    if group_id is not None:
        stmt = stmt.where(User.email.in_(_member_emails(workspace_id, group_id)))
    return await keyset_page(
        session,
        stmt,
        order=(User.created_at, User.id),
        key_of=lambda u: (u.created_at, u.id),
        request=request,
        codec=codec,
        list_name=f"users:{group_id or '*'}",
    )


# --- invites ----------------------------------------------------------------------------


async def invites_by_emails(
    session: AsyncSession, workspace_id: str, emails: Collection[str]
) -> list[Invite]:
    stmt = scoped(Invite, workspace_id).where(Invite.email.in_(emails))
    return list((await session.scalars(stmt)).all())


async def invite_by_email(session: AsyncSession, workspace_id: str, email: str) -> Invite | None:
    stmt = scoped(Invite, workspace_id).where(Invite.email == email)
    return (await session.scalars(stmt)).first()


async def invites_page(
    session: AsyncSession, workspace_id: str, request: PageRequest, codec: CursorCodec
) -> Page[Invite]:
    return await keyset_page(
        session,
        scoped(Invite, workspace_id),
        order=(Invite.created_at, Invite.id),
        key_of=lambda i: (i.created_at, i.id),
        request=request,
        codec=codec,
        list_name="invites",
    )


# --- groups and members -----------------------------------------------------------------


async def get_group(session: AsyncSession, workspace_id: str, group_id: str) -> UserGroup:
    group = (
        await session.scalars(scoped(UserGroup, workspace_id).where(UserGroup.id == group_id))
    ).first()
    if group is None:
        raise NotFound.resource("User group", group_id)
    return group


async def groups_page(
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    *,
    member_email: str | None = None,
) -> Page[UserGroup]:
    """The workspace's groups, or only those ``member_email`` belongs to."""
    stmt = scoped(UserGroup, workspace_id)
    if member_email is not None:
        member_of = scoped_columns(UserGroupMember, workspace_id, UserGroupMember.group_id).where(
            UserGroupMember.email == member_email
        )
        stmt = stmt.where(UserGroup.id.in_(member_of))
    return await keyset_page(
        session,
        stmt,
        order=(UserGroup.created_at, UserGroup.id),
        key_of=lambda g: (g.created_at, g.id),
        request=request,
        codec=codec,
        list_name=f"groups:{member_email or '*'}",
    )


def _member_emails(workspace_id: str, group_id: str) -> Select[Any]:
    return scoped_columns(UserGroupMember, workspace_id, UserGroupMember.email).where(
        UserGroupMember.group_id == group_id
    )


async def member_counts(
    session: AsyncSession, workspace_id: str, group_ids: Sequence[str]
) -> dict[str, int]:
    if not group_ids:
        return {}
    rows = await session.execute(
        scoped_columns(UserGroupMember, workspace_id, UserGroupMember.group_id, func.count())
        .where(UserGroupMember.group_id.in_(group_ids))
        .group_by(UserGroupMember.group_id)
    )
    return {group_id: int(count) for group_id, count in rows}


async def members(session: AsyncSession, workspace_id: str, group_id: str) -> set[str]:
    stmt = scoped_columns(UserGroupMember, workspace_id, UserGroupMember.email).where(
        UserGroupMember.group_id == group_id
    )
    return set((await session.scalars(stmt)).all())


async def invitee_members_page(
    session: AsyncSession,
    workspace_id: str,
    group_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[UserGroupMember]:
    """Members of ``group_id`` who are not users (yet): the invitees."""
    stmt = scoped(UserGroupMember, workspace_id).where(
        UserGroupMember.group_id == group_id,
        UserGroupMember.email.not_in(scoped_columns(User, workspace_id, User.email)),
    )
    return await keyset_page(
        session,
        stmt,
        order=(UserGroupMember.created_at, UserGroupMember.email),
        key_of=lambda m: (m.created_at, m.email),
        request=request,
        codec=codec,
        list_name=f"group-invites:{group_id}",
    )


async def delete_memberships(
    session: AsyncSession,
    workspace_id: str,
    emails: Collection[str],
    *,
    group_id: str | None = None,
) -> dict[str, list[str]]:
    """Remove the memberships of ``emails`` (in one group, or in all); returns, per group,
    the emails removed from it."""
    if not emails:
        return {}
    found = scoped_columns(
        UserGroupMember, workspace_id, UserGroupMember.group_id, UserGroupMember.email
    ).where(UserGroupMember.email.in_(emails))
    doomed = scoped_delete(UserGroupMember, workspace_id).where(UserGroupMember.email.in_(emails))
    if group_id is not None:
        found = found.where(UserGroupMember.group_id == group_id)
        doomed = doomed.where(UserGroupMember.group_id == group_id)
    removed: dict[str, list[str]] = defaultdict(list)
    for member_group, email in await session.execute(found):
        removed[member_group].append(email)
    if removed:
        await session.execute(doomed)
    return dict(removed)


# --- permissions ------------------------------------------------------------------------


async def permissions_of(
    session: AsyncSession, workspace_id: str, subject_type: str, subject_ids: Sequence[str]
) -> dict[str, list[Permission]]:
    """Each subject's permissions, oldest first, in one query."""
    out: dict[str, list[Permission]] = {subject_id: [] for subject_id in subject_ids}
    if subject_ids:
        stmt = (
            scoped(Permission, workspace_id)
            .where(Permission.subject_type == subject_type, Permission.subject_id.in_(subject_ids))
            .order_by(Permission.created_at, Permission.id)
        )
        for permission in await session.scalars(stmt):
            out[permission.subject_id].append(permission)
    return out


async def delete_permissions(
    session: AsyncSession, workspace_id: str, subject_type: str, subject_ids: Collection[str]
) -> None:
    if subject_ids:
        await session.execute(
            scoped_delete(Permission, workspace_id).where(
                Permission.subject_type == subject_type, Permission.subject_id.in_(subject_ids)
            )
        )


async def has_owner(session: AsyncSession, workspace_id: str) -> bool:
    """Whether some user holds Workspace Owner, directly or through a group."""
    owner_users = scoped_columns(Permission, workspace_id, Permission.subject_id).where(
        Permission.subject_type == USER, Permission.role_id == WORKSPACE_OWNER.id
    )
    owner_groups = scoped_columns(Permission, workspace_id, Permission.subject_id).where(
        Permission.subject_type == GROUP, Permission.role_id == WORKSPACE_OWNER.id
    )
    owner_emails = scoped_columns(UserGroupMember, workspace_id, UserGroupMember.email).where(
        UserGroupMember.group_id.in_(owner_groups)
    )
    stmt = (
        scoped_columns(User, workspace_id, User.id)
        .where(or_(User.id.in_(owner_users), User.email.in_(owner_emails)))
        .limit(1)
    )
    return (await session.execute(stmt)).first() is not None
