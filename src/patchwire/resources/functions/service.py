"""Function and version rules. Services never commit; audit events join the unit of work.

Decisions the spec leaves open:
- Every code change (create, an update whose ``code`` differs, a restore) makes a version;
  a function's ``code`` is always its latest version's code. Versions of one function are
  strictly ordered by creation time, newest first in lists.
- ``createFunctionDeployment`` deploys the latest version. The spec says it applies to
  Source Functions only, so other types get a 422 ``failed-precondition``; their
  ``deployedAt`` stays null. ``isLatestVersion`` is true when the deployed version is the
  latest one.
- Restoring a version whose code is already current changes nothing and returns the
  latest version; otherwise the old code becomes a new latest version.
- Audit event names follow the spec's examples ("Source Function Modified"): the type's
  label plus Created / Modified / Deleted / Deployed, with resource type ``function``.
  Deleting a function deletes its insert-function instances, each with its own event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FailedPrecondition, FieldError, InvalidArgument, NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Function, FunctionVersion
from patchwire.resources.functions import repository
from patchwire.resources.functions.ids import new_function_id, new_version_id
from patchwire.resources.functions.instances import INSTANCE_DELETED, instance_target
from patchwire.resources.functions.schemas import (
    CreateFunctionIn,
    FunctionSettingIn,
    ResourceType,
    UpdateFunctionIn,
)

RESOURCE = "function"
PREFIX = "function"
LABELS = {
    ResourceType.SOURCE.value: "Source Function",
    ResourceType.DESTINATION.value: "Destination Function",
    ResourceType.INSERT_DESTINATION.value: "Insert Function",
}
_TYPES = frozenset(t.value for t in ResourceType)
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class FunctionView:
    """A function with the id of its latest version (for ``isLatestVersion``)."""

    function: Function
    latest_version_id: str | None

    @property
    def is_latest_version(self) -> bool:
        deployed = self.function.deployed_version_id
        return deployed is not None and deployed == self.latest_version_id


def _record(session: AsyncSession, principal: Principal, function: Function, verb: str) -> None:
    audit.record(
        session,
        principal,
        f"{LABELS.get(function.resource_type, 'Function')} {verb}",
        resource_id=function.id,
        resource_type=RESOURCE,
        resource_name=function.display_name,
    )


def _settings_errors(settings: list[FunctionSettingIn]) -> list[FieldError]:
    errors: list[FieldError] = []
    first: dict[str, int] = {}
    for i, setting in enumerate(settings):
        if setting.name in first:
            errors.append(
                FieldError(
                    f"{PREFIX}.settings[{i}].name",
                    f'"{setting.name}" is already the name of settings[{first[setting.name]}]',
                )
            )
        first.setdefault(setting.name, i)
    return errors


def _stored(settings: list[FunctionSettingIn]) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in settings]


async def _add_version(
    session: AsyncSession, principal: Principal, function: Function
) -> FunctionVersion:
    """A version holding the function's current code, strictly newer than the last one."""
    now = utcnow()
    latest = await repository.latest_version(session, function.workspace_id, function.id)
    if latest is not None and latest.created_at >= now:
        now = latest.created_at + _TICK
    version = FunctionVersion(
        id=new_version_id(),
        workspace_id=function.workspace_id,
        function_id=function.id,
        code=function.code,
        author=principal.actor,
        created_at=now,
        updated_at=now,
    )
    session.add(version)
    await session.flush()
    return version


async def _view(session: AsyncSession, function: Function) -> FunctionView:
    latest = await repository.latest_version(session, function.workspace_id, function.id)
    return FunctionView(function, latest.id if latest else None)


async def create(
    session: AsyncSession, principal: Principal, data: CreateFunctionIn
) -> FunctionView:
    settings = data.settings or []
    errors = _settings_errors(settings)
    if errors:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    function_id, catalog_id = new_function_id(data.resourceType)
    function = Function(
        id=function_id,
        workspace_id=principal.workspace_id,
        resource_type=data.resourceType.value,
        display_name=data.displayName,
        description=data.description,
        logo_url=data.logoUrl,
        code=data.code,
        settings=_stored(settings),
        created_by=principal.actor,
        catalog_id=catalog_id,
        created_at=now,
        updated_at=now,
    )
    session.add(function)
    await session.flush()
    version = await _add_version(session, principal, function)
    _record(session, principal, function, "Created")
    return FunctionView(function, version.id)


