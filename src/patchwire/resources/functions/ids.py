"""Identifiers in the shapes Segment gives functions and their instances.

- SOURCE functions: ``sfnc_`` + 22 base62 characters (``sfnc_wXzcDGFR3KmjLDrtSawNHf``).
- DESTINATION functions: ``dfn_`` + 24 lowercase hex characters.
- INSERT_DESTINATION functions: ``ifnd_`` + 24 lowercase hex characters.

A function's ``catalogId`` is its id without the prefix, as in Segment's own examples. It is
also the insert-function "class id" (``classId`` of an instance); clients such as the
Terraform provider send it without the prefix, so both spellings find the function.
Versions get 22 base62 characters; insert-function instances 24 hex characters.
"""

from __future__ import annotations

import secrets

from patchwire.core.ids import new_id
from patchwire.resources.functions.schemas import ResourceType

PREFIXES: dict[ResourceType, str] = {
    ResourceType.SOURCE: "sfnc_",
    ResourceType.DESTINATION: "dfn_",
    ResourceType.INSERT_DESTINATION: "ifnd_",
}


def new_function_id(resource_type: ResourceType) -> tuple[str, str]:
    """``(id, catalog id)`` for a new function of ``resource_type``."""
    body = new_id() if resource_type is ResourceType.SOURCE else secrets.token_hex(12)
    return PREFIXES[resource_type] + body, body


def new_version_id() -> str:
    return new_id()


def new_instance_id() -> str:
    return secrets.token_hex(12)
