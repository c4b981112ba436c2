"""Who may call what: the one authorisation check every request passes, on both APIs.

Operations belong to a *family*, read off their path template by the explicit table below.
A principal's ``Access`` holds a ``Level`` (none, read, write) per family over the whole
workspace, plus, for the source family only, levels on single sources. Workspace tokens hold
one level everywhere (owner: write, read-only: read); tokens issued for a user hold what the
user's permissions, and those of the user's groups, grant (``resources.iam.effective``).

``authorize`` runs once per request, after authentication and before the handler. Source
operations that name a source (``{sourceId}``, a Config API ``{source}`` slug, or a
destination or transformation resolved to its source, or a ``sourceId`` in a write's body)
are checked against that source; source lists are let through with any read access and
filtered by the services through ``Access.readable_sources``. Paths the table does not know
need the Workspace Owner role: new operations start closed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import PermissionDenied
from patchwire.db.models import Destination, Source, Transformation
from patchwire.db.scoped import scoped_columns

if TYPE_CHECKING:
    from patchwire.core.auth import Principal


class Level(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


class Family(StrEnum):
    """What an operation touches; roles grant levels on families."""

    OPEN = "open"
    """Any valid token: the workspace itself, the catalog, echo, reading labels."""
    SOURCE = "source"
    """Sources and what hangs off them: destinations, filters, transformations, metrics."""
    TRACKING_PLAN = "tracking_plan"
    FUNCTION = "function"
    WAREHOUSE = "warehouse"
    WORKSPACE = "workspace"
    """Workspace administration: IAM, the audit trail, label writes, access tokens."""


GRANTABLE: tuple[Family, ...] = tuple(f for f in Family if f is not Family.OPEN)


@dataclass(frozen=True, slots=True)
class Rule:
    """The family a path's reads and its writes belong to."""

    read: Family
    write: Family


def _all(family: Family) -> Rule:
    return Rule(family, family)


@dataclass(frozen=True, slots=True)
class Entry:
    """``path`` covers itself and every path below it (``/x/…``, ``/x:verb``), unless exact."""

    path: str
    rule: Rule
    exact: bool = False


OWNER_ONLY = _all(Family.WORKSPACE)

ACCESS_TABLE: tuple[Entry, ...] = (
    # Public API (served at the root path)
    Entry("/", _all(Family.OPEN), exact=True),
    Entry("/workspaces", _all(Family.OPEN), exact=True),
    Entry("/echo", _all(Family.OPEN)),
    Entry("/catalog", _all(Family.OPEN)),
    Entry("/labels", Rule(read=Family.OPEN, write=Family.WORKSPACE)),
    Entry("/sources", _all(Family.SOURCE)),
    Entry("/destinations", _all(Family.SOURCE)),
    Entry("/destination", _all(Family.SOURCE)),
    Entry("/transformations", _all(Family.SOURCE)),
    Entry("/delivery-overview", _all(Family.SOURCE)),
    Entry("/events", _all(Family.SOURCE)),
    Entry("/tracking-plans", _all(Family.TRACKING_PLAN)),
    Entry("/functions", _all(Family.FUNCTION)),
    Entry("/insert-function-instances", _all(Family.FUNCTION)),
    Entry("/warehouses", _all(Family.WAREHOUSE)),
    Entry("/reverse-etl-models", _all(Family.WAREHOUSE)),
    Entry("/audit-events", OWNER_ONLY),
    Entry("/users", OWNER_ONLY),
    Entry("/invites", OWNER_ONLY),
    Entry("/groups", OWNER_ONLY),
    Entry("/group", OWNER_ONLY),
    Entry("/roles", OWNER_ONLY),
    Entry("/regulations", OWNER_ONLY),
    Entry("/suppressions", OWNER_ONLY),
    Entry("/usage", OWNER_ONLY),
    Entry("/spaces", OWNER_ONLY),
    # Config API (below /v1beta; the flow hands over the path without the prefix)
    Entry("/workspaces/{workspace}", _all(Family.OPEN), exact=True),
    Entry("/workspaces/{workspace}/sources", _all(Family.SOURCE)),
    Entry("/workspaces/{workspace}/event-delivery-metrics", _all(Family.SOURCE)),
    Entry("/filters", _all(Family.SOURCE)),
    Entry("/workspaces/{workspace}/tracking-plans", _all(Family.TRACKING_PLAN)),
    Entry("/workspaces/{workspace}/invites", OWNER_ONLY),
    Entry("/workspaces/{workspace}/roles", OWNER_ONLY),
    Entry("/workspaces/{workspace}/regulations", OWNER_ONLY),
    Entry("/workspaces/{workspace}/suppressed-users", OWNER_ONLY),
    Entry("/access-tokens", OWNER_ONLY),
)

