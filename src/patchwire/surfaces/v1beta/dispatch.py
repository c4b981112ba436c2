"""The Config API surface at ``/v1beta``: the shared flow in the Config API's style."""

from __future__ import annotations

import re
from collections.abc import Iterable

from patchwire.core.media import Negotiated
from patchwire.runtime import Runtime
from patchwire.settings import Settings
from patchwire.surfaces.flow import Style, Surface
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import render
from patchwire.surfaces.v1beta.call import ConfigCall

PREFIX = "/v1beta"
_JSON = Negotiated("v1beta", "application/json")
_SLASHES = re.compile(r"/{2,}")


def _negotiate(accept: str | None, operation: Operation) -> Negotiated:
    return _JSON


def _limit(settings: Settings) -> int:
    return settings.config_api_rate_limit_per_minute


def _normalize(path: str) -> str:
    """The third-party client sends ``/v1beta//catalog/sources/``: collapse ``//``, drop the
    trailing slash, and strip the prefix."""
    path = _SLASHES.sub("/", path)
    if path.startswith(PREFIX):
        path = path[len(PREFIX) :]
    return path.rstrip("/") or "/"


CONFIG_STYLE = Style(
    name="config",
    negotiate=_negotiate,
    rate_limit=_limit,
    success=render.success,
    error=render.error,
    unexpected=render.unexpected,
    normalize_path=_normalize,
    call_type=ConfigCall,
)


def config_surface(runtime: Runtime, operations: Iterable[Operation]) -> Surface:
    return Surface(runtime, operations, CONFIG_STYLE)
