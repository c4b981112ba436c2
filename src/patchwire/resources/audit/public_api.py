"""The audit trail on the Public API."""

from __future__ import annotations

from typing import Any

from patchwire.db.models import AuditEvent
from patchwire.resources.audit import service
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out


def event_out(event: AuditEvent) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": event.id,
        "timestamp": event.timestamp.isoformat().replace("+00:00", "Z"),
        "type": event.type,
        "actor": event.actor,
        "resourceId": event.resource_id,
        "resourceType": event.resource_type,
        "resourceName": event.resource_name,
    }
    if event.actor_email:
        out["actorEmail"] = event.actor_email
    return out


async def list_audit_events(call: Call) -> dict[str, Any]:
    page = await service.list_page(
        call.session,
        call.principal,
        call.page(),
        call.runtime.cursors,
        start=call.q_datetime("startTime"),
        end=call.q_datetime("endTime"),
        resource_id=call.q_str("resourceId", max_length=255),
        resource_type=call.q_str("resourceType", max_length=255),
    )
    return {"events": [event_out(e) for e in page.items], "pagination": page_out(page)}


OPERATIONS: list[Operation] = [op("listAuditEvents", "GET", "/audit-events", list_audit_events)]
