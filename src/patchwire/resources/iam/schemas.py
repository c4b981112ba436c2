"""Wire inputs for users, invites, groups and permissions (Public API shape)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from patchwire.resources.sources.schemas import LabelIn, WireModel

Email = Annotated[str, Field(min_length=3, max_length=254)]
"""254: the longest address SMTP can carry."""
Id = Annotated[str, Field(min_length=1, max_length=255)]
RoleId = Annotated[str, Field(min_length=1, max_length=64)]
MAX_ITEMS = 200


class ResourceType(StrEnum):
    FUNCTION = "FUNCTION"
    SOURCE = "SOURCE"
    SPACE = "SPACE"
    WAREHOUSE = "WAREHOUSE"
    WORKSPACE = "WORKSPACE"


class ResourceIn(WireModel):
    id: Id
    type: ResourceType
    labels: Annotated[list[LabelIn], Field(max_length=MAX_ITEMS)] | None = None


class PermissionIn(WireModel):
    roleId: RoleId
    resources: Annotated[list[ResourceIn], Field(max_length=MAX_ITEMS)]


class PermissionsIn(WireModel):
    permissions: Annotated[list[PermissionIn], Field(max_length=MAX_ITEMS)]


class InvitePermissionIn(WireModel):
    """An invite's permission: ``resources`` default to the workspace; ``labels`` narrow
    every resource, as labels on a permission's resources do."""

    roleId: RoleId
    resources: Annotated[list[ResourceIn], Field(max_length=MAX_ITEMS)] | None = None
    labels: Annotated[list[LabelIn], Field(max_length=MAX_ITEMS)] | None = None


class InviteIn(WireModel):
    email: Email
    permissions: Annotated[list[InvitePermissionIn], Field(max_length=MAX_ITEMS)] | None = None


class CreateInvitesIn(WireModel):
    invites: Annotated[list[InviteIn], Field(min_length=1, max_length=MAX_ITEMS)]


class GroupIn(WireModel):
    name: Annotated[str, Field(min_length=1, max_length=255)]


class EmailsIn(WireModel):
    emails: Annotated[list[Email], Field(max_length=1000)]
