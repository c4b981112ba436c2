"""Warehouse rules. Services never commit; audit events join the caller's unit of work.

Decisions the spec leaves open:
- ``updateWarehouse`` merges ``settings`` into what is stored (a key sent as ``null`` is
  removed), like every other PATCH here; the merged whole is validated against the catalog.
  The spec marks ``settings`` required on update; an absent one means "unchanged".
- The warehouse's name is shown inside ``settings`` as ``name`` (WarehouseV1 has no name
  field; Segment does the same), so a ``name`` key sent in ``settings`` sets the name unless
  the catalog item has an option of that name. A top-level ``name`` wins over it.
- Connecting a source twice is not an error: the second call answers CONNECTED and changes
  nothing (a new source is connected to every warehouse already, see
  ``connect_to_all_warehouses``, so clients that connect explicitly must not fail).
  Disconnecting a pair that is not connected is a 404.
- Audit event names are the ones the spec's operation descriptions give ("Storage
  Destination Created/Modified/Enabled/Deleted/Settings Validation"), plus "Storage
  Destination Disabled" for the opposite toggle, which the spec does not name. Connecting or
  disconnecting a source modifies the warehouse ("Storage Destination Modified").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.catalog.loader import Catalog, CatalogItem
from patchwire.catalog.settings_validation import merge_settings, validate_settings
from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument, NotFound, Unimplemented
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Source, Warehouse, WarehouseConnection
from patchwire.resources.sources import repository as sources
from patchwire.resources.sources.repository import SourceView
from patchwire.resources.warehouses import probe, repository
from patchwire.resources.warehouses.schemas import (
    CreateWarehouseIn,
    UpdateWarehouseIn,
    ValidateWarehouseIn,
)
from patchwire.resources.warehouses.secrets import secret_names, unmasked

RESOURCE = "warehouse"
PREFIX = "warehouse"
SETTINGS = f"{PREFIX}.settings"
NAME_KEY = "name"
MAX_NAME = 255

CREATED = "Storage Destination Created"
MODIFIED = "Storage Destination Modified"
ENABLED = "Storage Destination Enabled"
DISABLED = "Storage Destination Disabled"
DELETED = "Storage Destination Deleted"
VALIDATED = "Storage Destination Settings Validation"

_UNSET: Any = object()


def metadata_for(catalog: Catalog, metadata_id: str) -> CatalogItem:
    item = catalog.warehouses.by_id.get(metadata_id)
    if item is None:
        # The operator removed the catalog file this warehouse came from: keep serving it.
        return {
            "id": metadata_id,
            "name": metadata_id,
            "slug": metadata_id,
            "description": "This catalog item is no longer in the catalog.",
            "logos": {"default": ""},
            "options": [],
        }
    return item


def name_in_settings(options: list[Mapping[str, Any]]) -> bool:
    """Whether ``settings.name`` carries the warehouse's name (no option claims the key)."""
    return all(o["name"] != NAME_KEY for o in options)


def _target(warehouse: Warehouse) -> dict[str, str]:
    return {
        "resource_id": warehouse.id,
        "resource_type": RESOURCE,
        "resource_name": warehouse.name or warehouse.id,
    }


def _settings_errors(
    options: list[Mapping[str, Any]], settings: Mapping[str, Any], *, known: bool = True
) -> list[FieldError]:
    """The catalog's rules (required, types, no unknown keys), plus what a connection needs:
    required values that are not empty strings, and a port that is a real TCP port.

    Unknown keys are tolerated only when the catalog item itself is gone (``known=False``).
    """
    errors = validate_settings(options, settings, prefix=SETTINGS, allow_unknown=not known)
    flagged = {e.field for e in errors}
    for option in options:
        name = str(option["name"])
        field = f"{SETTINGS}.{name}"
        value = settings.get(name)
        if field in flagged or value is None:
            continue
        if option.get("required") and value == "":
            errors.append(FieldError(field, f'"{name}" is required and cannot be empty'))
        elif name == "port" and not (
            isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535
        ):
            errors.append(FieldError(field, '"port" must be a whole number from 1 to 65535'))
    return errors


def _take_name(
    options: list[Mapping[str, Any]], settings: Mapping[str, Any], errors: list[FieldError]
) -> tuple[dict[str, Any], Any]:
    """Split ``settings.name`` (the warehouse's name, see the module notes) from settings."""
    rest = dict(settings)
    if not name_in_settings(options) or NAME_KEY not in rest:
        return rest, _UNSET
    name = rest.pop(NAME_KEY)
    if name is not None and not (isinstance(name, str) and len(name) <= MAX_NAME):
        errors.append(
            FieldError(f"{SETTINGS}.{NAME_KEY}", f'"name" must be a string of at most {MAX_NAME}')
        )
        return rest, _UNSET
    return rest, name


