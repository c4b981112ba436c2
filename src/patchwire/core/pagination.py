"""The one place for pagination: page requests, pages, signed cursors and keyset queries.

Cursors are opaque to clients and tamper-safe: a payload naming the list and a position,
signed with the instance secret. Lists are walked by keyset over ``(sort key, id)`` so page
N costs what page 1 costs, and rows inserted during a walk never shift the pages.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy import ColumnElement, Select, TypeDecorator, func, literal, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from patchwire.core.errors import InvalidArgument

T = TypeVar("T")

MAX_COUNT = 200
FIRST_PAGE_CURSORS = frozenset({"MA==", "MA"})
"""Segment's own first-page cursor (base64 of offset 0): real clients, e.g. the Terraform
provider, send it for page 1, so it means "the start" of any list."""
FIELD_COUNT = "pagination.count"
FIELD_CURSOR = "pagination.cursor"


@dataclass(frozen=True, slots=True)
class PageRequest:
    count: int
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    current: str
    next: str | None
    previous: str | None
    total: int | None


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page starts: after (or before) a key, or at the start when key is None."""

    key: tuple[Any, ...] | None
    backwards: bool = False


class CursorCodec:
    """Encodes positions as ``<base64 payload>.<base64 mac>``, bound to one list."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:12]

    def encode(self, list_name: str, position: Position) -> str:
        key = None if position.key is None else [_to_json(v) for v in position.key]
        payload = orjson.dumps({"l": list_name, "k": key, "b": position.backwards})
        b64 = base64.urlsafe_b64encode
        return (b64(payload).rstrip(b"=") + b"." + b64(self._mac(payload)).rstrip(b"=")).decode()

    def decode(self, list_name: str, cursor: str, key_types: Sequence[type]) -> Position:
        if cursor in FIRST_PAGE_CURSORS:
            return Position(None)
        try:
            raw_payload, _, raw_mac = cursor.partition(".")
            payload = _b64decode(raw_payload)
            if not hmac.compare_digest(_b64decode(raw_mac), self._mac(payload)):
                raise ValueError("bad signature")
            doc = orjson.loads(payload)
            if doc["l"] != list_name:
                raise ValueError("cursor belongs to another list")
            key = doc["k"]
            if key is None:
                return Position(None, bool(doc["b"]))
            if len(key) != len(key_types):
                raise ValueError("wrong key length")
            return Position(
                tuple(_from_json(v, t) for v, t in zip(key, key_types, strict=True)),
                bool(doc["b"]),
            )
        except (ValueError, KeyError, TypeError, orjson.JSONDecodeError) as exc:
            raise InvalidArgument.for_field(
                FIELD_CURSOR, "The cursor is not valid for this list; use one returned by it"
            ) from exc


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _from_json(value: Any, kind: type) -> Any:
    if kind is datetime:
        return datetime.fromisoformat(value)
    if not isinstance(value, kind):
        raise TypeError("cursor key has the wrong type")
    return value


def _keyset_condition(
    columns: Sequence[InstrumentedAttribute[Any]], key: tuple[Any, ...], greater: bool
) -> ColumnElement[bool]:
    """Row-value comparison ``(a, b) > (x, y)``: both SQLite (3.15+) and PostgreSQL seek the
    composite index with it, where the expanded OR form makes SQLite scan."""
    row = tuple_(*columns)
    bound = tuple_(*(literal(v, c.type) for v, c in zip(key, columns, strict=True)))
    condition: ColumnElement[bool] = row > bound if greater else row < bound
    return condition


async def keyset_page(
    session: AsyncSession,
    stmt: Select[T],
    *,
    order: Sequence[InstrumentedAttribute[Any]],
    key_of: Callable[[T], tuple[Any, ...]],
    request: PageRequest,
    codec: CursorCodec,
    list_name: str,
    descending: bool = False,
    with_total: bool = True,
) -> Page[T]:
    """One page of ``stmt`` (already workspace-scoped and filtered) ordered by ``order``.

    Fetches ``count + 1`` rows to learn whether another page follows; ``order`` must end in
    a unique column so the order is total.
    """
    key_types = [_python_type(c) for c in order]
    position = (
        codec.decode(list_name, request.cursor, key_types) if request.cursor else Position(None)
    )
    forward = not position.backwards
    # Walking forward in a descending list means "smaller keys next".
    greater = forward != descending
    paged = stmt
    if position.key is not None:
        paged = paged.where(_keyset_condition(order, position.key, greater))
    ascending_sql = greater
    paged = paged.order_by(*[c.asc() if ascending_sql else c.desc() for c in order]).limit(
        request.count + 1
    )
    rows = list((await session.scalars(paged)).all())
    more = len(rows) > request.count
    rows = rows[: request.count]
    if not forward:
        rows.reverse()

    current = request.cursor or codec.encode(list_name, Position(None))
    if forward:
        next_cursor = codec.encode(list_name, Position(key_of(rows[-1]))) if more else None
        has_previous = position.key is not None and bool(rows)
    else:
        next_cursor = codec.encode(list_name, Position(key_of(rows[-1]))) if rows else None
        has_previous = more
    previous = (
        codec.encode(list_name, Position(key_of(rows[0]), backwards=True)) if has_previous else None
    )
    total = None
    if with_total:
        # Same filters, count only: an index-only scan rather than a subquery of full rows.
        count_stmt = stmt.with_only_columns(func.count()).order_by(None)
        total = int((await session.execute(count_stmt)).scalar_one())
    return Page(rows, current, next_cursor, previous, total)


def _python_type(column: InstrumentedAttribute[Any]) -> type:
    """The Python type of a key column; a TypeDecorator (UTCDateTime) reports its impl's."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return str
    return kind if isinstance(kind, type) and kind is not object else str


def page_sequence(
    items: Sequence[T],
    request: PageRequest,
    *,
    codec: CursorCodec,
    list_name: str,
    key_of: Callable[[T], str],
) -> Page[T]:
    """Keyset paging over an in-memory list already sorted by the unique ``key_of``."""
    keys = [key_of(item) for item in items]
    position = codec.decode(list_name, request.cursor, [str]) if request.cursor else Position(None)
    if position.key is None:
        start = 0
    elif position.backwards:
        end = bisect.bisect_left(keys, position.key[0])
        start = max(0, end - request.count)
    else:
        start = bisect.bisect_right(keys, position.key[0])
    if position.backwards and position.key is not None:
        end = bisect.bisect_left(keys, position.key[0])
        window = list(items[start:end])
    else:
        window = list(items[start : start + request.count])
    end_index = start + len(window)
    current = request.cursor or codec.encode(list_name, Position(None))
    next_cursor = (
        codec.encode(list_name, Position((keys[end_index - 1],)))
        if window and end_index < len(items)
        else None
    )
    previous = (
        codec.encode(list_name, Position((keys[start],), backwards=True))
        if window and start > 0
        else None
    )
    return Page(window, current, next_cursor, previous, len(items))
