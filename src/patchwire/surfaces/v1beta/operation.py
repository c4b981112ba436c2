"""Declaring Config API operations: handlers receive a ``ConfigCall``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, cast

from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op
from patchwire.surfaces.v1beta.call import ConfigCall

ConfigHandler = Callable[[ConfigCall], Awaitable[dict[str, Any]]]


def cop(
    name: str,
    method: str,
    path: str,
    handler: ConfigHandler,
    *,
    write: bool | None = None,
    admin_basic: bool = False,
) -> Operation:
    """A Config API operation at ``path`` (below ``/v1beta``); the flow builds a ConfigCall.

    ``admin_basic`` lets the operator's HTTP Basic credential authenticate (access tokens).
    """

    async def adapted(call: Call) -> dict[str, Any]:
        return await handler(cast(ConfigCall, call))

    adapted.__name__ = handler.__name__
    operation = op(name, method, path, adapted, versions=("v1beta",), write=write)
    return replace(operation, admin_basic=admin_basic)
