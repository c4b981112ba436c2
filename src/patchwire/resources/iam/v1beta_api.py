"""Roles, invites and role policies on the Config API, over the IAM services.

Shapes follow the Config API's own style (pinned C6): roles are
``{name: workspaces/{ws}/roles/{role id}, display_name, description}``; invites are
``{name: workspaces/{ws}/invites/{invite id}, email, create_time}``. Role policies (grants
of a role to a subject) are served by the Public API's permission operations
(``/users/{id}/permissions``, ``/groups/{id}/permissions``); their Config spelling answers
501 rather than pretending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from patchwire.core.errors import InvalidArgument, NotFound, Unimplemented
from patchwire.core.pagination import MAX_COUNT, PageRequest, page_sequence
from patchwire.core.validation import parse_python_model
from patchwire.db.models import Invite
from patchwire.resources.iam import invites
from patchwire.resources.iam.roles import ROLES, IamRole
from patchwire.resources.iam.schemas import InviteIn
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.wire import page_out, timestamp


def role_out(role: IamRole, workspace_slug: str) -> dict[str, Any]:
    return {
        "name": f"{names.workspace(workspace_slug)}/roles/{role.id}",
        "display_name": role.name,
        "description": role.description,
    }


def invite_out(invite: Invite, workspace_slug: str) -> dict[str, Any]:
    return {
        "name": f"{names.workspace(workspace_slug)}/invites/{invite.id}",
        "email": invite.email,
        "create_time": timestamp(invite.created_at),
    }


async def list_roles(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    ordered = sorted(ROLES, key=lambda role: role.id)
    page = page_sequence(
        ordered,
        call.page(),
        codec=call.runtime.cursors,
        list_name="config:roles",
        key_of=lambda role: role.id,
    )
    return page_out("roles", [role_out(r, ws) for r in page.items], page)


async def list_invites(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    page = await invites.list_page(call.session, call.principal, call.page(), call.runtime.cursors)
    return page_out("invites", [invite_out(i, ws) for i in page.items], page)


async def create_invite(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    body = call.json().get("invite")
    if not isinstance(body, dict):
        raise InvalidArgument.for_field("invite", "invite is required")
    data = parse_python_model(InviteIn, {"email": body.get("email")}, "invite")
    await invites.create(call.session, call.principal, [data])
    made = await _find(call, lambda invite: invite.email == invites.normalize_email(data.email))
    return invite_out(made, ws)


async def _find(call: ConfigCall, wanted: Callable[[Invite], bool]) -> Invite:
    """Walk the workspace's invites (keyset pages) for the first one ``wanted`` accepts."""
    cursor: str | None = None
    while True:
        page = await invites.list_page(
            call.session, call.principal, PageRequest(MAX_COUNT, cursor), call.runtime.cursors
        )
        for invite in page.items:
            if wanted(invite):
                return invite
        if page.next is None:
            raise NotFound("Invite not found")
        cursor = page.next


async def delete_invite(call: ConfigCall) -> dict[str, Any]:
    call.workspace()
    invite = await _find(call, lambda invite: invite.id == call.path["invite"])
    await invites.delete_many(call.session, call.principal, [invite.email])
    return {}


async def policies(call: ConfigCall) -> dict[str, Any]:
    call.workspace()
    raise Unimplemented(
        "Role policies are managed with the Public API's permission operations "
        "(/users/{userId}/permissions, /groups/{userGroupId}/permissions)"
    )


WS = "/workspaces/{workspace}"

OPERATIONS: list[Operation] = [
    cop("listRoles", "GET", f"{WS}/roles", list_roles),
    cop("listInvites", "GET", f"{WS}/invites", list_invites),
    cop("createInvite", "POST", f"{WS}/invites", create_invite),
    cop("deleteInvite", "DELETE", f"{WS}/invites/{{invite}}", delete_invite),
    cop("listPolicies", "GET", f"{WS}/roles/{{role}}/policies", policies),
    cop("createRolePolicy", "POST", f"{WS}/roles/{{role}}/policies", policies),
    cop("deleteRolePolicy", "DELETE", f"{WS}/roles/{{role}}/policies/{{policy}}", policies),
]