ROLE_NEEDED: Mapping[tuple[Family, Level], str] = {
    (Family.SOURCE, Level.READ): "Source Read-only",
    (Family.SOURCE, Level.WRITE): "Source Admin",
    (Family.TRACKING_PLAN, Level.READ): "Tracking Plan Read-only",
    (Family.TRACKING_PLAN, Level.WRITE): "Tracking Plan Admin",
    (Family.FUNCTION, Level.READ): "Functions Read-only",
    (Family.FUNCTION, Level.WRITE): "Functions Admin",
    (Family.WAREHOUSE, Level.READ): "Warehouse Read-only",
    (Family.WAREHOUSE, Level.WRITE): "Warehouse Admin",
    (Family.WORKSPACE, Level.READ): "Workspace Owner",
    (Family.WORKSPACE, Level.WRITE): "Workspace Owner",
}
"""The least role (of the catalog in ``resources.iam.roles``) that lets each check pass."""

BODY_NAMES_SOURCE = frozenset({"/destinations", "/transformations"})
"""Creates whose body's ``sourceId`` is the source they act on (checked at its level)."""

_PARAM = re.compile(r"\{[^}]*\}")


def _shape(template: str) -> str:
    """Parameter names do not matter to the table: ``/a/{x}/b`` and ``/a/{y}/b`` match."""
    return _PARAM.sub("{}", template)


_ENTRIES = sorted(
    ((_shape(e.path), e) for e in ACCESS_TABLE), key=lambda pair: len(pair[0]), reverse=True
)


def entry_for(template: str) -> Entry | None:
    """The longest table entry covering the path template ``template``, if any."""
    shape = _shape(template)
    for prefix, entry in _ENTRIES:
        if shape == prefix or (not entry.exact and _below(shape, prefix)):
            return entry
    return None


def rule_for(template: str) -> Rule:
    """The rule for ``template``: its table entry's, or owner-only for unlisted paths."""
    entry = entry_for(template)
    return OWNER_ONLY if entry is None else entry.rule


def _below(shape: str, prefix: str) -> bool:
    return shape.startswith(prefix) and shape[len(prefix) : len(prefix) + 1] in ("/", ":")


@dataclass(frozen=True, slots=True)
class Access:
    """What a principal may do. ``workspace`` holds levels over the whole workspace per
    family; ``sources`` adds levels on single sources (Source roles granted per source or
    by label, resolved to ids when the token authenticates)."""

    workspace: Mapping[Family, Level]
    sources: Mapping[str, Level] = field(default_factory=dict)
    some_sources: Level = Level.NONE
    """The best level held on some sources (by id or by label), whether or not any source
    matches it now: it lets source lists through, showing what matches."""
    read_only_token: bool = False
    """The token itself is read-only: whatever its user may do, it never writes."""

    @classmethod
    def whole_workspace(cls, level: Level) -> Access:
        """A workspace token: one level on every family."""
        return cls(dict.fromkeys(GRANTABLE, level), read_only_token=level is not Level.WRITE)

    def level(self, family: Family) -> Level:
        """The level over the whole workspace (on every source, for the source family)."""
        if family is Family.OPEN:
            return Level.WRITE
        return self.workspace.get(family, Level.NONE)

    def source_level(self, source_id: str) -> Level:
        return max(self.level(Family.SOURCE), self.sources.get(source_id, Level.NONE))

    def readable_sources(self) -> frozenset[str] | None:
        """The sources a list may show: None when every source is readable."""
        if self.level(Family.SOURCE) >= Level.READ:
            return None
        return frozenset(s for s, level in self.sources.items() if level >= Level.READ)

    def capped(self, ceiling: Level) -> Access:
        """This access with no level above ``ceiling`` (a read-only token for a user)."""
        if ceiling is Level.WRITE:
            return self
        return Access(
            {f: min(level, ceiling) for f, level in self.workspace.items()},
            {s: min(level, ceiling) for s, level in self.sources.items()},
            min(self.some_sources, ceiling),
            read_only_token=True,
        )


