"""IAM on the Public API: users, invites, roles and user groups (wire shapes only).

The spec's paths as the official SDK calls them, including the singular
``/group/{userGroupId}/users`` of removeUsersFromUserGroup and replaceUsersInUserGroup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from patchwire.core.pagination import page_sequence
from patchwire.db.models import Permission, User, UserGroup
from patchwire.resources.iam import groups, invites, users
from patchwire.resources.iam.groups import GroupView
from patchwire.resources.iam.permissions import permission_out
from patchwire.resources.iam.roles import ROLES, IamRole
from patchwire.resources.iam.schemas import CreateInvitesIn, EmailsIn, GroupIn, PermissionsIn
from patchwire.resources.iam.users import UserView
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def minimal_user_out(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "email": user.email}


def user_out(view: UserView) -> dict[str, Any]:
    return {
        **minimal_user_out(view.user),
        "permissions": [permission_out(p) for p in view.permissions],
    }


def group_out(view: GroupView) -> dict[str, Any]:
    return {
        "id": view.group.id,
        "name": view.group.name,
        "memberCount": view.member_count,
        "permissions": [permission_out(p) for p in view.permissions],
    }


def minimal_group_out(group: UserGroup) -> dict[str, Any]:
    return {"id": group.id, "name": group.name}


def role_out(role: IamRole) -> dict[str, Any]:
    return {"id": role.id, "name": role.name, "description": role.description}


def permissions_out(held: list[Permission]) -> dict[str, Any]:
    return {"permissions": [permission_out(p) for p in held]}


# --- users ------------------------------------------------------------------------------


async def list_users(call: Call) -> dict[str, Any]:
    page, views = await users.list_page(
        call.session, call.principal, call.page(), call.runtime.cursors
    )
    return {"users": [user_out(v) for v in views], "pagination": page_out(page)}


async def get_user(call: Call) -> dict[str, Any]:
    view = await users.resolve(call.session, call.principal, call.path["userId"])
    return {"user": user_out(view)}


async def delete_users(call: Call) -> dict[str, Any]:
    await users.delete_many(call.session, call.principal, call.q_list("userIds", required=True))
    return {"status": "SUCCESS"}


async def list_user_groups_from_user(call: Call) -> dict[str, Any]:
    page = await users.groups_page(
        call.session, call.principal, call.path["userId"], call.page(), call.runtime.cursors
    )
    return {"groups": [minimal_group_out(g) for g in page.items], "pagination": page_out(page)}


async def add_permissions_to_user(call: Call) -> dict[str, Any]:
    data = call.body(PermissionsIn)
    held = await users.add_permissions(
        call.session, call.principal, call.path["userId"], data.permissions
    )
    return permissions_out(held)


async def replace_permissions_for_user(call: Call) -> dict[str, Any]:
    data = call.body(PermissionsIn)
    held = await users.replace_permissions(
        call.session, call.principal, call.path["userId"], data.permissions
    )
    return permissions_out(held)


# --- invites and roles ------------------------------------------------------------------


async def create_invites(call: Call) -> dict[str, Any]:
    data = call.body(CreateInvitesIn)
    return {"emails": await invites.create(call.session, call.principal, data.invites)}


async def list_invites(call: Call) -> dict[str, Any]:
    page = await invites.list_page(call.session, call.principal, call.page(), call.runtime.cursors)
    return {"invites": [i.email for i in page.items], "pagination": page_out(page)}


async def delete_invites(call: Call) -> dict[str, Any]:
    await invites.delete_many(call.session, call.principal, call.q_list("emails", required=True))
    return {"status": "SUCCESS"}


def _position(order: dict[str, str]) -> Callable[[IamRole], str]:
    """The catalog's order as a sortable key (page_sequence pages by a sorted unique key)."""
    return lambda role: order[role.id]


async def list_roles(call: Call) -> dict[str, Any]:
    order = {role.id: f"{i:04d}" for i, role in enumerate(ROLES)}
    page = page_sequence(
        ROLES, call.page(), codec=call.runtime.cursors, list_name="roles", key_of=_position(order)
    )
    return {"roles": [role_out(r) for r in page.items], "pagination": page_out(page)}


OPERATIONS: list[Operation] = [
    op("listUsers", "GET", "/users", list_users),
    op("deleteUsers", "DELETE", "/users", delete_users),
    op("getUser", "GET", "/users/{userId}", get_user),
    op("listUserGroupsFromUser", "GET", "/users/{userId}/groups", list_user_groups_from_user),
    op("addPermissionsToUser", "POST", "/users/{userId}/permissions", add_permissions_to_user),
    op(
        "replacePermissionsForUser",
        "PUT",
        "/users/{userId}/permissions",
        replace_permissions_for_user,
    ),
    op("createInvites", "POST", "/invites", create_invites, status=201),
    op("listInvites", "GET", "/invites", list_invites),
    op("deleteInvites", "DELETE", "/invites", delete_invites),
    op("listRoles", "GET", "/roles", list_roles),
]


