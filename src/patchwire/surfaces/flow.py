"""The one request flow both API surfaces share.

route → negotiate → authenticate → rate-limit → authorise → read body → handler → commit →
respond. A surface differs only in its ``Style``: how it negotiates, renders and counts.
The unit of work commits before the response exists, so a failed commit is an error
response, never a success for a lost write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from patchwire.core.access import authorize
from patchwire.core.auth import (
    Principal,
    basic_credentials,
    bearer_secret,
    operator_principal,
)
from patchwire.core.errors import ApiError, PayloadTooLarge, RateLimited, Unauthenticated
from patchwire.core.media import Negotiated
from patchwire.core.ratelimit import RateDecision
from patchwire.core.routing import RouteEntry, Router
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.resources.tokens.service import authenticate
from patchwire.runtime import Runtime
from patchwire.settings import Settings
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation


def payload_limit_message(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:g}mb" if megabytes >= 1 else f"{limit} bytes"
    return f"The payload limit size of {size} has been reached"


@dataclass(frozen=True, slots=True)
class Style:
    """What makes a surface itself: wire format, negotiation, limits, path spelling."""

    name: str
    negotiate: Callable[[str | None, Operation], Negotiated]
    rate_limit: Callable[[Settings], int]
    success: Callable[[dict[str, Any], int, str, dict[str, str]], Response]
    error: Callable[[ApiError, dict[str, str] | None], Response]
    unexpected: Callable[[BaseException], Response]
    normalize_path: Callable[[str], str]
    call_type: type[Call] = Call


class Surface:
    """An ASGI app serving one API's operations in one style."""

    def __init__(self, runtime: Runtime, operations: Iterable[Operation], style: Style) -> None:
        self.runtime = runtime
        self.style = style
        self.router: Router[Operation] = Router(RouteEntry(o.method, o.path, o) for o in operations)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except ApiError as exc:
            response = self.style.error(exc, None)
        except Exception as exc:  # the one place unexpected errors end up
            response = self.style.unexpected(exc)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        style = self.style
        operation, params = self.router.match(
            request.method, style.normalize_path(request.url.path)
        )
        negotiated = style.negotiate(request.headers.get("accept"), operation)
        authorization = request.headers.get("authorization")
        secret = bearer_secret(authorization)
        operator = self._operator(operation, authorization) if secret is None else None
        if secret is None and operator is None:
            raise Unauthenticated("Missing or malformed Authorization header; use Bearer <token>")
        runtime = self.runtime
        # The body is read before the unit of work starts: no transaction waits on a client.
        raw_body = await self._read_body(request, operation.max_body_bytes)
        async with runtime.write_gate(operation.write), runtime.sessions() as session:
            if operation.write:
                await session.connection(execution_options=WRITE_TRANSACTION)
            principal = operator or await authenticate(session, secret or "")
            headers = await self._count(principal.token_id)
            try:
                await authorize(
                    session, principal, operation.path, operation.write, params, raw_body
                )
                call = style.call_type(
                    runtime=runtime,
                    session=session,
                    principal=principal,
                    path=params,
                    raw_query=request.url.query,
                    raw_body=raw_body,
                    method=request.method,
                    headers=request.headers,
                    version=negotiated.version,
                )
                data = await operation.handler(call)
                if operation.write:
                    await session.commit()
            except ApiError as exc:
                await session.rollback()
                return style.error(exc, headers)
        return style.success(
            data, call.status or operation.status, negotiated.content_type, headers
        )

    def _operator(self, operation: Operation, authorization: str | None) -> Principal | None:
        """HTTP Basic with the operator's credential, only where an operation allows it."""
        credentials = basic_credentials(authorization)
        if not operation.admin_basic or credentials is None:
            return None
        settings = self.runtime.settings
        principal = operator_principal(credentials, settings.admin_user, settings.admin_password)
        if principal is None:
            raise Unauthenticated("The operator credential is not valid")
        return principal

    async def _count(self, token_id: str) -> dict[str, str]:
        """Count the request against the token's limit; the headers every success carries."""
        limit = self.style.rate_limit(self.runtime.settings)
        if not limit:
            return {}
        decision: RateDecision = await self.runtime.limiter.hit(
            f"{self.style.name}:{token_id}", limit
        )
        if not decision.allowed:
            raise RateLimited(
                "Too many requests",
                data={
                    "remainingPoints": decision.remaining,
                    "msBeforeNext": decision.ms_before_next,
                    "consumedPoints": decision.consumed,
                },
                headers=decision.headers(),
            )
        return decision.headers()

    async def _read_body(self, request: Request, op_limit: int | None) -> bytes:
        limit = self.runtime.settings.max_body_bytes
        if op_limit is not None:
            limit = min(limit, op_limit)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(payload_limit_message(limit))
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(payload_limit_message(limit))
            chunks.append(chunk)
        return b"".join(chunks)
