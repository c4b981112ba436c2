"""The Public API surface: route → negotiate → authenticate → limit → handle → commit.

Everything cross-cutting for the Public API happens here, once; handlers only translate
between the wire and the services.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from patchwire.core.auth import bearer_secret
from patchwire.core.errors import ApiError, PayloadTooLarge, RateLimited, Unauthenticated
from patchwire.core.media import negotiate
from patchwire.core.routing import RouteEntry, Router
from patchwire.db.engine import WRITE_TRANSACTION
from patchwire.resources.tokens.service import authenticate
from patchwire.runtime import Runtime
from patchwire.surfaces.public import render
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Operation


def payload_limit_message(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:g}mb" if megabytes >= 1 else f"{limit} bytes"
    return f"The payload limit size of {size} has been reached"


class PublicSurface:
    """ASGI app for the Public API, served at the root path."""

    def __init__(self, runtime: Runtime, operations: Iterable[Operation]) -> None:
        self.runtime = runtime
        self.router: Router[Operation] = Router(RouteEntry(o.method, o.path, o) for o in operations)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except ApiError as exc:
            response = render.error(exc)
        except Exception as exc:
            response = render.unexpected(exc)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
        operation, params = self.router.match(request.method, path)
        negotiated = negotiate(request.headers.get("accept"), operation.versions)

        secret = bearer_secret(request.headers.get("authorization"))
        if secret is None:
            raise Unauthenticated("Missing or malformed Authorization header; use Bearer <token>")
        runtime = self.runtime
        async with runtime.sessions() as session:
            if operation.write:
                await session.connection(execution_options=WRITE_TRANSACTION)
            principal = await authenticate(session, secret)
            decision = None
            limit = runtime.settings.rate_limit_per_minute
            if limit:
                decision = await runtime.limiter.hit(f"public:{principal.token_id}", limit)
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
            headers = decision.headers() if decision else {}
            try:
                if operation.write:
                    principal.require_write()
                body = await self._read_body(request, operation.max_body_bytes)
                call = Call(
                    runtime=runtime,
                    session=session,
                    principal=principal,
                    path=params,
                    raw_query=request.url.query,
                    raw_body=body,
                    method=request.method,
                    headers=request.headers,
                    version=negotiated.version,
                )
                data = await operation.handler(call)
                if operation.write:
                    await session.commit()
            except ApiError as exc:
                await session.rollback()
                return render.error(exc, headers)
        return render.success(
            data, call.status or operation.status, negotiated.content_type, headers
        )

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