async def get(session: AsyncSession, principal: Principal, function_id: str) -> FunctionView:
    function = await repository.get(session, principal.workspace_id, function_id)
    return await _view(session, function)


async def list_page(
    session: AsyncSession,
    principal: Principal,
    resource_type: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[Function]:
    if resource_type not in _TYPES:
        allowed = ", ".join(sorted(_TYPES))
        raise InvalidArgument.for_field("resourceType", f'"resourceType" must be one of {allowed}')
    return await repository.page(session, principal.workspace_id, resource_type, request, codec)


async def update(
    session: AsyncSession, principal: Principal, function_id: str, data: UpdateFunctionIn
) -> FunctionView:
    function = await repository.get(session, principal.workspace_id, function_id)
    fields = data.model_fields_set
    errors = [
        FieldError(f"{PREFIX}.{name}", f'"{name}" cannot be null')
        for name in ("code", "displayName", "settings")
        if name in fields and getattr(data, name) is None
    ]
    if data.settings is not None:
        errors += _settings_errors(data.settings)
    if errors:
        raise InvalidArgument.for_fields(errors)

    before = (function.display_name, function.description, function.logo_url, function.settings)
    if data.displayName is not None:
        function.display_name = data.displayName
    if "description" in fields:
        function.description = data.description
    if "logoUrl" in fields:
        function.logo_url = data.logoUrl
    if data.settings is not None:
        function.settings = _stored(data.settings)
    code_changed = data.code is not None and data.code != function.code
    if data.code is not None:
        function.code = data.code
    after = (function.display_name, function.description, function.logo_url, function.settings)
    if code_changed or after != before:
        function.updated_at = utcnow()
        if code_changed:
            await _add_version(session, principal, function)
        _record(session, principal, function, "Modified")
    return await _view(session, function)


async def delete(session: AsyncSession, principal: Principal, function_id: str) -> None:
    """The function's versions and insert instances go with it (foreign-key cascade)."""
    ws = principal.workspace_id
    function = await repository.get(session, ws, function_id)
    for instance_id, name in await repository.instance_names(session, ws, function.id):
        audit.record(session, principal, INSTANCE_DELETED, **instance_target(instance_id, name))
    _record(session, principal, function, "Deleted")
    await session.delete(function)
    await session.flush()


async def deploy(session: AsyncSession, principal: Principal, function_id: str) -> None:
    function = await repository.get(session, principal.workspace_id, function_id)
    if function.resource_type != ResourceType.SOURCE.value:
        raise FailedPrecondition(
            f"Only source functions are deployed with this operation; '{function.id}' is a "
            f"{function.resource_type} function"
        )
    latest = await repository.latest_version(session, function.workspace_id, function.id)
    if latest is None:
        raise FailedPrecondition(f"Function '{function.id}' has no version to deploy")
    now = utcnow()
    function.deployed_version_id = latest.id
    function.deployed_at = now
    latest.deployed_at = now
    await session.flush()
    _record(session, principal, function, "Deployed")


async def list_versions(
    session: AsyncSession,
    principal: Principal,
    function_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> tuple[Function, Page[FunctionVersion]]:
    ws = principal.workspace_id
    function = await repository.get(session, ws, function_id)
    return function, await repository.versions_page(session, ws, function.id, request, codec)


async def get_version(
    session: AsyncSession, principal: Principal, function_id: str, version_id: str
) -> tuple[Function, FunctionVersion]:
    ws = principal.workspace_id
    function = await repository.get(session, ws, function_id)
    version = await repository.find_version(session, ws, function.id, version_id)
    if version is None:
        raise NotFound.resource("Function version", version_id)
    return function, version


async def restore_version(
    session: AsyncSession, principal: Principal, function_id: str, version_id: str
) -> tuple[Function, FunctionVersion]:
    ws = principal.workspace_id
    function = await repository.get(session, ws, function_id)
    version = await repository.find_version(session, ws, function.id, version_id)
    if version is None:
        raise InvalidArgument.for_field(
            "versionId", f"Function '{function.id}' has no version '{version_id}'"
        )
    if version.code == function.code:
        latest = await repository.latest_version(session, ws, function.id)
        return function, latest or version
    function.code = version.code
    function.updated_at = utcnow()
    restored = await _add_version(session, principal, function)
    _record(session, principal, function, "Modified")
    return function, restored
