"""Insert-function instance rules: an INSERT_DESTINATION function attached to a destination.

Decisions the spec leaves open:
- ``functionId`` (body and query) takes the function's id or its catalog id, the id
  without ``ifnd_`` (what Segment's own clients send); ``classId`` answers the catalog id.
- ``integrationId`` must name a destination of the workspace (the store links instances
  to destinations only). Unknown references in a body are 422s naming the field; an
  unknown ``functionId`` in the list query is a 404, as a path parameter would be.
- ``enabled`` defaults to true. ``updateInsertFunctionInstance`` merges ``settings`` into
  what is stored, like every other PATCH here; an absent ``settings`` means unchanged.
- Audit events: "Insert Function Instance Created / Modified / Deleted", resource type
  ``insert_function_instance``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument, NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Function, InsertFunctionInstance
from patchwire.resources.destinations import repository as destinations
from patchwire.resources.functions import instance_settings, repository
from patchwire.resources.functions.ids import new_instance_id
from patchwire.resources.functions.schemas import (
    CreateInstanceIn,
    ResourceType,
    UpdateInstanceIn,
)

RESOURCE = "insert_function_instance"
PREFIX = "insertFunctionInstance"
SETTINGS = f"{PREFIX}.settings"
INSTANCE_CREATED = "Insert Function Instance Created"
INSTANCE_MODIFIED = "Insert Function Instance Modified"
INSTANCE_DELETED = "Insert Function Instance Deleted"


def instance_target(instance_id: str, name: str) -> dict[str, str]:
    return {"resource_id": instance_id, "resource_type": RESOURCE, "resource_name": name}


def _is_insert(function: Function | None) -> bool:
    return function is not None and function.resource_type == ResourceType.INSERT_DESTINATION.value


async def create(
    session: AsyncSession, principal: Principal, data: CreateInstanceIn
) -> tuple[InsertFunctionInstance, Function]:
    ws = principal.workspace_id
    errors: list[FieldError] = []
    function = await repository.find_by_id_or_catalog_id(session, ws, data.functionId)
    try:
        await destinations.get(session, ws, data.integrationId)
    except NotFound:
        errors.append(
            FieldError(f"{PREFIX}.integrationId", f"No destination with id '{data.integrationId}'")
        )
    if function is None or not _is_insert(function):
        errors.append(
            FieldError(f"{PREFIX}.functionId", f"No insert function with id '{data.functionId}'")
        )
        raise InvalidArgument.for_fields(errors)
    settings, setting_errors = instance_settings.merged(
        function.settings, {}, data.settings, prefix=SETTINGS
    )
    errors += setting_errors
    if errors:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    instance = InsertFunctionInstance(
        id=new_instance_id(),
        workspace_id=ws,
        function_id=function.id,
        integration_id=data.integrationId,
        name=data.name,
        enabled=True if data.enabled is None else data.enabled,
        settings=settings,
        created_at=now,
        updated_at=now,
    )
    session.add(instance)
    await session.flush()
    audit.record(session, principal, INSTANCE_CREATED, **instance_target(instance.id, data.name))
    return instance, function


async def get(
    session: AsyncSession, principal: Principal, instance_id: str
) -> tuple[InsertFunctionInstance, Function]:
    return await repository.get_instance(session, principal.workspace_id, instance_id)


async def list_page(
    session: AsyncSession,
    principal: Principal,
    function_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> tuple[Function, Page[InsertFunctionInstance]]:
    ws = principal.workspace_id
    function = await repository.find_by_id_or_catalog_id(session, ws, function_id)
    if function is None or not _is_insert(function):
        raise NotFound.resource("Insert function", function_id)
    return function, await repository.instances_page(session, ws, function.id, request, codec)


async def update(
    session: AsyncSession, principal: Principal, instance_id: str, data: UpdateInstanceIn
) -> tuple[InsertFunctionInstance, Function]:
    instance, function = await repository.get_instance(session, principal.workspace_id, instance_id)
    fields = data.model_fields_set
    errors = [
        FieldError(f"{PREFIX}.{name}", f'"{name}" cannot be null')
        for name in ("name", "enabled", "settings")
        if name in fields and getattr(data, name) is None
    ]
    settings = instance.settings
    if data.settings is not None:
        settings, setting_errors = instance_settings.merged(
            function.settings, instance.settings, data.settings, prefix=SETTINGS
        )
        errors += setting_errors
    if errors:
        raise InvalidArgument.for_fields(errors)
    before = (instance.name, instance.enabled, instance.settings)
    instance.name = instance.name if data.name is None else data.name
    instance.enabled = instance.enabled if data.enabled is None else data.enabled
    instance.settings = settings
    if (instance.name, instance.enabled, instance.settings) != before:
        instance.updated_at = utcnow()
        await session.flush()
        audit.record(
            session, principal, INSTANCE_MODIFIED, **instance_target(instance.id, instance.name)
        )
    return instance, function


async def delete(session: AsyncSession, principal: Principal, instance_id: str) -> None:
    instance, _ = await repository.get_instance(session, principal.workspace_id, instance_id)
    audit.record(
        session, principal, INSTANCE_DELETED, **instance_target(instance.id, instance.name)
    )
    await session.delete(instance)
    await session.flush()
