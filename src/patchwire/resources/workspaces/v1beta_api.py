"""Workspaces on the Config API. A token sees exactly one workspace: its own."""

from __future__ import annotations

from typing import Any

from patchwire.db.models import Workspace
from patchwire.resources.workspaces import service
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.wire import timestamp


def workspace_out(workspace: Workspace) -> dict[str, Any]:
    return {
        "name": names.workspace(workspace.slug),
        "display_name": workspace.name,
        "id": workspace.id,
        "create_time": timestamp(workspace.created_at),
    }


async def list_workspaces(call: ConfigCall) -> dict[str, Any]:
    workspace = await service.get_own(call.session, call.principal)
    return {"workspaces": [workspace_out(workspace)], "next_page_token": ""}


async def get_workspace(call: ConfigCall) -> dict[str, Any]:
    call.workspace()
    return workspace_out(await service.get_own(call.session, call.principal))


OPERATIONS: list[Operation] = [
    cop("listWorkspaces", "GET", "/workspaces", list_workspaces),
    cop("getWorkspace", "GET", "/workspaces/{workspace}", get_workspace),
]