async def create(
    session: AsyncSession, principal: Principal, catalog: Catalog, data: CreateWarehouseIn
) -> Warehouse:
    metadata = catalog.warehouses.by_id.get(data.metadataId)
    if metadata is None:
        raise InvalidArgument.for_field(
            f"{PREFIX}.metadataId", f"No warehouse in the catalog has id '{data.metadataId}'"
        )
    options = metadata["options"]
    errors: list[FieldError] = []
    settings, settings_name = _take_name(options, data.settings, errors)
    settings, mask_errors = unmasked(settings, {}, secret_names(options), prefix=SETTINGS)
    errors += mask_errors + _settings_errors(options, settings)
    if errors:
        raise InvalidArgument.for_fields(errors)
    name = data.name if "name" in data.model_fields_set else settings_name
    now = utcnow()
    warehouse = Warehouse(
        id=new_id(),
        workspace_id=principal.workspace_id,
        metadata_id=data.metadataId,
        name=None if name is _UNSET else name,
        enabled=True if data.enabled is None else data.enabled,
        settings=settings,
        created_at=now,
        updated_at=now,
    )
    session.add(warehouse)
    await session.flush()
    audit.record(session, principal, CREATED, **_target(warehouse))
    return warehouse


async def get(session: AsyncSession, principal: Principal, warehouse_id: str) -> Warehouse:
    return await repository.get(session, principal.workspace_id, warehouse_id)


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> Page[Warehouse]:
    return await repository.page(session, principal.workspace_id, request, codec)


async def update(
    session: AsyncSession,
    principal: Principal,
    catalog: Catalog,
    warehouse_id: str,
    data: UpdateWarehouseIn,
) -> Warehouse:
    warehouse = await repository.get(session, principal.workspace_id, warehouse_id)
    known = warehouse.metadata_id in catalog.warehouses.by_id
    options = metadata_for(catalog, warehouse.metadata_id)["options"]
    fields = data.model_fields_set
    errors: list[FieldError] = []
    if "enabled" in fields and data.enabled is None:
        errors.append(FieldError(f"{PREFIX}.enabled", '"enabled" must be true or false'))
    if "settings" in fields and data.settings is None:
        errors.append(FieldError(SETTINGS, '"settings" must be an object'))
    name, settings = warehouse.name, warehouse.settings
    if data.settings is not None:
        changes, settings_name = _take_name(options, data.settings, errors)
        if settings_name is not _UNSET:
            name = settings_name
        changes, mask_errors = unmasked(
            changes, warehouse.settings, secret_names(options), prefix=SETTINGS
        )
        settings = merge_settings(warehouse.settings, changes)
        errors += mask_errors + _settings_errors(options, settings, known=known)
    if "name" in fields:
        name = data.name
    if errors:
        raise InvalidArgument.for_fields(errors)

    events: list[str] = []
    if name != warehouse.name or settings != warehouse.settings:
        warehouse.name, warehouse.settings = name, settings
        events.append(MODIFIED)
    if data.enabled is not None and data.enabled != warehouse.enabled:
        warehouse.enabled = data.enabled
        events.append(ENABLED if data.enabled else DISABLED)
    if events:
        warehouse.updated_at = utcnow()
        await session.flush()
        for event in events:
            audit.record(session, principal, event, **_target(warehouse))
    return warehouse


async def delete(session: AsyncSession, principal: Principal, warehouse_id: str) -> None:
    """Deleting a warehouse drops its source connections with it (foreign-key cascade)."""
    warehouse = await repository.get(session, principal.workspace_id, warehouse_id)
    audit.record(session, principal, DELETED, **_target(warehouse))
    await session.delete(warehouse)
    await session.flush()


async def add_connection(
    session: AsyncSession, principal: Principal, warehouse_id: str, source_id: str
) -> None:
    ws = principal.workspace_id
    warehouse = await repository.get(session, ws, warehouse_id)
    await sources.get(session, ws, source_id)
    connection = WarehouseConnection(
        warehouse_id=warehouse.id, source_id=source_id, workspace_id=ws, created_at=utcnow()
    )
    if await repository.connect(session, connection):
        audit.record(session, principal, MODIFIED, **_target(warehouse))


