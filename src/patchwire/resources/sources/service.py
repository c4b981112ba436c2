"""Source rules, shared by the Public API and the Config API. Services never commit."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.catalog.loader import Catalog, CatalogItem
from patchwire.catalog.settings_validation import validate_settings
from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument, NotFound
from patchwire.core.ids import new_id, new_write_key
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Source, SourceLabel, WriteKey
from patchwire.db.scoped import scoped_delete
from patchwire.resources.destinations import service as destinations
from patchwire.resources.sources import repository
from patchwire.resources.sources.repository import SourceView
from patchwire.resources.sources.schemas import (
    CreateSourceIn,
    LabelIn,
    SchemaSettingsIn,
    UpdateSourceIn,
)
from patchwire.resources.warehouses import service as warehouses

SLUG_RULE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SLUG_MESSAGE = (
    "A slug uses lowercase letters, digits, '-' and '_', and starts with a letter or digit"
)
RESOURCE = "source"

DEFAULT_SCHEMA_SETTINGS: dict[str, Any] = {
    "track": {
        "allowUnplannedEvents": True,
        "allowUnplannedEventProperties": True,
        "allowEventOnViolations": True,
        "allowPropertiesOnViolations": True,
        "commonEventOnViolations": "ALLOW",
    },
    "identify": {
        "allowUnplannedTraits": True,
        "allowTraitsOnViolations": True,
        "commonEventOnViolations": "ALLOW",
    },
    "group": {
        "allowUnplannedTraits": True,
        "allowTraitsOnViolations": True,
        "commonEventOnViolations": "ALLOW",
    },
}


def metadata_for(catalog: Catalog, metadata_id: str) -> CatalogItem:
    item = catalog.sources.by_id.get(metadata_id)
    if item is None:
        # The operator removed a catalog file the source was created from: keep serving it.
        return {
            "id": metadata_id,
            "name": metadata_id,
            "slug": metadata_id,
            "description": "This catalog item is no longer in the catalog.",
            "logos": {"default": ""},
            "options": [],
            "categories": [],
            "isCloudEventSource": False,
        }
    return item


def _check_slug(slug: str, errors: list[FieldError]) -> None:
    if not SLUG_RULE.fullmatch(slug):
        errors.append(FieldError("source.slug", SLUG_MESSAGE))


async def create(
    session: AsyncSession, principal: Principal, catalog: Catalog, data: CreateSourceIn
) -> SourceView:
    errors: list[FieldError] = []
    _check_slug(data.slug, errors)
    metadata = catalog.sources.by_id.get(data.metadataId)
    if metadata is None:
        errors.append(
            FieldError("source.metadataId", f"No source in the catalog has id '{data.metadataId}'")
        )
    else:
        errors += validate_settings(
            metadata["options"], data.settings or {}, prefix="source.settings"
        )
    if errors:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    source = Source(
        id=new_id(),
        workspace_id=principal.workspace_id,
        slug=data.slug,
        name=data.name,
        metadata_id=data.metadataId,
        enabled=data.enabled,
        settings=data.settings or {},
        schema_settings=DEFAULT_SCHEMA_SETTINGS,
        created_at=now,
        updated_at=now,
    )
    await repository.add(session, source)
    key = WriteKey(
        key=new_write_key(),
        workspace_id=principal.workspace_id,
        source_id=source.id,
        created_at=now,
    )
    session.add(key)
    audit.record(session, principal, "Source Created", **_audit_target(source))
    if not data.disconnectAllWarehouses:
        await warehouses.connect_to_all_warehouses(session, principal, source.id)
    return SourceView(source, [key.key], [])


def _audit_target(source: Source) -> dict[str, str]:
    return {
        "resource_id": source.id,
        "resource_type": RESOURCE,
        "resource_name": source.name or source.slug,
    }


async def get(session: AsyncSession, principal: Principal, source_id: str) -> SourceView:
    source = await repository.get(session, principal.workspace_id, source_id)
    return (await repository.views(session, principal.workspace_id, [source]))[0]


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> tuple[Page[Source], list[SourceView]]:
    readable = principal.access.readable_sources()
    page = await repository.page(
        session, principal.workspace_id, request, codec, source_ids=readable
    )
    return page, await repository.views(session, principal.workspace_id, page.items)


async def update(
    session: AsyncSession,
    principal: Principal,
    catalog: Catalog,
    source_id: str,
    data: UpdateSourceIn,
) -> SourceView:
    source = await repository.get(session, principal.workspace_id, source_id)
    errors: list[FieldError] = []
    fields = data.model_fields_set
    if "slug" in fields and data.slug is not None:
        _check_slug(data.slug, errors)
    if "enabled" in fields and data.enabled is None:
        errors.append(FieldError("source.enabled", '"enabled" must be true or false'))
    if "settings" in fields and data.settings is not None:
        options = metadata_for(catalog, source.metadata_id)["options"]
        errors += validate_settings(options, data.settings, prefix="source.settings")
    if errors:
        raise InvalidArgument.for_fields(errors)

    events: list[str] = []
    if "name" in fields and data.name != source.name:
        source.name = data.name
        events.append("Source Modified")
    if "slug" in fields and data.slug is not None and data.slug != source.slug:
        source.slug = data.slug
        events.append("Source Modified")
    if "enabled" in fields and data.enabled is not None and data.enabled != source.enabled:
        source.enabled = data.enabled
        events.append("Source Enabled" if data.enabled else "Source Disabled")
    if "settings" in fields and data.settings is not None and data.settings != source.settings:
        source.settings = data.settings
        events.append("Source Settings Modified")
    if events:
        source.updated_at = utcnow()
        await repository.flush_unique(session, f"A source with slug '{source.slug}' already exists")
        for event in dict.fromkeys(events):
            audit.record(session, principal, event, **_audit_target(source))
    return (await repository.views(session, principal.workspace_id, [source]))[0]


async def delete(session: AsyncSession, principal: Principal, source_id: str) -> None:
    source = await repository.get(session, principal.workspace_id, source_id)
    await destinations.delete_for_source(session, principal, source.id)
    audit.record(session, principal, "Source Deleted", **_audit_target(source))
    await session.delete(source)
    await session.flush()


async def _resolve_labels(
    session: AsyncSession, workspace_id: str, labels: list[LabelIn]
) -> list[str]:
    pairs = [(label.key, label.value) for label in labels]
    found = await repository.label_ids_by_pair(session, workspace_id, pairs)
    errors = [
        FieldError(
            f"labels[{i}]",
            f"Label {label.key}:{label.value} does not exist; create it first (createLabel)",
        )
        for i, label in enumerate(labels)
        if (label.key, label.value) not in found
    ]
    if errors:
        raise InvalidArgument.for_fields(errors)
    return list(dict.fromkeys(found[pair] for pair in pairs))


async def add_labels(
    session: AsyncSession, principal: Principal, source_id: str, labels: list[LabelIn]
) -> SourceView:
    ws = principal.workspace_id
    source = await repository.get(session, ws, source_id)
    wanted = await _resolve_labels(session, ws, labels)
    attached = await repository.attached_label_ids(session, ws, source_id)
    new = [label_id for label_id in wanted if label_id not in attached]
    return await _apply_labels(session, principal, source, new, [])


async def replace_labels(
    session: AsyncSession, principal: Principal, source_id: str, labels: list[LabelIn]
) -> SourceView:
    ws = principal.workspace_id
    source = await repository.get(session, ws, source_id)
    wanted = await _resolve_labels(session, ws, labels)
    attached = await repository.attached_label_ids(session, ws, source_id)
    new = [label_id for label_id in wanted if label_id not in attached]
    gone = [label_id for label_id in attached if label_id not in set(wanted)]
    return await _apply_labels(session, principal, source, new, gone)


async def _apply_labels(
    session: AsyncSession, principal: Principal, source: Source, new: list[str], gone: list[str]
) -> SourceView:
    ws = principal.workspace_id
    now = utcnow()
    for label_id in new:
        session.add(
            SourceLabel(source_id=source.id, label_id=label_id, workspace_id=ws, created_at=now)
        )
    if gone:
        await session.execute(
            scoped_delete(SourceLabel, ws).where(
                SourceLabel.source_id == source.id, SourceLabel.label_id.in_(gone)
            )
        )
    if new or gone:
        source.updated_at = now
        await session.flush()
        audit.record(session, principal, "Source Modified", **_audit_target(source))
    return (await repository.views(session, ws, [source]))[0]


async def create_write_key(
    session: AsyncSession, principal: Principal, source_id: str
) -> SourceView:
    source = await repository.get(session, principal.workspace_id, source_id)
    session.add(
        WriteKey(
            key=new_write_key(),
            workspace_id=principal.workspace_id,
            source_id=source.id,
            created_at=utcnow(),
        )
    )
    await session.flush()
    audit.record(session, principal, "Source Modified", **_audit_target(source))
    return (await repository.views(session, principal.workspace_id, [source]))[0]


async def remove_write_key(
    session: AsyncSession, principal: Principal, source_id: str, write_key: str
) -> None:
    source = await repository.get(session, principal.workspace_id, source_id)
    result = await session.execute(
        scoped_delete(WriteKey, principal.workspace_id).where(
            WriteKey.source_id == source.id, WriteKey.key == write_key
        )
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"Write key '{write_key}' not found on source '{source_id}'")
    audit.record(session, principal, "Source Modified", **_audit_target(source))


async def get_schema_settings(
    session: AsyncSession, principal: Principal, source_id: str
) -> Source:
    return await repository.get(session, principal.workspace_id, source_id)


async def update_schema_settings(
    session: AsyncSession, principal: Principal, source_id: str, data: SchemaSettingsIn
) -> Source:
    ws = principal.workspace_id
    source = await repository.get(session, ws, source_id)
    errors: list[FieldError] = []
    for name in ("forwardingViolationsTo", "forwardingBlockedEventsTo"):
        target = getattr(data, name)
        if target and not await repository.exists(session, ws, target):
            errors.append(FieldError(f"settings.{name}", f"No source with id '{target}'"))
    if errors:
        raise InvalidArgument.for_fields(errors)
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in source.schema_settings.items()}
    for group in ("track", "identify", "group"):
        given = getattr(data, group)
        if given is not None:
            merged.setdefault(group, {}).update(given.model_dump(exclude_unset=True, mode="json"))
    for name in ("forwardingViolationsTo", "forwardingBlockedEventsTo"):
        if name in data.model_fields_set:
            value = getattr(data, name)
            if value:
                merged[name] = value
            else:
                merged.pop(name, None)
    if merged != source.schema_settings:
        source.schema_settings = merged
        source.updated_at = utcnow()
        await session.flush()
        audit.record(session, principal, "Source Settings Modified", **_audit_target(source))
    return source
