"""Regulations and suppressed users on the Config API: 501 Unimplemented, on purpose.

Segment's regulations delete or suppress an end user's data, and its suppressed-users list
names the users suppressed. Patchwire stores workspace configuration only: it receives no
events and holds no end-user data, so it has nothing to delete or suppress. Every one of
these calls answers 501 (code 12) in the Config error shape, never a success that would
tell a privacy workflow something was done. The usual checks come first: authentication,
the write scope for creates and deletes, and the path's workspace (another one is a 404).
"""

from __future__ import annotations

from typing import Any

from patchwire.core.errors import Unimplemented
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.operation import ConfigHandler, cop

WHY = (
    "Patchwire does not process end-user data: it receives no events and stores no user "
    "data, so it cannot delete or suppress any"
)


def refuse(what: str) -> ConfigHandler:
    """A handler that checks the workspace, then answers 501 for ``what``."""

    async def unimplemented(call: ConfigCall) -> dict[str, Any]:
        call.workspace()
        raise Unimplemented(f"{what} is not implemented. {WHY}")

    return unimplemented


SOURCE_REGULATIONS = "/workspaces/{workspace}/sources/{source}/regulations"
REGULATIONS = "/workspaces/{workspace}/regulations"
REGULATION = f"{REGULATIONS}/{{regulation}}"

OPERATIONS: list[Operation] = [
    cop(
        "createSourceRegulation",
        "POST",
        SOURCE_REGULATIONS,
        refuse("Creating a source regulation"),
    ),
    cop(
        "deleteSourceRegulation",
        "DELETE",
        SOURCE_REGULATIONS,
        refuse("Deleting a source regulation"),
    ),
    cop("listRegulations", "GET", REGULATIONS, refuse("Listing regulations")),
    cop("createRegulation", "POST", REGULATIONS, refuse("Creating a regulation")),
    cop("getRegulation", "GET", REGULATION, refuse("Getting a regulation")),
    cop("deleteRegulation", "DELETE", REGULATION, refuse("Deleting a regulation")),
    cop(
        "listSuppressedUsers",
        "GET",
        "/workspaces/{workspace}/suppressed-users",
        refuse("Listing suppressed users"),
    ),
]
