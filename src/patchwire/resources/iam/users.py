"""Users: listed, read, deleted (many at once), and granted permissions. Services never
commit; every change is audited in the same unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import InvalidArgument, NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.models import Permission, User, UserGroup
from patchwire.db.scoped import scoped_delete
from patchwire.resources.iam import owner, permissions, repository
from patchwire.resources.iam.invites import MAX_AT_ONCE
from patchwire.resources.iam.schemas import PermissionIn

RESOURCE = repository.USER


@dataclass(frozen=True, slots=True)
class UserView:
    user: User
    permissions: list[Permission]


def subject(user: User) -> permissions.Subject:
    return permissions.Subject(RESOURCE, user.id, user.email, "User Policy Updated")


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> tuple[Page[User], list[UserView]]:
    ws = principal.workspace_id
    page = await repository.users_page(session, ws, request, codec)
    if page.total == 0 and (unsaved := await owner.unsaved(session, principal)) is not None:
        user, permission = unsaved
        return Page([user], page.current, None, None, 1), [UserView(user, [permission])]
    held = await repository.permissions_of(session, ws, RESOURCE, [user.id for user in page.items])
    return page, [UserView(user, held[user.id]) for user in page.items]


async def resolve(session: AsyncSession, principal: Principal, user_id: str) -> UserView:
    """A user of the workspace with their permissions (the owner shows before it is stored)."""
    ws = principal.workspace_id
    try:
        user = await repository.get_user(session, ws, user_id)
    except NotFound:
        unsaved = await owner.unsaved(session, principal)
        if unsaved is None or unsaved[0].id != user_id:
            raise
        return UserView(unsaved[0], [unsaved[1]])
    held = await repository.permissions_of(session, ws, RESOURCE, [user.id])
    return UserView(user, held[user.id])


async def groups_page(
    session: AsyncSession,
    principal: Principal,
    user_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[UserGroup]:
    view = await resolve(session, principal, user_id)
    return await repository.groups_page(
        session, principal.workspace_id, request, codec, member_email=view.user.email
    )


async def delete_many(session: AsyncSession, principal: Principal, user_ids: list[str]) -> None:
    """All or nothing: 404 when an id is not a user of this workspace, 422 when no
    Workspace Owner would remain. Their permissions, group memberships and tokens go too."""
    ws = principal.workspace_id
    wanted = list(dict.fromkeys(user_ids))
    if len(wanted) > MAX_AT_ONCE:
        raise InvalidArgument.for_field("userIds", f"At most {MAX_AT_ONCE} users at a time")
    await owner.ensure(session, ws, principal.workspace_slug)
    users = {user.id: user for user in await repository.users_by_ids(session, ws, wanted)}
    missing = [user_id for user_id in wanted if user_id not in users]
    if missing:
        raise NotFound(f"No user with id {', '.join(repr(m) for m in missing)} in this workspace")
    emails = {user.email: user for user in users.values()}
    removed = await repository.delete_memberships(session, ws, list(emails))
    await repository.delete_permissions(session, ws, RESOURCE, wanted)
    await session.execute(scoped_delete(User, ws).where(User.id.in_(wanted)))
    await permissions.require_an_owner(session, ws)
    left = {email for group_emails in removed.values() for email in group_emails}
    for user_id in wanted:
        user = users[user_id]
        target = {"resource_id": user.id, "resource_type": RESOURCE, "resource_name": user.email}
        if user.email in left:
            audit.record(session, principal, "Group Memberships Deleted", **target)
        audit.record(session, principal, "User Deleted", **target)


async def add_permissions(
    session: AsyncSession, principal: Principal, user_id: str, inputs: Sequence[PermissionIn]
) -> list[Permission]:
    await owner.ensure(session, principal.workspace_id, principal.workspace_slug)
    user = await repository.get_user(session, principal.workspace_id, user_id)
    return await permissions.add(session, principal, subject(user), inputs)


async def replace_permissions(
    session: AsyncSession, principal: Principal, user_id: str, inputs: Sequence[PermissionIn]
) -> list[Permission]:
    await owner.ensure(session, principal.workspace_id, principal.workspace_slug)
    user = await repository.get_user(session, principal.workspace_id, user_id)
    return await permissions.replace(session, principal, subject(user), inputs)
