"""The fixed catalog of roles a permission can grant, with ids that never change.

Workspace Owner carries the id Segment publishes for it, so payloads written for Segment
work unchanged; the other ids are Patchwire's own. A role grants a level on one or more
families of operations (``core.access``). Source roles alone may be narrowed to single
sources (SOURCE resources) or to sources carrying labels; every other role applies to the
whole workspace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from patchwire.core.access import GRANTABLE, Family, Level


@dataclass(frozen=True, slots=True)
class IamRole:
    id: str
    name: str
    description: str
    grants: Mapping[Family, Level]

    @property
    def per_source(self) -> bool:
        """Whether SOURCE resources and labels may narrow the role."""
        return set(self.grants) == {Family.SOURCE}


WORKSPACE_OWNER = IamRole(
    "1WDUuRLxv84rrfCNUwvkrRtkxnS",
    "Workspace Owner",
    "Reads and changes everything in the workspace, including who may do what: users, "
    "invites, groups, permissions, labels and the audit trail.",
    dict.fromkeys(GRANTABLE, Level.WRITE),
)

ROLES: tuple[IamRole, ...] = (
    WORKSPACE_OWNER,
    IamRole(
        "p1unEAkwFL06npaZ6G9MtxczvY1",
        "Workspace Member",
        "Belongs to the workspace and sees the workspace, the catalog and its labels; "
        "combine it with the roles below to open anything else.",
        {},
    ),
    IamRole(
        "BGP6whMK5BzwHIQUr2Fx0S6GoFs",
        "Source Admin",
        "Creates, changes and deletes sources and everything fed by them (destinations, "
        "filters, subscriptions, transformations): all of them, or only those granted by id "
        "or by label.",
        {Family.SOURCE: Level.WRITE},
    ),
    IamRole(
        "n2o3tTBABaKIBcosVEfv3h1PYMZ",
        "Source Read-only",
        "Sees sources and everything fed by them, without changing anything: all of them, "
        "or only those granted by id or by label.",
        {Family.SOURCE: Level.READ},
    ),
    IamRole(
        "yTH0jffQMYyH09o1CrLRAdIRkzg",
        "Tracking Plan Admin",
        "Creates, changes and deletes tracking plans, their rules and their source links.",
        {Family.TRACKING_PLAN: Level.WRITE},
    ),
    IamRole(
        "kRvjky5HbQ07RaoNeY0013DE1bX",
        "Tracking Plan Read-only",
        "Sees tracking plans and their rules, without changing them.",
        {Family.TRACKING_PLAN: Level.READ},
    ),
    IamRole(
        "kbfkoqsfzs94uTGARNwomstesWg",
        "Functions Admin",
        "Writes, deploys and deletes functions and manages insert-function instances.",
        {Family.FUNCTION: Level.WRITE},
    ),
    IamRole(
        "6CiS9JbCnN7WKfxwFyZ4eQ5SNWI",
        "Functions Read-only",
        "Sees functions, their versions and insert-function instances, without changing them.",
        {Family.FUNCTION: Level.READ},
    ),
    IamRole(
        "Mk2cHNwRXvrEO3mdEHmbqOP9M9h",
        "Warehouse Admin",
        "Connects, changes and deletes warehouses and chooses which sources feed them.",
        {Family.WAREHOUSE: Level.WRITE},
    ),
    IamRole(
        "44ynxhTjrJfxRt3z0XFU5cMMqyD",
        "Warehouse Read-only",
        "Sees warehouses and their connections, without changing them.",
        {Family.WAREHOUSE: Level.READ},
    ),
)

ROLES_BY_ID: Mapping[str, IamRole] = {role.id: role for role in ROLES}
