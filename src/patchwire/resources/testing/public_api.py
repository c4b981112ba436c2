"""``GET /echo``: the Public API's own test hook, with every parameter the spec defines."""

from __future__ import annotations

import asyncio
from typing import Any

from patchwire.core.errors import (
    AlreadyExists,
    ApiError,
    FieldError,
    Internal,
    InvalidArgument,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
    Unavailable,
    Unimplemented,
    UnsupportedMediaType,
)
from patchwire.core.media import V1, V1ALPHA
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation, op

MAX_DELAY_MS = 10_000
_KINDS_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthenticated,
    403: PermissionDenied,
    404: NotFound,
    405: MethodNotAllowed,
    406: NotAcceptable,
    409: AlreadyExists,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: InvalidArgument,
    429: RateLimited,
    500: Internal,
    501: Unimplemented,
    503: Unavailable,
}
# Statuses whose responses carry no body, so the envelope could not be sent.
_BODILESS = {204, 205, 304}


def echo_error(
    message: str, status: int | None, fields: list[FieldError] | None = None
) -> ApiError:
    """The error ``triggerError`` asks for, as the kind whose status the caller chose
    (422 ``input-validation`` when none was chosen: the Public API has no 400)."""
    kind = _KINDS_BY_STATUS[status] if status is not None else InvalidArgument
    return kind(message, field_errors=fields)


def _status_code(call: Call) -> int | None:
    status = call.q_number("statusCode")
    if status is None:
        return None
    if status.is_integer():
        code = int(status)
        if (200 <= code < 400 and code not in _BODILESS) or code in _KINDS_BY_STATUS:
            return code
    offered = ", ".join(str(code) for code in _KINDS_BY_STATUS)
    raise InvalidArgument.for_field(
        "statusCode", f"statusCode must be a 2xx or 3xx status with a body, or one of {offered}"
    )


class EchoUnexpected(Exception):
    """Deliberately not an ApiError: it must surface as the generic 500."""


async def echo(call: Call) -> dict[str, Any]:
    message = call.q_str("message", required=True) or ""
    delay = call.q_number("delay")
    if delay is not None:
        if not 0 <= delay <= MAX_DELAY_MS:
            raise InvalidArgument.for_field("delay", f"delay must be 0 to {MAX_DELAY_MS} ms")
        await asyncio.sleep(delay / 1000)
    status = _status_code(call)
    if call.q_bool("triggerUnexpectedError"):
        raise EchoUnexpected("echo was asked for an unexpected error")
    error_status = status if status is not None and status >= 400 else None
    if call.q_bool("triggerError"):
        raise echo_error(message, error_status)
    if call.q_bool("triggerMultipleErrors"):
        fields = [FieldError("message", message), FieldError("message", f"{message} (again)")]
        raise echo_error(message, error_status, fields)
    if error_status is not None:
        raise echo_error(message, error_status)
    call.status = status
    return {
        "method": call.method.lower(),  # the spec's enum: ``get`` | ``post``
        "message": message,
        "headers": {k: v for k, v in call.headers.items() if k.lower() != "authorization"},
    }


OPERATIONS: list[Operation] = [op("echo", "GET", "/echo", echo, versions=(V1, V1ALPHA))]
