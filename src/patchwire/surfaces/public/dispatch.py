"""The Public API surface: the shared request flow in the Public API's style."""

from __future__ import annotations

from collections.abc import Iterable

from patchwire.core.media import Negotiated, negotiate
from patchwire.runtime import Runtime
from patchwire.settings import Settings
from patchwire.surfaces.flow import Style, Surface
from patchwire.surfaces.public import render
from patchwire.surfaces.public.operation import Operation


def _negotiate(accept: str | None, operation: Operation) -> Negotiated:
    return negotiate(accept, operation.versions)


def _limit(settings: Settings) -> int:
    return settings.rate_limit_per_minute


def _normalize(path: str) -> str:
    """Sloppy clients add a trailing slash; ``/sources/`` is ``/sources``."""
    return path.rstrip("/") or "/"


PUBLIC_STYLE = Style(
    name="public",
    negotiate=_negotiate,
    rate_limit=_limit,
    success=render.success,
    error=render.error,
    unexpected=render.unexpected,
    normalize_path=_normalize,
)


def public_surface(runtime: Runtime, operations: Iterable[Operation]) -> Surface:
    """ASGI app for the Public API, served at the root path."""
    return Surface(runtime, operations, PUBLIC_STYLE)
