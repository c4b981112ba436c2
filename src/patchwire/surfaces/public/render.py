"""The Public API's one envelope and one error renderer."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from starlette.responses import Response

from patchwire.core.errors import ApiError, RateLimited

log = logging.getLogger("patchwire.errors")

_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def success(
    data: dict[str, Any], status: int, content_type: str, headers: dict[str, str]
) -> Response:
    return Response(
        orjson.dumps({"data": data}, option=_JSON_OPTIONS),
        status_code=status,
        media_type=content_type,
        headers=headers,
    )


def error_body(exc: ApiError) -> dict[str, Any]:
    if exc.field_errors:
        errors: list[dict[str, Any]] = [
            {"type": exc.public_type, "message": e.message, "field": e.field}
            for e in exc.field_errors
        ]
    else:
        entry: dict[str, Any] = {"type": exc.public_type, "message": exc.message}
        if exc.data is not None:
            entry["data"] = exc.data
        errors = [entry]
    return {"errors": errors}


def error(exc: ApiError, headers: dict[str, str] | None = None) -> Response:
    merged = {**(headers or {}), **exc.headers}
    if isinstance(exc, RateLimited) and exc.data:
        merged["Retry-After"] = str(max(1, -(-int(exc.data["msBeforeNext"]) // 1000)))
    return Response(
        orjson.dumps(error_body(exc)),
        status_code=exc.public_status,
        media_type="application/json",
        headers=merged,
    )


def unexpected(exc: BaseException) -> Response:
    log.error("unexpected error", exc_info=exc)
    body = {"errors": [{"type": "internal", "message": "An unexpected error occurred"}]}
    return Response(orjson.dumps(body), status_code=500, media_type="application/json")
