"""Source storage: every statement starts from the workspace-scoped base."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import AlreadyExists, NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Label, Source, SourceLabel, WriteKey
from patchwire.db.scoped import scoped, scoped_columns


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source with what its wire shape needs: write keys and labels."""

    source: Source
    write_keys: list[str]
    labels: list[Label]


async def get(session: AsyncSession, workspace_id: str, source_id: str) -> Source:
    source = (
        await session.scalars(scoped(Source, workspace_id).where(Source.id == source_id))
    ).first()
    if source is None:
        raise NotFound.resource("Source", source_id)
    return source


async def exists(session: AsyncSession, workspace_id: str, source_id: str) -> bool:
    stmt = scoped_columns(Source, workspace_id, Source.id).where(Source.id == source_id)
    return (await session.execute(stmt)).first() is not None


async def page(
    session: AsyncSession,
    workspace_id: str,
    request: PageRequest,
    codec: CursorCodec,
    *,
    source_ids: frozenset[str] | None = None,
) -> Page[Source]:
    """The workspace's sources, or only those in ``source_ids`` (what the caller may read)."""
    stmt = scoped(Source, workspace_id)
    if source_ids is not None:
        stmt = stmt.where(Source.id.in_(source_ids))
    return await keyset_page(
        session,
        stmt,
        order=(Source.created_at, Source.id),
        key_of=lambda s: (s.created_at, s.id),
        request=request,
        codec=codec,
        list_name="sources",
    )


async def views(
    session: AsyncSession, workspace_id: str, sources: Sequence[Source]
) -> list[SourceView]:
    """Write keys and labels for many sources in two queries, whatever their number."""
    ids = [s.id for s in sources]
    keys: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, list[Label]] = defaultdict(list)
    if ids:
        key_rows = await session.execute(
            scoped_columns(WriteKey, workspace_id, WriteKey.source_id, WriteKey.key)
            .where(WriteKey.source_id.in_(ids))
            .order_by(WriteKey.created_at, WriteKey.key)
        )
        for source_id, key in key_rows:
            keys[source_id].append(key)
        label_rows = await session.execute(
            scoped_columns(SourceLabel, workspace_id, SourceLabel.source_id, Label)
            .join(Label, Label.id == SourceLabel.label_id)
            .where(SourceLabel.source_id.in_(ids))
            .order_by(Label.key, Label.value)
        )
        for source_id, label in label_rows:
            labels[source_id].append(label)
    return [SourceView(s, keys[s.id], labels[s.id]) for s in sources]


async def add(session: AsyncSession, source: Source) -> None:
    session.add(source)
    await flush_unique(session, f"A source with slug '{source.slug}' already exists")


async def flush_unique(session: AsyncSession, conflict_message: str) -> None:
    """Flush inside a savepoint so a unique-key clash is a 409 and the unit of work lives on."""
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise AlreadyExists(conflict_message) from exc


async def label_ids_by_pair(
    session: AsyncSession, workspace_id: str, pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    if not pairs:
        return {}
    keys = {k for k, _ in pairs}
    rows = await session.execute(
        scoped_columns(Label, workspace_id, Label.key, Label.value, Label.id).where(
            Label.key.in_(keys)
        )
    )
    wanted = set(pairs)
    return {(k, v): i for k, v, i in rows if (k, v) in wanted}


async def attached_label_ids(session: AsyncSession, workspace_id: str, source_id: str) -> set[str]:
    rows = await session.execute(
        scoped_columns(SourceLabel, workspace_id, SourceLabel.label_id).where(
            SourceLabel.source_id == source_id
        )
    )
    return {label_id for (label_id,) in rows}


async def get_by_slug(session: AsyncSession, workspace_id: str, slug: str) -> Source:
    """The Config API addresses sources by slug (unique per workspace)."""
    source = (
        await session.scalars(scoped(Source, workspace_id).where(Source.slug == slug))
    ).first()
    if source is None:
        raise NotFound(f"Source '{slug}' not found")
    return source
