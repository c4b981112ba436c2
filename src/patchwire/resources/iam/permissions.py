"""Permissions: validating the roles and resources asked for, storing them as rows, and
adding or replacing a subject's (a user's or a group's) set, with their audit events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FailedPrecondition, FieldError, InvalidArgument
from patchwire.core.ids import new_id
from patchwire.db.base import utcnow
from patchwire.db.models import Label, Permission, Source
from patchwire.db.scoped import scoped, scoped_columns
from patchwire.resources.iam import repository
from patchwire.resources.iam.roles import ROLES_BY_ID, IamRole
from patchwire.resources.iam.schemas import (
    InvitePermissionIn,
    PermissionIn,
    ResourceIn,
    ResourceType,
)

POLICY = "policy"


@dataclass(frozen=True, slots=True)
class Subject:
    """Who permissions are granted to, and how the audit trail names it."""

    type: str
    id: str
    name: str
    updated_event: str
    """``User Policy Updated`` or ``User Group Policy Updated``."""


async def validate(
    session: AsyncSession, workspace_id: str, inputs: Sequence[PermissionIn], prefix: str
) -> list[dict[str, Any]]:
    """Check every permission (422 naming each bad field) and return them in stored form:
    ``{"roleId", "resources": [{"id", "type", "labels": [{"key", "value", ...}]}]}``.

    Resources: WORKSPACE (this workspace's id) for every role; SOURCE (a source of this
    workspace) for Source roles only; labels narrow Source roles to the sources carrying
    all of them, and a SOURCE resource with labels is such a grant (its id is not checked).
    FUNCTION, WAREHOUSE and SPACE resources are refused: roles other than the Source roles
    apply to the whole workspace.
    """
    return (await validate_many(session, workspace_id, [(prefix, inputs)]))[0]


async def validate_many(
    session: AsyncSession,
    workspace_id: str,
    batches: Sequence[tuple[str, Sequence[PermissionIn]]],
) -> list[list[dict[str, Any]]]:
    """``validate`` for several lists at once (each named by its field prefix), with one
    query for the sources and one for the labels they all name."""
    resources = [r for _, inputs in batches for p in inputs for r in p.resources]
    source_ids = {r.id for r in resources if r.type is ResourceType.SOURCE and not r.labels}
    known_sources = await _existing_sources(session, workspace_id, source_ids)
    pairs = {(label.key, label.value) for r in resources for label in r.labels or []}
    known_labels = await _existing_labels(session, workspace_id, pairs)
    errors: list[FieldError] = []
    out: list[list[dict[str, Any]]] = []
    for prefix, inputs in batches:
        stored: list[dict[str, Any]] = []
        for i, permission in enumerate(inputs):
            where = f"{prefix}[{i}]"
            role = ROLES_BY_ID.get(permission.roleId)
            if role is None:
                message = f"No role has id '{permission.roleId}' (listRoles)"
                errors.append(FieldError(f"{where}.roleId", message))
                continue
            if not permission.resources:
                message = "Name at least one resource (the workspace)"
                errors.append(FieldError(f"{where}.resources", message))
                continue
            kept = []
            for j, resource in enumerate(permission.resources):
                at = f"{where}.resources[{j}]"
                errors += _resource_errors(at, role, resource, workspace_id, known_sources)
                labels = []
                for k, label in enumerate(resource.labels or []):
                    found = known_labels.get((label.key, label.value))
                    if found is None:
                        message = f"Label {label.key}:{label.value} does not exist (createLabel)"
                        errors.append(FieldError(f"{at}.labels[{k}]", message))
                    else:
                        labels.append(_label_out(found))
                kept.append({"id": resource.id, "type": resource.type.value, "labels": labels})
            stored.append({"roleId": role.id, "resources": kept})
        out.append(stored)
    if errors:
        raise InvalidArgument.for_fields(errors)
    return out


def _resource_errors(
    where: str, role: IamRole, resource: ResourceIn, workspace_id: str, sources: set[str]
) -> list[FieldError]:
    kind = resource.type
    if kind in (ResourceType.FUNCTION, ResourceType.WAREHOUSE, ResourceType.SPACE):
        return [
            FieldError(
                f"{where}.type",
                f"{kind.value} resources are not supported: grant {role.name} over the "
                "WORKSPACE (only Source roles narrow to single sources)",
            )
        ]
    errors = []
    if resource.labels and not role.per_source:
        errors.append(FieldError(f"{where}.labels", f"{role.name} cannot be narrowed by labels"))
    if kind is ResourceType.WORKSPACE and resource.id != workspace_id:
        errors.append(
            FieldError(f"{where}.id", f"A WORKSPACE resource is this workspace: '{workspace_id}'")
        )
    elif kind is ResourceType.SOURCE and not role.per_source:
        errors.append(
            FieldError(f"{where}.type", f"{role.name} applies to the whole WORKSPACE only")
        )
    elif kind is ResourceType.SOURCE and not resource.labels and resource.id not in sources:
        errors.append(FieldError(f"{where}.id", f"No source with id '{resource.id}'"))
    return errors


async def _existing_sources(session: AsyncSession, workspace_id: str, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    stmt = scoped_columns(Source, workspace_id, Source.id).where(Source.id.in_(ids))
    return set((await session.scalars(stmt)).all())


async def _existing_labels(
    session: AsyncSession, workspace_id: str, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str], Label]:
    if not pairs:
        return {}
    stmt = scoped(Label, workspace_id).where(Label.key.in_({key for key, _ in pairs}))
    return {
        (label.key, label.value): label
        for label in await session.scalars(stmt)
        if (label.key, label.value) in pairs
    }


def _label_out(label: Label) -> dict[str, str]:
    out = {"key": label.key, "value": label.value}
    if label.description is not None:
        out["description"] = label.description
    return out


def from_invite(workspace_id: str, permission: InvitePermissionIn) -> PermissionIn:
    """An invite's permission in the shape the other operations take: resources default to
    the workspace, and the permission's labels narrow each resource."""
    resources = permission.resources or [ResourceIn(id=workspace_id, type=ResourceType.WORKSPACE)]
    if permission.labels:
        resources = [
            r.model_copy(update={"labels": [*(r.labels or []), *permission.labels]})
            for r in resources
        ]
    return PermissionIn(roleId=permission.roleId, resources=resources)


