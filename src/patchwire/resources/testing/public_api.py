"""``GET /echo``: the Public API's own test hook, with every parameter the spec defines."""

from __future__ import annotations

import asyncio
from typing import Any

from patchwire.core.errors import (
    AlreadyExists,
    ApiError,
    FieldError,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
)
from patchwire.core.media import V1, V1ALPHA
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op

MAX_DELAY_MS = 10_000
_KINDS_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthenticated,
    403: PermissionDenied,
    404: NotFound,
    409: AlreadyExists,
    422: InvalidArgument,
    429: RateLimited,
}


def echo_error(message: str, status: int, fields: list[FieldError] | None = None) -> ApiError:
    """The error ``triggerError`` asks for, as the kind whose status the caller chose."""
    kind = _KINDS_BY_STATUS.get(status, InvalidArgument)
    return kind(message, field_errors=fields)


class EchoUnexpected(Exception):
    """Deliberately not an ApiError: it must surface as the generic 500."""


async def echo(call: Call) -> dict[str, Any]:
    message = call.q_str("message", required=True) or ""
    delay = call.q_number("delay")
    if delay is not None:
        if not 0 <= delay <= MAX_DELAY_MS:
            raise InvalidArgument.for_field("delay", f"delay must be 0 to {MAX_DELAY_MS} ms")
        await asyncio.sleep(delay / 1000)
    status = call.q_number("statusCode")
    if status is not None and not (200 <= status <= 599 and status == int(status)):
        raise InvalidArgument.for_field("statusCode", "statusCode must be an HTTP status")
    if call.q_bool("triggerUnexpectedError"):
        raise EchoUnexpected("echo was asked for an unexpected error")
    error_status = int(status) if status is not None and status >= 400 else 400
    if call.q_bool("triggerError"):
        raise echo_error(message, error_status)
    if call.q_bool("triggerMultipleErrors"):
        fields = [FieldError("message", message), FieldError("message", f"{message} (again)")]
        raise echo_error(message, error_status, fields)
    if status is not None and status >= 400:
        raise echo_error(message, int(status))
    if status is not None:
        call.status = int(status)
    return {
        "method": call.method,
        "message": message,
        "headers": {k: v for k, v in call.headers.items() if k.lower() != "authorization"},
    }


OPERATIONS: list[Operation] = [op("echo", "GET", "/echo", echo, versions=(V1, V1ALPHA))]
