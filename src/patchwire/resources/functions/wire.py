"""Functions' wire shapes out: FunctionV1, ListFunctionItemV1, Version, InsertFunctionInstance.

Only fields the schemas define are emitted, and only when Patchwire can fill them truthfully:
``previewWebhookUrl`` and ``batchMaxCount`` are left out unless stored, ``description`` and
``logoUrl`` when unset. ``deployedAt`` is null until a first deployment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patchwire.db.models import Function, FunctionVersion, InsertFunctionInstance
from patchwire.resources.functions import instance_settings
from patchwire.resources.functions.service import FunctionView


def _time(value: datetime) -> str:
    return value.isoformat(timespec="microseconds").replace("+00:00", "Z")


def catalog_id(function: Function) -> str:
    return function.catalog_id or function.id


def _optional(out: dict[str, Any], function: Function) -> dict[str, Any]:
    if function.description is not None:
        out["description"] = function.description
    if function.logo_url is not None:
        out["logoUrl"] = function.logo_url
    return out


def function_out(view: FunctionView) -> dict[str, Any]:
    function = view.function
    out: dict[str, Any] = {
        "id": function.id,
        "resourceType": function.resource_type,
        "createdAt": _time(function.created_at),
        "createdBy": function.created_by,
        "code": function.code,
        "deployedAt": _time(function.deployed_at) if function.deployed_at else None,
        "settings": function.settings,
        "displayName": function.display_name,
        "catalogId": catalog_id(function),
        "isLatestVersion": view.is_latest_version,
    }
    if function.preview_webhook_url is not None:
        out["previewWebhookUrl"] = function.preview_webhook_url
    if function.batch_max_count is not None:
        out["batchMaxCount"] = function.batch_max_count
    return _optional(out, function)


def function_item_out(function: Function) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": function.id,
        "resourceType": function.resource_type,
        "createdAt": _time(function.created_at),
        "createdBy": function.created_by,
        "displayName": function.display_name,
        "catalogId": catalog_id(function),
    }
    return _optional(out, function)


def version_out(function: Function, version: FunctionVersion) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": version.id,
        "author": version.author,
        "code": version.code,
        "isDeployed": version.id == function.deployed_version_id,
        "createdAt": _time(version.created_at),
        "updatedAt": _time(version.updated_at),
    }
    if version.deployed_at is not None:
        out["deployedAt"] = _time(version.deployed_at)
    return out


def instance_out(instance: InsertFunctionInstance, function: Function) -> dict[str, Any]:
    settings, encrypted = instance_settings.wire(function.settings, instance.settings)
    return {
        "id": instance.id,
        "name": instance.name,
        "integrationId": instance.integration_id,
        "classId": catalog_id(function),
        "enabled": instance.enabled,
        "createdAt": _time(instance.created_at),
        "updatedAt": _time(instance.updated_at),
        "settings": settings,
        "encryptedSettings": encrypted,
    }
