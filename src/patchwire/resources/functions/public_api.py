"""Functions on the Public API: functions, their versions, and insert-function instances."""

from __future__ import annotations

from typing import Any

from patchwire.core.media import V1ALPHA
from patchwire.resources.functions import instances, service
from patchwire.resources.functions.schemas import (
    CreateFunctionIn,
    CreateInstanceIn,
    RestoreVersionIn,
    UpdateFunctionIn,
    UpdateInstanceIn,
)
from patchwire.resources.functions.wire import (
    function_item_out,
    function_out,
    instance_out,
    version_out,
)
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.public.wire import page_out

# The spec's payload limit for Functions requests (code travels in the body).
FUNCTION_BODY_LIMIT = 25 * 1024 * 1024
ALPHA = (V1ALPHA,)
FUNCTION = "/functions/{functionId}"
INSTANCE = "/insert-function-instances/{instanceId}"


async def list_functions(call: Call) -> dict[str, Any]:
    resource_type = call.q_str("resourceType", required=True, max_length=64) or ""
    page = await service.list_page(
        call.session, call.principal, resource_type, call.page(), call.runtime.cursors
    )
    return {"functions": [function_item_out(f) for f in page.items], "pagination": page_out(page)}


async def create_function(call: Call) -> dict[str, Any]:
    data = call.body(CreateFunctionIn, prefix="function")
    return {"function": function_out(await service.create(call.session, call.principal, data))}


async def get_function(call: Call) -> dict[str, Any]:
    view = await service.get(call.session, call.principal, call.path["functionId"])
    return {"function": function_out(view)}


async def update_function(call: Call) -> dict[str, Any]:
    data = call.body(UpdateFunctionIn, prefix="function")
    view = await service.update(call.session, call.principal, call.path["functionId"], data)
    return {"function": function_out(view)}


async def delete_function(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["functionId"])
    return {"status": "SUCCESS"}


async def deploy_function(call: Call) -> dict[str, Any]:
    await service.deploy(call.session, call.principal, call.path["functionId"])
    return {"functionDeployment": {"status": "SUCCESS"}}


async def list_versions(call: Call) -> dict[str, Any]:
    function, page = await service.list_versions(
        call.session, call.principal, call.path["functionId"], call.page(), call.runtime.cursors
    )
    versions = [version_out(function, v) for v in page.items]
    return {"versions": versions, "pagination": page_out(page)}


async def get_version(call: Call) -> dict[str, Any]:
    function, version = await service.get_version(
        call.session, call.principal, call.path["functionId"], call.path["versionId"]
    )
    return {"version": version_out(function, version)}


async def restore_version(call: Call) -> dict[str, Any]:
    data = call.body(RestoreVersionIn)
    function, version = await service.restore_version(
        call.session, call.principal, call.path["functionId"], data.versionId
    )
    return {"version": version_out(function, version)}


async def list_instances(call: Call) -> dict[str, Any]:
    function_id = call.q_str("functionId", required=True, max_length=255) or ""
    function, page = await instances.list_page(
        call.session, call.principal, function_id, call.page(), call.runtime.cursors
    )
    items = [instance_out(i, function) for i in page.items]
    return {"instances": items, "pagination": page_out(page)}


async def create_instance(call: Call) -> dict[str, Any]:
    data = call.body(CreateInstanceIn, prefix=instances.PREFIX)
    instance, function = await instances.create(call.session, call.principal, data)
    return {"insertFunctionInstance": instance_out(instance, function)}


async def get_instance(call: Call) -> dict[str, Any]:
    instance, function = await instances.get(call.session, call.principal, call.path["instanceId"])
    return {"insertFunctionInstance": instance_out(instance, function)}


async def update_instance(call: Call) -> dict[str, Any]:
    data = call.body(UpdateInstanceIn, prefix=instances.PREFIX)
    instance, function = await instances.update(
        call.session, call.principal, call.path["instanceId"], data
    )
    return {"insertFunctionInstance": instance_out(instance, function)}


async def delete_instance(call: Call) -> dict[str, Any]:
    await instances.delete(call.session, call.principal, call.path["instanceId"])
    return {"status": "SUCCESS"}


OPERATIONS: list[Operation] = [
    op("listFunctions", "GET", "/functions", list_functions),
    op(
        "createFunction",
        "POST",
        "/functions",
        create_function,
        max_body_bytes=FUNCTION_BODY_LIMIT,
    ),
    op("getFunction", "GET", FUNCTION, get_function),
    op("updateFunction", "PATCH", FUNCTION, update_function, max_body_bytes=FUNCTION_BODY_LIMIT),
    op("deleteFunction", "DELETE", FUNCTION, delete_function),
    op("createFunctionDeployment", "POST", f"{FUNCTION}/deploy", deploy_function),
    op("listFunctionVersions", "GET", f"{FUNCTION}/versions", list_versions, versions=ALPHA),
    op("restoreFunctionVersion", "POST", f"{FUNCTION}/versions", restore_version, versions=ALPHA),
    op(
        "getFunctionVersion",
        "GET",
        f"{FUNCTION}/versions/{{versionId}}",
        get_version,
        versions=ALPHA,
    ),
    op(
        "listInsertFunctionInstances",
        "GET",
        "/insert-function-instances",
        list_instances,
        versions=ALPHA,
    ),
    op(
        "createInsertFunctionInstance",
        "POST",
        "/insert-function-instances",
        create_instance,
        versions=ALPHA,
    ),
    op("getInsertFunctionInstance", "GET", INSTANCE, get_instance, versions=ALPHA),
    op("updateInsertFunctionInstance", "PATCH", INSTANCE, update_instance, versions=ALPHA),
    op("deleteInsertFunctionInstance", "DELETE", INSTANCE, delete_instance, versions=ALPHA),
]
