"""A user's effective access: their own permissions plus those of every group whose members
include their email, in one query; label grants resolved to sources in one more."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.access import Access, Family, Level
from patchwire.db.models import Label, Permission, SourceLabel, UserGroupMember
from patchwire.db.scoped import scoped_columns
from patchwire.resources.iam.repository import GROUP, USER
from patchwire.resources.iam.roles import ROLES_BY_ID

LabelSet = frozenset[tuple[str, str]]


async def user_access(session: AsyncSession, workspace_id: str, user_id: str, email: str) -> Access:
    groups = scoped_columns(UserGroupMember, workspace_id, UserGroupMember.group_id).where(
        UserGroupMember.email == email
    )
    rows = await session.execute(
        scoped_columns(Permission, workspace_id, Permission.role_id, Permission.resources).where(
            or_(
                and_(Permission.subject_type == USER, Permission.subject_id == user_id),
                and_(Permission.subject_type == GROUP, Permission.subject_id.in_(groups)),
            )
        )
    )
    workspace: dict[Family, Level] = {}
    sources: dict[str, Level] = {}
    by_labels: list[tuple[LabelSet, Level]] = []
    for role_id, resources in rows:
        role = ROLES_BY_ID.get(role_id)
        if role is None:
            continue
        for resource in resources:
            labels = _labels(resource)
            if role.per_source and labels:
                by_labels.append((labels, role.grants[Family.SOURCE]))
            elif resource.get("type") == "WORKSPACE":
                for family, level in role.grants.items():
                    workspace[family] = max(workspace.get(family, Level.NONE), level)
            elif role.per_source and resource.get("type") == "SOURCE":
                source_id = str(resource.get("id"))
                level = role.grants[Family.SOURCE]
                sources[source_id] = max(sources.get(source_id, Level.NONE), level)
    some_sources = max([*sources.values(), *(level for _, level in by_labels)], default=Level.NONE)
    for source_id, level in (await _label_grants(session, workspace_id, by_labels)).items():
        sources[source_id] = max(sources.get(source_id, Level.NONE), level)
    return Access(workspace, sources, some_sources)


def _labels(resource: dict[str, Any]) -> LabelSet:
    return frozenset(
        (str(label.get("key")), str(label.get("value"))) for label in resource.get("labels") or []
    )


async def _label_grants(
    session: AsyncSession, workspace_id: str, grants: list[tuple[LabelSet, Level]]
) -> dict[str, Level]:
    """Per source, the best level of the label grants whose labels it all carries."""
    if not grants:
        return {}
    keys = {key for labels, _ in grants for key, _ in labels}
    rows = await session.execute(
        scoped_columns(SourceLabel, workspace_id, SourceLabel.source_id, Label.key, Label.value)
        .join(Label, Label.id == SourceLabel.label_id)
        .where(Label.key.in_(keys))
    )
    carried: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for source_id, key, value in rows:
        carried[source_id].add((key, value))
    out: dict[str, Level] = {}
    for source_id, pairs in carried.items():
        for labels, level in grants:
            if labels <= pairs:
                out[source_id] = max(out.get(source_id, Level.NONE), level)
    return out
