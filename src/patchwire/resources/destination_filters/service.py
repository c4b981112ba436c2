"""Destination filter rules. Services never commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import FieldError, InvalidArgument, NotFound
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.base import utcnow
from patchwire.db.models import DestinationFilter
from patchwire.db.scoped import scoped
from patchwire.resources.destination_filters.actions import MATCH_ALL, apply_actions
from patchwire.resources.destination_filters.schemas import (
    CreateFilterIn,
    FilterActionIn,
    FilterActionType,
    PreviewIn,
    UpdateFilterIn,
)
from patchwire.resources.destinations import repository as destinations
from patchwire.resources.fql_fields import fql_error

RESOURCE = "destination_filter"


def _check(condition: str | None, actions: Sequence[FilterActionIn] | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if condition is not None and condition.strip() != MATCH_ALL:
        error = fql_error("if", condition)
        if error:
            errors.append(error)
    for i, action in enumerate(actions or []):
        if action.type is FilterActionType.SAMPLE and action.percent is None:
            errors.append(FieldError(f"actions[{i}].percent", "A SAMPLE action needs percent"))
        if action.type in (FilterActionType.ALLOW_PROPERTIES, FilterActionType.DROP_PROPERTIES):
            if not action.fields:
                errors.append(FieldError(f"actions[{i}].fields", f"{action.type} needs fields"))
            else:
                for path, keys in action.fields.items():
                    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                        errors.append(
                            FieldError(
                                f"actions[{i}].fields.{path}", "must be a list of property names"
                            )
                        )
    return errors


def _actions_doc(actions: Sequence[FilterActionIn]) -> list[dict[str, Any]]:
    return [a.model_dump(mode="json", exclude_none=True) for a in actions]


def _target(item: DestinationFilter) -> dict[str, str]:
    return {"resource_id": item.id, "resource_type": RESOURCE, "resource_name": item.title}


async def _get(
    session: AsyncSession, principal: Principal, destination_id: str, filter_id: str
) -> DestinationFilter:
    await destinations.get(session, principal.workspace_id, destination_id)
    item = (
        await session.scalars(
            scoped(DestinationFilter, principal.workspace_id).where(
                DestinationFilter.destination_id == destination_id,
                DestinationFilter.id == filter_id,
            )
        )
    ).first()
    if item is None:
        raise NotFound.resource("Destination filter", filter_id)
    return item


async def create(
    session: AsyncSession, principal: Principal, destination_id: str, data: CreateFilterIn
) -> DestinationFilter:
    destination = await destinations.get(session, principal.workspace_id, destination_id)
    errors = _check(data.if_, data.actions)
    if data.sourceId != destination.source_id:
        errors.append(
            FieldError(
                "sourceId", f"The destination is connected to source '{destination.source_id}'"
            )
        )
    if errors:
        raise InvalidArgument.for_fields(errors)
    now = utcnow()
    item = DestinationFilter(
        id=new_id(),
        workspace_id=principal.workspace_id,
        destination_id=destination.id,
        source_id=destination.source_id,
        condition=data.if_,
        actions=_actions_doc(data.actions),
        title=data.title,
        description=data.description,
        enabled=data.enabled,
        created_at=now,
        updated_at=now,
    )
    session.add(item)
    await session.flush()
    audit.record(session, principal, "Destination Filter Created", **_target(item))
    return item


async def get(
    session: AsyncSession, principal: Principal, destination_id: str, filter_id: str
) -> DestinationFilter:
    return await _get(session, principal, destination_id, filter_id)


async def list_page(
    session: AsyncSession,
    principal: Principal,
    destination_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[DestinationFilter]:
    await destinations.get(session, principal.workspace_id, destination_id)
    return await keyset_page(
        session,
        scoped(DestinationFilter, principal.workspace_id).where(
            DestinationFilter.destination_id == destination_id
        ),
        order=(DestinationFilter.created_at, DestinationFilter.id),
        key_of=lambda f: (f.created_at, f.id),
        request=request,
        codec=codec,
        list_name=f"filters:{destination_id}",
    )


async def update(
    session: AsyncSession,
    principal: Principal,
    destination_id: str,
    filter_id: str,
    data: UpdateFilterIn,
) -> DestinationFilter:
    item = await _get(session, principal, destination_id, filter_id)
    fields = data.model_fields_set
    errors = _check(data.if_, data.actions)
    for name, attr in (
        ("title", "title"),
        ("enabled", "enabled"),
        ("actions", "actions"),
        ("if", "if_"),
    ):
        if attr in fields and getattr(data, attr) is None:
            errors.append(FieldError(name, f'"{name}" cannot be null'))
    if errors:
        raise InvalidArgument.for_fields(errors)
    before = (item.condition, item.actions, item.title, item.description, item.enabled)
    if data.if_ is not None:
        item.condition = data.if_
    if data.actions is not None:
        item.actions = _actions_doc(data.actions)
    if data.title is not None:
        item.title = data.title
    if "description" in fields:
        item.description = data.description
    if data.enabled is not None:
        item.enabled = data.enabled
    if before != (item.condition, item.actions, item.title, item.description, item.enabled):
        item.updated_at = utcnow()
        await session.flush()
        audit.record(session, principal, "Destination Filter Modified", **_target(item))
    return item


async def remove(
    session: AsyncSession, principal: Principal, destination_id: str, filter_id: str
) -> None:
    item = await _get(session, principal, destination_id, filter_id)
    audit.record(session, principal, "Destination Filter Deleted", **_target(item))
    await session.delete(item)
    await session.flush()


def preview(data: PreviewIn) -> dict[str, Any] | None:
    """The payload after the filter, or None when the filter drops it."""
    errors = [
        FieldError(f"filter.{e.field}", e.message)
        for e in _check(data.filter.if_, data.filter.actions)
    ]
    if errors:
        raise InvalidArgument.for_fields(errors)
    return apply_actions(data.filter.if_, _actions_doc(data.filter.actions), data.payload)
