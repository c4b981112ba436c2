"""Tracking plans and the sources connected to them. Services never commit.

Decisions the spec leaves open:
- A plan's ``slug`` is made from its name when it is created and stays put when it is
  renamed (it is the plan's URL-friendly handle, like the Config API's resource name).
- updateTrackingPlan changes only the fields present; ``description: null`` clears it.
- A source follows at most one plan. Connecting it to the plan it is already on succeeds
  and changes nothing; connecting it while it is on another plan is a 409 naming that plan.
  Disconnecting a source that is not on this plan is a 404.
- listSourcesFromTrackingPlan shows only the sources the caller may read (the spec asks
  for Source Read-only as well as Tracking Plan Read-only).
- Deleting a plan disconnects its sources (recording those disconnections) and its rules go
  with it.
- Audit events: "Tracking Plan Created/Modified/Deleted" and "Source Connected to Tracking
  Plan"/"Source Disconnected From Tracking Plan" on the plan (the names of Segment's audit
  trail), and "Source Modified" on the source, which is the event the spec's descriptions
  of add/removeSourceFromTrackingPlan name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import AlreadyExists, InvalidArgument, NotFound
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Source, TrackingPlan, TrackingPlanSource
from patchwire.resources.sources import repository as sources
from patchwire.resources.sources.repository import SourceView
from patchwire.resources.tracking_plans import repository
from patchwire.resources.tracking_plans.rules import MODIFIED, RESOURCE
from patchwire.resources.tracking_plans.schemas import (
    PLAN_TYPES,
    CreateTrackingPlanIn,
    UpdateTrackingPlanIn,
)

CREATED = "Tracking Plan Created"
DELETED = "Tracking Plan Deleted"
CONNECTED = "Source Connected to Tracking Plan"
DISCONNECTED = "Source Disconnected From Tracking Plan"
SOURCE_MODIFIED = "Source Modified"

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(name: str) -> str:
    return _NOT_SLUG.sub("-", name.lower()).strip("-")[:255]


def new_plan_id() -> str:
    return f"tp_{new_id()}"


def _record(session: AsyncSession, principal: Principal, event: str, plan: TrackingPlan) -> None:
    audit.record(
        session,
        principal,
        event,
        resource_id=plan.id,
        resource_type=RESOURCE,
        resource_name=plan.name,
    )


def _record_source(session: AsyncSession, principal: Principal, source: Source) -> None:
    audit.record(
        session,
        principal,
        SOURCE_MODIFIED,
        resource_id=source.id,
        resource_type="source",
        resource_name=source.name or source.slug,
    )


async def create(
    session: AsyncSession, principal: Principal, data: CreateTrackingPlanIn
) -> TrackingPlan:
    now = utcnow()
    plan = TrackingPlan(
        id=new_plan_id(),
        workspace_id=principal.workspace_id,
        name=data.name,
        slug=slug_for(data.name),
        description=data.description,
        type=data.type,
        created_at=now,
        updated_at=now,
    )
    session.add(plan)
    await session.flush()
    _record(session, principal, CREATED, plan)
    return plan


async def get(session: AsyncSession, principal: Principal, plan_id: str) -> TrackingPlan:
    return await repository.get(session, principal.workspace_id, plan_id)


async def list_page(
    session: AsyncSession,
    principal: Principal,
    request: PageRequest,
    codec: CursorCodec,
    plan_type: str | None,
) -> Page[TrackingPlan]:
    if plan_type is not None and plan_type not in PLAN_TYPES:
        raise InvalidArgument.for_field("type", f"type must be one of {', '.join(PLAN_TYPES)}")
    return await repository.page(session, principal.workspace_id, request, codec, plan_type)


async def update(
    session: AsyncSession, principal: Principal, plan_id: str, data: UpdateTrackingPlanIn
) -> TrackingPlan:
    plan = await repository.get(session, principal.workspace_id, plan_id)
    fields = data.model_fields_set
    if "name" in fields and data.name is None:
        raise InvalidArgument.for_field("name", "name cannot be null; leave it out instead")
    changed = False
    if data.name is not None and data.name != plan.name:
        plan.name = data.name
        changed = True
    if "description" in fields and data.description != plan.description:
        plan.description = data.description
        changed = True
    if changed:
        plan.updated_at = utcnow()
        await session.flush()
        _record(session, principal, MODIFIED, plan)
    return plan


async def delete(session: AsyncSession, principal: Principal, plan_id: str) -> None:
    ws = principal.workspace_id
    plan = await repository.get(session, ws, plan_id, for_update=True)
    for source_id in await repository.source_ids_of_plan(session, ws, plan_id):
        source = await sources.get(session, ws, source_id)
        _record(session, principal, DISCONNECTED, plan)
        _record_source(session, principal, source)
    _record(session, principal, DELETED, plan)
    # Rules and source links go with the plan (ON DELETE CASCADE).
    await session.delete(plan)
    await session.flush()


async def add_source(
    session: AsyncSession, principal: Principal, plan_id: str, source_id: str
) -> None:
    ws = principal.workspace_id
    plan = await repository.get(session, ws, plan_id)
    source = await sources.get(session, ws, source_id)
    link = TrackingPlanSource(
        source_id=source.id, tracking_plan_id=plan.id, workspace_id=ws, created_at=utcnow()
    )
    current = await repository.plan_of_source(session, ws, source.id)
    if current is None and await repository.connect(session, link):
        _record(session, principal, CONNECTED, plan)
        _record_source(session, principal, source)
        return
    current = current or await repository.plan_of_source(session, ws, source.id)
    if current != plan.id:
        raise AlreadyExists(
            f"Source '{source.id}' is already connected to tracking plan '{current}'; "
            "a source follows one plan, so remove it from that plan first"
        )


async def remove_source(
    session: AsyncSession, principal: Principal, plan_id: str, source_id: str
) -> None:
    ws = principal.workspace_id
    plan = await repository.get(session, ws, plan_id)
    source = await sources.get(session, ws, source_id)
    if not await repository.disconnect(session, ws, plan.id, source.id):
        raise NotFound(f"Source '{source_id}' is not connected to tracking plan '{plan_id}'")
    _record(session, principal, DISCONNECTED, plan)
    _record_source(session, principal, source)


async def sources_page(
    session: AsyncSession,
    principal: Principal,
    plan_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> tuple[Page[TrackingPlanSource], list[SourceView]]:
    ws = principal.workspace_id
    await repository.get(session, ws, plan_id)
    readable = principal.access.readable_sources()
    page, found = await repository.sources_page(session, ws, plan_id, request, codec, readable)
    return page, await sources.views(session, ws, found)


async def tracking_plan_ids_for_sources(
    session: AsyncSession, workspace_id: str, source_ids: Sequence[str]
) -> dict[str, str]:
    """The plan each of ``source_ids`` follows (sources on no plan are left out): what
    getSource reports as ``trackingPlanId``."""
    return await repository.plans_of_sources(session, workspace_id, source_ids)
