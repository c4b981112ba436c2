"""getWorkspace (``GET /``), and the ``GET /workspaces`` alias a third-party MCP server calls."""

from __future__ import annotations

from typing import Any

from patchwire.resources.workspaces import service
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op


async def get_workspace(call: Call) -> dict[str, Any]:
    workspace = await service.get_own(call.session, call.principal)
    return {"workspace": {"id": workspace.id, "slug": workspace.slug, "name": workspace.name}}


OPERATIONS: list[Operation] = [
    op("getWorkspace", "GET", "/", get_workspace),
    op("getWorkspace", "GET", "/workspaces", get_workspace),
]
