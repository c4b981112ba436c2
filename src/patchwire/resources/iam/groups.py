"""User groups: named sets of members (users and invitees, by email) that share
permissions. Services never commit; every change is audited in the same unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument, NotFound
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Permission, User, UserGroup, UserGroupMember
from patchwire.db.scoped import scoped_delete
from patchwire.resources.iam import owner, permissions, repository
from patchwire.resources.iam.invites import MAX_AT_ONCE, is_email, normalize_email
from patchwire.resources.iam.schemas import PermissionIn

RESOURCE = repository.GROUP
RESOURCE_TYPE = "user_group"


@dataclass(frozen=True, slots=True)
class GroupView:
    group: UserGroup
    member_count: int
    permissions: list[Permission]


def _target(group: UserGroup) -> dict[str, str]:
    return {"resource_id": group.id, "resource_type": RESOURCE_TYPE, "resource_name": group.name}


def subject(group: UserGroup) -> permissions.Subject:
    return permissions.Subject(RESOURCE, group.id, group.name, "User Group Policy Updated")


async def views(
    session: AsyncSession, workspace_id: str, groups: Sequence[UserGroup]
) -> list[GroupView]:
    """Member counts and permissions for many groups in two queries."""
    ids = [g.id for g in groups]
    counts = await repository.member_counts(session, workspace_id, ids)
    held = await repository.permissions_of(session, workspace_id, RESOURCE, ids)
    return [GroupView(g, counts.get(g.id, 0), held[g.id]) for g in groups]


async def _view(session: AsyncSession, principal: Principal, group: UserGroup) -> GroupView:
    return (await views(session, principal.workspace_id, [group]))[0]


async def create(session: AsyncSession, principal: Principal, name: str) -> GroupView:
    await owner.ensure(session, principal.workspace_id, principal.workspace_slug)
    group = UserGroup(
        id=new_id(), workspace_id=principal.workspace_id, name=name, created_at=utcnow()
    )
    session.add(group)
    await session.flush()
    audit.record(session, principal, "User Group Created", **_target(group))
    return GroupView(group, 0, [])


async def get(session: AsyncSession, principal: Principal, group_id: str) -> GroupView:
    group = await repository.get_group(session, principal.workspace_id, group_id)
    return await _view(session, principal, group)


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> tuple[Page[UserGroup], list[GroupView]]:
    page = await repository.groups_page(session, principal.workspace_id, request, codec)
    return page, await views(session, principal.workspace_id, page.items)


async def rename(
    session: AsyncSession, principal: Principal, group_id: str, name: str
) -> GroupView:
    group = await repository.get_group(session, principal.workspace_id, group_id)
    if name != group.name:
        group.name = name
        await session.flush()
        audit.record(session, principal, "User Group Updated", **_target(group))
    return await _view(session, principal, group)


async def delete(session: AsyncSession, principal: Principal, group_id: str) -> None:
    """Its memberships and permissions go with it; refused (422) if it held the last owner."""
    ws = principal.workspace_id
    group = await repository.get_group(session, ws, group_id)
    await owner.ensure(session, ws, principal.workspace_slug)
    await repository.delete_permissions(session, ws, RESOURCE, [group.id])
    await session.execute(
        scoped_delete(UserGroupMember, ws).where(UserGroupMember.group_id == group.id)
    )
    await session.delete(group)
    await session.flush()
    await permissions.require_an_owner(session, ws)
    audit.record(session, principal, "User Group Deleted", **_target(group))


async def users_page(
    session: AsyncSession,
    principal: Principal,
    group_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[User]:
    group = await repository.get_group(session, principal.workspace_id, group_id)
    return await repository.users_page(
        session, principal.workspace_id, request, codec, group_id=group.id
    )


async def invites_page(
    session: AsyncSession,
    principal: Principal,
    group_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[UserGroupMember]:
    group = await repository.get_group(session, principal.workspace_id, group_id)
    return await repository.invitee_members_page(
        session, principal.workspace_id, group.id, request, codec
    )


async def _members_to_be(
    session: AsyncSession, principal: Principal, emails: list[str], field: str
) -> list[str]:
    """The addresses, normalised and each a user or an invitee of the workspace (422)."""
    ws = principal.workspace_id
    await owner.ensure(session, ws, principal.workspace_slug)
    wanted = [normalize_email(e) for e in emails]
    known = await repository.user_emails(session, ws, wanted) | {
        i.email for i in await repository.invites_by_emails(session, ws, wanted)
    }
    errors = [
        FieldError(f"{field}[{i}]", f"'{email}' is neither a user nor invited (createInvites)")
        if is_email(email)
        else FieldError(f"{field}[{i}]", f"'{email}' is not an email address")
        for i, email in enumerate(wanted)
        if email not in known
    ]
    if errors:
        raise InvalidArgument.for_fields(errors)
    return list(dict.fromkeys(wanted))


def _join(session: AsyncSession, principal: Principal, group: UserGroup, emails: list[str]) -> None:
    now = utcnow()
    session.add_all(  # a microsecond apart: listed in the order given
        UserGroupMember(
            group_id=group.id,
            email=email,
            workspace_id=principal.workspace_id,
            created_at=now + timedelta(microseconds=i),
        )
        for i, email in enumerate(emails)
    )


async def add_members(
    session: AsyncSession, principal: Principal, group_id: str, emails: list[str]
) -> GroupView:
    group = await repository.get_group(session, principal.workspace_id, group_id)
    wanted = await _members_to_be(session, principal, emails, "emails")
    current = await repository.members(session, principal.workspace_id, group.id)
    new = [email for email in wanted if email not in current]
    if new:
        _join(session, principal, group, new)
        await session.flush()
        audit.record(session, principal, "Subjects Added to Group", **_target(group))
    return await _view(session, principal, group)


async def replace_members(
    session: AsyncSession, principal: Principal, group_id: str, emails: list[str]
) -> GroupView:
    ws = principal.workspace_id
    group = await repository.get_group(session, ws, group_id)
    wanted = await _members_to_be(session, principal, emails, "emails")
    current = await repository.members(session, ws, group.id)
    keep = set(wanted)
    gone = sorted(email for email in current if email not in keep)
    new = [email for email in wanted if email not in current]
    if gone:
        await repository.delete_memberships(session, ws, gone, group_id=group.id)
    if new:
        _join(session, principal, group, new)
    await session.flush()
    await permissions.require_an_owner(session, ws)
    if new:
        audit.record(session, principal, "Subjects Added to Group", **_target(group))
    if gone:
        audit.record(session, principal, "Group Memberships Deleted", **_target(group))
    return await _view(session, principal, group)


async def remove_members(
    session: AsyncSession, principal: Principal, group_id: str, emails: list[str]
) -> None:
    """All or nothing: 404 when an address is not a member of the group."""
    ws = principal.workspace_id
    group = await repository.get_group(session, ws, group_id)
    await owner.ensure(session, ws, principal.workspace_slug)
    wanted = list(dict.fromkeys(normalize_email(e) for e in emails))
    if len(wanted) > MAX_AT_ONCE:
        raise InvalidArgument.for_field("emails", f"At most {MAX_AT_ONCE} addresses at a time")
    current = await repository.members(session, ws, group.id)
    missing = [email for email in wanted if email not in current]
    if missing:
        raise NotFound(f"Not members of group '{group.id}': {', '.join(missing)}")
    await repository.delete_memberships(session, ws, wanted, group_id=group.id)
    await permissions.require_an_owner(session, ws)
    audit.record(session, principal, "Group Memberships Deleted", **_target(group))


async def add_permissions(
    session: AsyncSession, principal: Principal, group_id: str, inputs: Sequence[PermissionIn]
) -> list[Permission]:
    await owner.ensure(session, principal.workspace_id, principal.workspace_slug)
    group = await repository.get_group(session, principal.workspace_id, group_id)
    return await permissions.add(session, principal, subject(group), inputs)


async def replace_permissions(
    session: AsyncSession, principal: Principal, group_id: str, inputs: Sequence[PermissionIn]
) -> list[Permission]:
    await owner.ensure(session, principal.workspace_id, principal.workspace_slug)
    group = await repository.get_group(session, principal.workspace_id, group_id)
    return await permissions.replace(session, principal, subject(group), inputs)
