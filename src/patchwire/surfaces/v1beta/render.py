"""The Config API's wire format: bare objects, and ``{"error", "code", "message"}`` errors
with gRPC codes (pinned C1)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from starlette.responses import Response

from patchwire.core.errors import (
    AlreadyExists,
    ApiError,
    FailedPrecondition,
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

log = logging.getLogger("patchwire.errors")

_NAMES: dict[type[ApiError], str] = {
    InvalidArgument: "invalid_argument",
    UnsupportedMediaType: "invalid_argument",
    NotAcceptable: "invalid_argument",
    Unauthenticated: "unauthenticated",
    PermissionDenied: "permission_denied",
    NotFound: "not_found",
    MethodNotAllowed: "not_found",
    AlreadyExists: "already_exists",
    FailedPrecondition: "failed_precondition",
    PayloadTooLarge: "resource_exhausted",
    RateLimited: "resource_exhausted",
    Unimplemented: "unimplemented",
    Unavailable: "unavailable",
}


def _name(exc: ApiError) -> str:
    for kind in type(exc).__mro__:
        if kind in _NAMES:
            return _NAMES[kind]
    return "internal"


def success(
    data: dict[str, Any], status: int, content_type: str, headers: dict[str, str]
) -> Response:
    return Response(
        orjson.dumps(data), status_code=status, media_type=content_type, headers=headers
    )


def error(exc: ApiError, headers: dict[str, str] | None = None) -> Response:
    body = {"error": _name(exc), "code": exc.config_code, "message": exc.message}
    merged = {**(headers or {}), **exc.headers}
    if isinstance(exc, RateLimited) and exc.data:
        merged["Retry-After"] = str(max(1, -(-int(exc.data["msBeforeNext"]) // 1000)))
    status = 404 if isinstance(exc, MethodNotAllowed) else exc.config_status
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=merged
    )


def unexpected(exc: BaseException) -> Response:
    log.error("unexpected error", exc_info=exc)
    body = {"error": "internal", "code": 13, "message": "An unexpected error occurred"}
    return Response(orjson.dumps(body), status_code=500, media_type="application/json")
