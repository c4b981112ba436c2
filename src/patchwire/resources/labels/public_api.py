"""Labels on the Public API."""

from __future__ import annotations

from typing import Any

from patchwire.resources.labels import service
from patchwire.resources.labels.schemas import CreateLabelIn
from patchwire.resources.sources.public_api import label_out
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op


async def list_labels(call: Call) -> dict[str, Any]:
    labels = await service.list_all(call.session, call.principal)
    return {"labels": [label_out(label) for label in labels]}


async def create_label(call: Call) -> dict[str, Any]:
    data = call.body(CreateLabelIn)
    label = await service.create(call.session, call.principal, data.label)
    return {"label": label_out(label)}


async def delete_label(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["key"], call.path["value"])
    return {"status": "SUCCESS"}


OPERATIONS: list[Operation] = [
    op("listLabels", "GET", "/labels", list_labels),
    op("createLabel", "POST", "/labels", create_label, status=201),
    op("deleteLabel", "DELETE", "/labels/{key}/{value}", delete_label),
]