# --- user groups ------------------------------------------------------------------------


def _group(call: Call) -> str:
    return call.path["userGroupId"]


async def list_user_groups(call: Call) -> dict[str, Any]:
    page, views = await groups.list_page(
        call.session, call.principal, call.page(), call.runtime.cursors
    )
    return {"userGroups": [group_out(v) for v in views], "pagination": page_out(page)}


async def create_user_group(call: Call) -> dict[str, Any]:
    data = call.body(GroupIn)
    return {"userGroup": group_out(await groups.create(call.session, call.principal, data.name))}


async def get_user_group(call: Call) -> dict[str, Any]:
    return {"userGroup": group_out(await groups.get(call.session, call.principal, _group(call)))}


async def update_user_group(call: Call) -> dict[str, Any]:
    data = call.body(GroupIn)
    view = await groups.rename(call.session, call.principal, _group(call), data.name)
    return {"userGroup": group_out(view)}


async def delete_user_group(call: Call) -> dict[str, Any]:
    await groups.delete(call.session, call.principal, _group(call))
    return {"status": "SUCCESS"}


async def list_users_from_user_group(call: Call) -> dict[str, Any]:
    page = await groups.users_page(
        call.session, call.principal, _group(call), call.page(), call.runtime.cursors
    )
    return {"users": [minimal_user_out(u) for u in page.items], "pagination": page_out(page)}


async def list_invites_from_user_group(call: Call) -> dict[str, Any]:
    page = await groups.invites_page(
        call.session, call.principal, _group(call), call.page(), call.runtime.cursors
    )
    return {"emails": [m.email for m in page.items], "pagination": page_out(page)}


async def add_users_to_user_group(call: Call) -> dict[str, Any]:
    data = call.body(EmailsIn)
    view = await groups.add_members(call.session, call.principal, _group(call), data.emails)
    return {"userGroup": group_out(view)}


async def replace_users_in_user_group(call: Call) -> dict[str, Any]:
    data = call.body(EmailsIn)
    view = await groups.replace_members(call.session, call.principal, _group(call), data.emails)
    return {"userGroup": group_out(view)}


async def remove_users_from_user_group(call: Call) -> dict[str, Any]:
    emails = call.q_list("emails", required=True)
    await groups.remove_members(call.session, call.principal, _group(call), emails)
    return {"status": "SUCCESS"}


async def add_permissions_to_user_group(call: Call) -> dict[str, Any]:
    data = call.body(PermissionsIn)
    held = await groups.add_permissions(
        call.session, call.principal, _group(call), data.permissions
    )
    return permissions_out(held)


async def replace_permissions_for_user_group(call: Call) -> dict[str, Any]:
    data = call.body(PermissionsIn)
    held = await groups.replace_permissions(
        call.session, call.principal, _group(call), data.permissions
    )
    return permissions_out(held)


GROUP = "/groups/{userGroupId}"

OPERATIONS += [
    op("listUserGroups", "GET", "/groups", list_user_groups),
    op("createUserGroup", "POST", "/groups", create_user_group),
    op("getUserGroup", "GET", GROUP, get_user_group),
    op("updateUserGroup", "PATCH", GROUP, update_user_group),
    op("deleteUserGroup", "DELETE", GROUP, delete_user_group),
    op("listUsersFromUserGroup", "GET", f"{GROUP}/users", list_users_from_user_group),
    op("addUsersToUserGroup", "POST", f"{GROUP}/users", add_users_to_user_group),
    op("listInvitesFromUserGroup", "GET", f"{GROUP}/invites", list_invites_from_user_group),
    op(
        "addPermissionsToUserGroup",
        "POST",
        f"{GROUP}/permissions",
        add_permissions_to_user_group,
    ),
    op(
        "replacePermissionsForUserGroup",
        "PUT",
        f"{GROUP}/permissions",
        replace_permissions_for_user_group,
    ),
    # the spec's singular path, exactly as the official SDK calls it
    op(
        "replaceUsersInUserGroup",
        "PUT",
        "/group/{userGroupId}/users",
        replace_users_in_user_group,
    ),
    op(
        "removeUsersFromUserGroup",
        "DELETE",
        "/group/{userGroupId}/users",
        remove_users_from_user_group,
    ),
]
