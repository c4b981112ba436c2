"""A Public API operation: its route, what it needs, and the handler that serves it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from patchwire.core.media import ALL_VERSIONS
from patchwire.surfaces.public.call import Call

Handler = Callable[[Call], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Operation:
    """``handler`` returns the ``data`` object; the surface wraps and sends it."""

    operation_id: str
    method: str
    path: str
    handler: Handler
    write: bool = False
    versions: tuple[str, ...] = ALL_VERSIONS
    status: int = 200
    max_body_bytes: int | None = None
    admin_basic: bool = False


def op(
    operation_id: str,
    method: str,
    path: str,
    handler: Handler,
    *,
    versions: tuple[str, ...] = ALL_VERSIONS,
    status: int = 200,
    max_body_bytes: int | None = None,
    write: bool | None = None,
) -> Operation:
    """Declare an operation; every method but GET changes state and needs a writer, unless
    ``write=False`` says the operation only computes (previews, validations).

    ``max_body_bytes`` lowers the server-wide body limit for this operation only.
    """
    writes = method != "GET" if write is None else write
    return Operation(operation_id, method, path, handler, writes, versions, status, max_body_bytes)