async def remove_connection(
    session: AsyncSession, principal: Principal, warehouse_id: str, source_id: str
) -> None:
    ws = principal.workspace_id
    warehouse = await repository.get(session, ws, warehouse_id)
    await sources.get(session, ws, source_id)
    if not await repository.disconnect(session, ws, warehouse_id, source_id):
        raise NotFound(f"Source '{source_id}' is not connected to warehouse '{warehouse_id}'")
    audit.record(session, principal, MODIFIED, **_target(warehouse))


async def connected_sources_page(
    session: AsyncSession,
    principal: Principal,
    warehouse_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> tuple[Page[Source], list[SourceView]]:
    ws = principal.workspace_id
    await repository.get(session, ws, warehouse_id)
    page = await repository.connected_sources_page(session, ws, warehouse_id, request, codec)
    return page, await sources.views(session, ws, page.items)


async def connected_warehouses_page(
    session: AsyncSession,
    principal: Principal,
    source_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[Warehouse]:
    """Warehouses a source is connected to (404 when the source is not this workspace's)."""
    await sources.get(session, principal.workspace_id, source_id)
    return await repository.page(
        session, principal.workspace_id, request, codec, source_id=source_id
    )


async def connect_to_all_warehouses(
    session: AsyncSession, principal: Principal, source_id: str
) -> None:
    """Connect a source to every warehouse of its workspace (what createSource does unless
    it is told ``disconnectAllWarehouses: true``); pairs already connected stay as they are.
    The source must be flushed already."""
    ws = principal.workspace_id
    for warehouse in await repository.all_warehouses(session, ws):
        connection = WarehouseConnection(
            warehouse_id=warehouse.id, source_id=source_id, workspace_id=ws, created_at=utcnow()
        )
        if await repository.connect(session, connection):
            audit.record(session, principal, MODIFIED, **_target(warehouse))


def _port_default(options: list[Mapping[str, Any]]) -> int:
    for option in options:
        if option["name"] == "port" and isinstance(option.get("defaultValue"), int):
            return int(option["defaultValue"])
    return 5432


def _unprobeable(metadata: CatalogItem) -> Unimplemented:
    return Unimplemented(
        f"Patchwire cannot test connections to {metadata['name']} warehouses (it has no "
        "driver for them); it tests Postgres and Redshift settings"
    )


async def validate(
    session: AsyncSession, principal: Principal, catalog: Catalog, data: ValidateWarehouseIn
) -> probe.ProbeResult:
    """Check settings against the catalog (422), then really try them where Patchwire can
    (501 where it cannot: an untested type is never reported as CONNECTED)."""
    metadata = catalog.warehouses.by_id.get(data.metadataId)
    if metadata is None:
        raise InvalidArgument.for_field(
            f"{PREFIX}.metadataId", f"No warehouse in the catalog has id '{data.metadataId}'"
        )
    options = metadata["options"]
    errors: list[FieldError] = []
    settings, _ = _take_name(options, data.settings, errors)
    settings, mask_errors = unmasked(settings, {}, secret_names(options), prefix=SETTINGS)
    errors += mask_errors + _settings_errors(options, settings)
    if errors:
        raise InvalidArgument.for_fields(errors)
    if not probe.can_probe(metadata["slug"]):
        raise _unprobeable(metadata)
    result = await probe.probe_postgres(settings, default_port=_port_default(options))
    audit.record(
        session,
        principal,
        VALIDATED,
        resource_id=metadata["id"],
        resource_type="warehouse_metadata",
        resource_name=metadata["name"],
    )
    return result


async def connection_state(
    session: AsyncSession, principal: Principal, catalog: Catalog, warehouse_id: str
) -> probe.ProbeResult:
    """The state of a stored warehouse's connection settings, found out now, not remembered.

    - Settings the catalog item finds incomplete or invalid (it may have changed since the
      warehouse was saved) cannot connect: FAILED, without trying.
    - Postgres and Redshift: the stored settings are tried for real, as
      ``createValidationInWarehouse`` does: CONNECTED or FAILED.
    - Any other type, or a catalog item that is gone: 501, as Patchwire cannot tell.

    ``enabled`` plays no part: it says whether data is loaded, not whether the settings work.
    """
    warehouse = await repository.get(session, principal.workspace_id, warehouse_id)
    metadata = metadata_for(catalog, warehouse.metadata_id)
    known = warehouse.metadata_id in catalog.warehouses.by_id
    options = metadata["options"]
    if known and _settings_errors(options, warehouse.settings):
        return probe.ProbeResult(connected=False, reason="the settings are incomplete")
    if not known or not probe.can_probe(metadata["slug"]):
        raise _unprobeable(metadata)
    return await probe.probe_postgres(warehouse.settings, default_port=_port_default(options))