def permission_out(permission: Permission | dict[str, Any]) -> dict[str, Any]:
    """``PermissionV1`` / ``AccessPermissionV1``: the role, its name and its resources."""
    if isinstance(permission, Permission):
        role_id, resources = permission.role_id, permission.resources
    else:
        role_id, resources = permission["roleId"], permission["resources"]
    role = ROLES_BY_ID.get(role_id)
    return {
        "roleId": role_id,
        "roleName": role.name if role else role_id,
        "resources": [
            {"id": r["id"], "type": r["type"], "labels": list(r.get("labels") or [])}
            for r in resources
        ],
    }


def rows(workspace_id: str, subject: Subject, granted: list[dict[str, Any]]) -> list[Permission]:
    """Rows in the order given: each a microsecond after the one before, so reading them
    back by time gives that order."""
    now = utcnow()
    return [
        Permission(
            id=new_id(),
            workspace_id=workspace_id,
            subject_type=subject.type,
            subject_id=subject.id,
            role_id=g["roleId"],
            resources=g["resources"],
            created_at=now + timedelta(microseconds=i),
        )
        for i, g in enumerate(granted)
    ]


async def add(
    session: AsyncSession,
    principal: Principal,
    subject: Subject,
    inputs: Sequence[PermissionIn],
) -> list[Permission]:
    """Grant more (a permission equal to one held already is not stored twice); returns
    every permission the subject now holds."""
    ws = principal.workspace_id
    granted = await validate(session, ws, inputs, "permissions")
    held = (await repository.permissions_of(session, ws, subject.type, [subject.id]))[subject.id]
    seen = {_key(p.role_id, p.resources) for p in held}
    new = []
    for grant in granted:
        key = _key(grant["roleId"], grant["resources"])
        if key not in seen:
            seen.add(key)
            new.append(grant)
    added = rows(ws, subject, new)
    session.add_all(added)
    await session.flush()
    _audit(session, principal, subject, added, "Policy Created")
    return [*held, *added]


async def replace(
    session: AsyncSession,
    principal: Principal,
    subject: Subject,
    inputs: Sequence[PermissionIn],
) -> list[Permission]:
    """Grant exactly ``inputs``; refused (422) when no Workspace Owner would remain."""
    ws = principal.workspace_id
    granted = await validate(session, ws, inputs, "permissions")
    held = (await repository.permissions_of(session, ws, subject.type, [subject.id]))[subject.id]
    await repository.delete_permissions(session, ws, subject.type, [subject.id])
    added = rows(ws, subject, granted)
    session.add_all(added)
    await session.flush()
    await require_an_owner(session, ws)
    _audit(session, principal, subject, held, "Policy Deleted", updated=False)
    _audit(session, principal, subject, added, "Policy Created")
    return added


def _audit(
    session: AsyncSession,
    principal: Principal,
    subject: Subject,
    permissions: list[Permission],
    event: str,
    *,
    updated: bool = True,
) -> None:
    for permission in permissions:
        role = ROLES_BY_ID.get(permission.role_id)
        audit.record(
            session,
            principal,
            event,
            resource_id=permission.id,
            resource_type=POLICY,
            resource_name=f"{role.name if role else permission.role_id} for {subject.name}"[:255],
        )
    if updated:
        audit.record(
            session,
            principal,
            subject.updated_event,
            resource_id=subject.id,
            resource_type=subject.type,
            resource_name=subject.name[:255],
        )


def _key(role_id: str, resources: list[Any]) -> str:
    parts = sorted(
        f"{r['type']}:{r['id']}:{sorted((lb['key'], lb['value']) for lb in r['labels'])}"
        for r in resources
    )
    return f"{role_id}|{parts}"


async def require_an_owner(session: AsyncSession, workspace_id: str) -> None:
    """After a change that may take the role away: some user must still be an owner."""
    if not await repository.has_owner(session, workspace_id):
        raise FailedPrecondition(
            "The workspace must keep at least one Workspace Owner; grant the role to another "
            "user first"
        )
