"""Path templates and the method table behind each path, shared by both API surfaces."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from patchwire.core.errors import MethodNotAllowed, NotFound

T = TypeVar("T")

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class RouteEntry(Generic[T]):
    method: str
    template: str
    target: T


class _PathRoutes(Generic[T]):
    def __init__(self, template: str) -> None:
        self.template = template
        pieces = _PARAM.split(template)
        # split() alternates literal text and parameter names
        pattern = "".join(
            re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>[^/]+)"
            for i, piece in enumerate(pieces)
        )
        self.regex = re.compile(f"^{pattern}$")
        self.literal = "{" not in template
        self.methods: dict[str, T] = {}


class Router(Generic[T]):
    """Maps ``(method, path)`` to a target: 404 for an unknown path, 405 for a wrong method.

    Literal paths win over templated ones (``/warehouses/validation`` before
    ``/warehouses/{warehouseId}``); templates are bucketed by their first segment.
    """

    def __init__(self, entries: Iterable[RouteEntry[T]]) -> None:
        self._literal: dict[str, _PathRoutes[T]] = {}
        self._templated: dict[str, list[_PathRoutes[T]]] = {}
        by_template: dict[str, _PathRoutes[T]] = {}
        for entry in entries:
            routes = by_template.get(entry.template)
            if routes is None:
                routes = by_template[entry.template] = _PathRoutes(entry.template)
                if routes.literal:
                    self._literal[entry.template] = routes
                else:
                    self._templated.setdefault(_first_segment(entry.template), []).append(routes)
            if entry.method in routes.methods:
                raise ValueError(f"duplicate route {entry.method} {entry.template}")
            routes.methods[entry.method] = entry.target

    def match(self, method: str, path: str) -> tuple[T, dict[str, str]]:
        if "\x00" in path:
            # nothing is ever stored under a NUL, and PostgreSQL refuses to compare with one
            raise NotFound("No operation is served at a path containing NUL characters")
        candidates: list[tuple[_PathRoutes[T], dict[str, str]]] = []
        literal = self._literal.get(path)
        if literal is not None:
            candidates.append((literal, {}))
        for routes in self._templated.get(_first_segment(path), ()):
            found = routes.regex.match(path)
            if found:
                candidates.append((routes, found.groupdict()))
        if not candidates:
            raise NotFound(f"No operation is served at {path}")
        for wanted in (method, "GET") if method == "HEAD" else (method,):
            for routes, params in candidates:
                target = routes.methods.get(wanted)
                if target is not None:
                    return target, params
        allowed = ", ".join(sorted({m for routes, _ in candidates for m in routes.methods}))
        raise MethodNotAllowed(
            f"{method} is not supported on {path}; use {allowed}", headers={"Allow": allowed}
        )

    def templates(self) -> list[tuple[str, str]]:
        out = [(m, r.template) for r in self._literal.values() for m in r.methods]
        for bucket in self._templated.values():
            out.extend((m, r.template) for r in bucket for m in r.methods)
        return out


def _first_segment(path: str) -> str:
    return path.split("/", 2)[1] if path.count("/") else path