async def authorize(
    session: AsyncSession,
    principal: Principal,
    template: str,
    write: bool,
    params: Mapping[str, str],
    raw_body: bytes,
) -> None:
    """Raise ``PermissionDenied`` (403) unless the principal may call the operation at
    ``template`` (its path template, without the surface's prefix) with these path
    parameters and body."""
    access = principal.access
    rule = rule_for(template)
    family = rule.write if write else rule.read
    needed = Level.WRITE if write else Level.READ
    if access.level(family) >= needed:
        return
    if write and access.read_only_token:
        raise PermissionDenied("This token is read-only and cannot perform this operation")
    if family is Family.SOURCE:
        body = raw_body if write else b""
        named = await _named_sources(session, principal.workspace_id, template, params, body)
        for source_id in named:
            if source_id is None:
                raise _denied(family, needed, " on the source this request names")
            if access.source_level(source_id) < needed:
                raise _denied(family, needed, f" on source '{source_id}'")
        if named:
            return
        if not write and access.some_sources >= Level.READ:
            return  # a list or a preview: lists show only the readable sources
        if write:
            raise _denied(family, needed, " over all sources of the workspace")
    raise _denied(family, needed, "")


def _denied(family: Family, needed: Level, scope: str) -> PermissionDenied:
    role = ROLE_NEEDED[(family, needed)]
    also = "" if role == "Workspace Owner" else " (or Workspace Owner)"
    return PermissionDenied(f"This operation needs the {role} role{also}{scope}")


async def _named_sources(
    session: AsyncSession,
    workspace_id: str,
    template: str,
    params: Mapping[str, str],
    raw_body: bytes,
) -> list[str | None]:
    """The sources a source-family request acts on; None for a name that resolves to nothing
    (an unknown destination: only workspace-wide access may go on, to its 404). A body's
    ``sourceId`` is one more source to check where the path names one (a filter's, a
    transformation moved elsewhere), and the source itself only for the creates in
    ``BODY_NAMES_SOURCE``: elsewhere (createSource) it names nothing."""
    named: list[str | None] = []
    if "sourceId" in params:
        named.append(params["sourceId"])
    elif "source" in params:
        stmt = scoped_columns(Source, workspace_id, Source.id).where(
            Source.slug == params["source"]
        )
        named.append((await session.execute(stmt)).scalar())
    elif "destinationId" in params:
        stmt = scoped_columns(Destination, workspace_id, Destination.source_id).where(
            Destination.id == params["destinationId"]
        )
        named.append((await session.execute(stmt)).scalar())
    elif "transformationId" in params:
        stmt = scoped_columns(Transformation, workspace_id, Transformation.source_id).where(
            Transformation.id == params["transformationId"]
        )
        named.append((await session.execute(stmt)).scalar())
    if named or template in BODY_NAMES_SOURCE:
        body_source = _body_source_id(raw_body)
        if body_source is not None:
            named.append(body_source)
    return named


def _body_source_id(raw_body: bytes) -> str | None:
    """``sourceId`` at the top of a JSON object body (creates name their source there)."""
    if b"sourceId" not in raw_body:
        return None
    try:
        body: Any = orjson.loads(raw_body)
    except orjson.JSONDecodeError:
        return None
    value = body.get("sourceId") if isinstance(body, dict) else None
    return value if isinstance(value, str) and value else None
