"""Segment's versioned media types: parsing Accept and choosing the response version."""

from __future__ import annotations

import re
from dataclasses import dataclass

from patchwire.core.errors import NotAcceptable

V1 = "v1"
V1BETA = "v1beta"
V1ALPHA = "v1alpha"
STABILITY_ORDER = (V1, V1BETA, V1ALPHA)
ALL_VERSIONS = STABILITY_ORDER
JSON = "application/json"

_ALIASES = {
    "stable": V1,
    "beta": V1BETA,
    "alpha": V1ALPHA,
    V1: V1,
    V1BETA: V1BETA,
    V1ALPHA: V1ALPHA,
}
_VND = re.compile(r"^application/vnd\.segment\.([a-z0-9]+)\+json$")


def vnd(version: str) -> str:
    return f"application/vnd.segment.{version}+json"


@dataclass(frozen=True, slots=True)
class Negotiated:
    version: str
    content_type: str


def _media_ranges(accept: str) -> list[str]:
    ranges: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, index, media.lower()))
    return [media for _, _, media in sorted(ranges)]


def negotiate(accept: str | None, offered: tuple[str, ...]) -> Negotiated:
    """Pick the response version for an operation offering ``offered`` (most stable first).

    No version named (absent, ``*/*``, ``application/json``) gives the most stable offered
    version. A named version the operation does not offer is a 406 listing what it offers.
    """
    default = Negotiated(offered[0], vnd(offered[0]))
    if not accept:
        return default
    named: list[str] = []
    for media in _media_ranges(accept):
        match = _VND.match(media)
        if match:
            version = _ALIASES.get(match.group(1))
            if version in offered:
                return Negotiated(version, vnd(version))
            named.append(media)
        elif media == JSON:
            return Negotiated(offered[0], JSON)
        elif media in ("*/*", "application/*"):
            return default
    if named:
        raise NotAcceptable(
            f"This operation does not offer {', '.join(named)}; "
            f"it offers {', '.join(vnd(v) for v in offered)}",
            data={"offered": [vnd(v) for v in offered]},
        )
    return default
