"""Transformations on the Public API, and the preview endpoints (a Patchwire extension:
not in Segment's spec; ``apply`` documents what a preview does to the event)."""

from __future__ import annotations

from typing import Any

from patchwire.resources.transformations import service
from patchwire.resources.transformations.schemas import (
    CreateTransformationIn,
    PreviewIn,
    StoredPreviewIn,
    UpdateTransformationIn,
)
from patchwire.resources.transformations.wire import transformation_out
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out

PREFIX = "transformation"
TRANSFORMATION = "/transformations/{transformationId}"


async def list_transformations(call: Call) -> dict[str, Any]:
    page = await service.list_page(call.session, call.principal, call.page(), call.runtime.cursors)
    items = [transformation_out(t) for t in page.items]
    return {"transformations": items, "pagination": page_out(page)}


async def create_transformation(call: Call) -> dict[str, Any]:
    data = call.body(CreateTransformationIn, prefix=PREFIX)
    item = await service.create(call.session, call.principal, call.runtime.catalog, data)
    return {"transformation": transformation_out(item)}


async def get_transformation(call: Call) -> dict[str, Any]:
    item = await service.get(call.session, call.principal, call.path["transformationId"])
    return {"transformation": transformation_out(item)}


async def update_transformation(call: Call) -> dict[str, Any]:
    data = call.body(UpdateTransformationIn, prefix=PREFIX)
    item = await service.update(
        call.session, call.principal, call.runtime.catalog, call.path["transformationId"], data
    )
    return {"transformation": transformation_out(item)}


async def delete_transformation(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["transformationId"])
    return {"status": "SUCCESS"}


async def preview_transformation(call: Call) -> dict[str, Any]:
    data = call.body(PreviewIn)
    return {"inputPayload": data.payload, "result": service.preview(data)}


async def preview_stored_transformation(call: Call) -> dict[str, Any]:
    data = call.body(StoredPreviewIn)
    result = await service.preview_stored(
        call.session, call.principal, call.path["transformationId"], data.payload
    )
    return {"inputPayload": data.payload, "result": result}


OPERATIONS: list[Operation] = [
    op("listTransformations", "GET", "/transformations", list_transformations),
    op("createTransformation", "POST", "/transformations", create_transformation),
    op("getTransformation", "GET", TRANSFORMATION, get_transformation),
    op("updateTransformation", "PATCH", TRANSFORMATION, update_transformation),
    op("deleteTransformation", "DELETE", TRANSFORMATION, delete_transformation),
    # Patchwire extensions (the literal /transformations/preview wins over the template).
    op(
        "previewTransformation",
        "POST",
        "/transformations/preview",
        preview_transformation,
        write=False,
    ),
    op(
        "previewStoredTransformation",
        "POST",
        f"{TRANSFORMATION}/preview",
        preview_stored_transformation,
        write=False,
    ),
]
