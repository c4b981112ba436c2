"""Personal access tokens on the Config API (pinned C8: create, list, get, delete).

Scopes map to roles: ``workspace`` ↔ owner, ``workspace:read`` ↔ read-only; the same
tokens work on both APIs. Create takes an owner token of the workspace, or the operator's
HTTP Basic credential (``PATCHWIRE_ADMIN_USER``/``PATCHWIRE_ADMIN_PASSWORD``) for any
workspace. The secret is in the create response only.
"""

from __future__ import annotations

from typing import Any

from patchwire.core.auth import Role
from patchwire.core.errors import InvalidArgument, NotFound, PermissionDenied
from patchwire.db.models import ApiToken
from patchwire.resources.tokens import service
from patchwire.resources.workspaces import service as workspaces
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.wire import timestamp

SCOPES = {"workspace": Role.OWNER, "workspace:read": Role.READ_ONLY}
SCOPE_OF = {role: scope for scope, role in SCOPES.items()}


def token_out(token: ApiToken, workspace_slug: str) -> dict[str, Any]:
    return {
        "name": names.access_token(token.id),
        "description": token.description,
        "scopes": SCOPE_OF[Role(token.role)],
        "workspace_names": [names.workspace(workspace_slug)],
        "create_time": timestamp(token.created_at),
    }


async def create_token(call: ConfigCall) -> dict[str, Any]:
    body = call.json().get("access_token")
    if not isinstance(body, dict):
        raise InvalidArgument.for_field("access_token", "access_token is required")
    scope = body.get("scopes", "workspace")
    if scope not in SCOPES:
        raise InvalidArgument.for_field(
            "access_token.scopes", "scopes must be 'workspace' or 'workspace:read'"
        )
    workspace_names = body.get("workspace_names") or [
        names.workspace(call.principal.workspace_slug)
    ]
    if not isinstance(workspace_names, list) or len(workspace_names) != 1:
        raise InvalidArgument.for_field(
            "access_token.workspace_names", "name exactly one workspace: workspaces/{slug}"
        )
    slug = names.last_segment(
        str(workspace_names[0]), collection="workspaces", field="access_token.workspace_names"
    )
    if not call.principal.operator and slug != call.principal.workspace_slug:
        raise NotFound(f"Workspace '{slug}' not found")
    workspace = await workspaces.get_by_slug(call.session, slug)
    description = body.get("description") or ""
    if not isinstance(description, str) or len(description) > 500:
        raise InvalidArgument.for_field("access_token.description", "at most 500 characters")
    issued = await service.issue(call.session, workspace, SCOPES[scope], description)
    return {**token_out(issued.token, slug), "token": issued.secret}


async def list_tokens(call: ConfigCall) -> dict[str, Any]:
    tokens = await service.list_tokens(call.session, call.principal.workspace_id)
    live = [t for t in tokens if t.revoked_at is None]
    slug = call.principal.workspace_slug
    return {"access_tokens": [token_out(t, slug) for t in live], "next_page_token": ""}


async def _own(call: ConfigCall) -> ApiToken:
    return await service.get_live(call.session, call.principal.workspace_id, call.path["token"])


async def get_token(call: ConfigCall) -> dict[str, Any]:
    return token_out(await _own(call), call.principal.workspace_slug)


async def delete_token(call: ConfigCall) -> dict[str, Any]:
    token = await _own(call)
    if call.principal.role is not Role.OWNER:
        raise PermissionDenied("insufficient scope")
    await service.revoke(call.session, token.id)
    return {}


OPERATIONS: list[Operation] = [
    cop("createAccessToken", "POST", "/access-tokens", create_token, admin_basic=True),
    cop("listAccessTokens", "GET", "/access-tokens", list_tokens),
    cop("getAccessToken", "GET", "/access-tokens/{token}", get_token),
    cop("deleteAccessToken", "DELETE", "/access-tokens/{token}", delete_token),
]
