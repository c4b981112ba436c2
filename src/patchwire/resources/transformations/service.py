"""Transformation rules. Services never commit; audit events join the unit of work.

Decisions the spec leaves open:
- Field errors are named ``transformation.<field>`` on every operation, previews included
  (their body nests the rules under ``transformation``, so the names agree):
  ``transformation.if``, ``transformation.fqlDefinedProperties[0].fql``…
- ``sourceId`` must name a source of the caller's workspace and ``destinationMetadataId`` a
  destination of the catalog; otherwise a 422 names the field (the body is what is wrong).
- ``fqlDefinedProperties`` holds at most one entry, Segment's documented limit; each
  ``fql`` (and ``if``) must be valid FQL, and the error gives the position and reason.
  Every property reference must be a name or a dotted path without empty parts
  (``apply.reference_error``); the hash ``algorithm`` must be one of ``apply.ALGORITHMS``.
- PATCH changes only the fields present; ``null`` clears an optional field (the lists
  become empty, ``allowProperties``/``hashPropertiesConfiguration`` go away) and is refused
  for ``name``, ``sourceId``, ``enabled`` and ``if``.
- Audit events are the spec's: "Transformation Created", "Transformation Updated" (the
  name updateTransformation's description gives) and "Transformation Deleted", resource
  type ``transformation``. An update that changes nothing records nothing.
- A transformation is deleted with its source (foreign-key cascade).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.catalog.loader import Catalog
from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Transformation
from patchwire.resources.sources import repository as sources
from patchwire.resources.transformations import repository
from patchwire.resources.transformations.apply import Hashing, Rules, apply
from patchwire.resources.transformations.checks import PREFIX, rule_errors
from patchwire.resources.transformations.schemas import (
    CreateTransformationIn,
    HashConfigIn,
    PreviewIn,
    UpdateTransformationIn,
)

RESOURCE = "transformation"
_NOT_NULL = (("name", "name"), ("sourceId", "sourceId"), ("enabled", "enabled"), ("if", "if_"))


def _record(session: AsyncSession, principal: Principal, item: Transformation, verb: str) -> None:
    audit.record(
        session,
        principal,
        f"Transformation {verb}",
        resource_id=item.id,
        resource_type=RESOURCE,
        resource_name=item.name,
    )


async def _link_errors(
    session: AsyncSession,
    workspace_id: str,
    catalog: Catalog,
    source_id: str | None,
    metadata_id: str | None,
) -> list[FieldError]:
    errors: list[FieldError] = []
    if source_id is not None and not await sources.exists(session, workspace_id, source_id):
        errors.append(
            FieldError(f"{PREFIX}sourceId", f"No source with id '{source_id}' in this workspace")
        )
    if metadata_id is not None and metadata_id not in catalog.destinations.by_id:
        errors.append(
            FieldError(
                f"{PREFIX}destinationMetadataId",
                f"No destination in the catalog has id '{metadata_id}'",
            )
        )
    return errors


def _docs(items: Sequence[BaseModel] | None) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_none=True) for item in items or []]


def _hash_doc(config: HashConfigIn | None) -> dict[str, Any] | None:
    return None if config is None else config.model_dump(mode="json", exclude_none=True)


def _rules(
    condition: str,
    new_event_name: str | None,
    renames: Sequence[Mapping[str, Any]],
    values: Sequence[Mapping[str, Any]],
    defined: Sequence[Mapping[str, Any]],
    allow: Sequence[str] | None,
    hashing: Mapping[str, Any] | None,
) -> Rules:
    """``Rules`` from the stored documents (the shapes ``_docs`` and ``_hash_doc`` make)."""
    return Rules(
        condition=condition,
        new_event_name=new_event_name,
        renames=[(r["oldName"], r["newName"]) for r in renames],
        values=[(v["propertyPaths"], v["propertyValue"]) for v in values],
        defined=[(d["fql"], d["propertyName"]) for d in defined],
        allow=None if allow is None else list(allow),
        hashing=None
        if hashing is None
        else Hashing(
            hashing["algorithm"], hashing["paths"], hashing.get("key"), hashing.get("encoding")
        ),
    )


def rules_of(item: Transformation) -> Rules:
    return _rules(
        item.condition,
        item.new_event_name,
        item.property_renames,
        item.property_value_transformations,
        item.fql_defined_properties,
        item.allow_properties,
        item.hash_properties_configuration,
    )


async def create(
    session: AsyncSession, principal: Principal, catalog: Catalog, data: CreateTransformationIn
) -> Transformation:
    ws = principal.workspace_id
    errors = rule_errors(data)
    errors += await _link_errors(session, ws, catalog, data.sourceId, data.destinationMetadataId)
    if errors:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    item = Transformation(
        id=new_id(),
        workspace_id=ws,
        name=data.name,
        source_id=data.sourceId,
        destination_metadata_id=data.destinationMetadataId,
        enabled=data.enabled,
        condition=data.if_,
        new_event_name=data.newEventName,
        property_renames=_docs(data.propertyRenames),
        property_value_transformations=_docs(data.propertyValueTransformations),
        fql_defined_properties=_docs(data.fqlDefinedProperties),
        allow_properties=None if data.allowProperties is None else list(data.allowProperties),
        hash_properties_configuration=_hash_doc(data.hashPropertiesConfiguration),
        created_at=now,
        updated_at=now,
    )
    session.add(item)
    await session.flush()
    _record(session, principal, item, "Created")
    return item


async def get(
    session: AsyncSession, principal: Principal, transformation_id: str
) -> Transformation:
    return await repository.get(session, principal.workspace_id, transformation_id)


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> Page[Transformation]:
    return await repository.page(
        session,
        principal.workspace_id,
        request,
        codec,
        source_ids=principal.access.readable_sources(),
    )


def _snapshot(item: Transformation) -> tuple[Any, ...]:
    return (
        item.name,
        item.source_id,
        item.destination_metadata_id,
        item.enabled,
        item.condition,
        item.new_event_name,
        item.property_renames,
        item.property_value_transformations,
        item.fql_defined_properties,
        item.allow_properties,
        item.hash_properties_configuration,
    )


def _apply_changes(item: Transformation, data: UpdateTransformationIn) -> None:
    fields = data.model_fields_set
    if data.name is not None:
        item.name = data.name
    if data.sourceId is not None:
        item.source_id = data.sourceId
    if data.enabled is not None:
        item.enabled = data.enabled
    if data.if_ is not None:
        item.condition = data.if_
    if "destinationMetadataId" in fields:
        item.destination_metadata_id = data.destinationMetadataId
    if "newEventName" in fields:
        item.new_event_name = data.newEventName
    if "propertyRenames" in fields:
        item.property_renames = _docs(data.propertyRenames)
    if "propertyValueTransformations" in fields:
        item.property_value_transformations = _docs(data.propertyValueTransformations)
    if "fqlDefinedProperties" in fields:
        item.fql_defined_properties = _docs(data.fqlDefinedProperties)
    if "allowProperties" in fields:
        allowed = data.allowProperties
        item.allow_properties = None if allowed is None else list(allowed)
    if "hashPropertiesConfiguration" in fields:
        item.hash_properties_configuration = _hash_doc(data.hashPropertiesConfiguration)


async def update(
    session: AsyncSession,
    principal: Principal,
    catalog: Catalog,
    transformation_id: str,
    data: UpdateTransformationIn,
) -> Transformation:
    ws = principal.workspace_id
    item = await repository.get(session, ws, transformation_id)
    errors = [
        FieldError(f"{PREFIX}{name}", f'"{name}" cannot be null')
        for name, attr in _NOT_NULL
        if attr in data.model_fields_set and getattr(data, attr) is None
    ]
    errors += rule_errors(data)
    errors += await _link_errors(session, ws, catalog, data.sourceId, data.destinationMetadataId)
    if errors:
        raise InvalidArgument.for_fields(errors)
    before = _snapshot(item)
    _apply_changes(item, data)
    if _snapshot(item) != before:
        item.updated_at = utcnow()
        await session.flush()
        _record(session, principal, item, "Updated")
    return item


async def delete(session: AsyncSession, principal: Principal, transformation_id: str) -> None:
    item = await repository.get(session, principal.workspace_id, transformation_id)
    _record(session, principal, item, "Deleted")
    await session.delete(item)
    await session.flush()


def preview(data: PreviewIn) -> dict[str, Any]:
    """The payload after the inline transformation (unchanged when ``if`` does not match)."""
    rules = data.transformation
    errors = rule_errors(rules)
    if errors:
        raise InvalidArgument.for_fields(errors)
    return apply(
        _rules(
            rules.if_,
            rules.newEventName,
            _docs(rules.propertyRenames),
            _docs(rules.propertyValueTransformations),
            _docs(rules.fqlDefinedProperties),
            rules.allowProperties,
            _hash_doc(rules.hashPropertiesConfiguration),
        ),
        data.payload,
    )


async def preview_stored(
    session: AsyncSession, principal: Principal, transformation_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """The payload after a stored transformation, enabled or not."""
    item = await repository.get(session, principal.workspace_id, transformation_id)
    return apply(rules_of(item), payload)
