"""Assertions the Public API tests share: envelopes, error entries, page walks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from tests.support.api import Api


def data(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """``data`` of a success envelope, after checking the status and that no errors came."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"data"}, body
    assert isinstance(body["data"], dict)
    return body["data"]  # type: ignore[no-any-return]


def errors(response: httpx.Response, status: int, error_type: str) -> list[dict[str, Any]]:
    """Every entry of an error envelope, after checking the status and each entry's type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"}, body
    entries: list[dict[str, Any]] = body["errors"]
    assert entries, body
    for entry in entries:
        assert entry["type"] == error_type, entry
        assert isinstance(entry.get("message"), str), entry
        assert entry["message"], entry
    return entries


def error(response: httpx.Response, status: int, error_type: str) -> dict[str, Any]:
    """The single entry of an error envelope."""
    entries = errors(response, status, error_type)
    assert len(entries) == 1, entries
    return entries[0]


def invalid_fields(response: httpx.Response) -> list[str]:
    """The ``field`` of each 422 ``input-validation`` entry, in order (one per bad field)."""
    entries = errors(response, 422, "input-validation")
    fields = [entry["field"] for entry in entries]
    assert all(isinstance(f, str) and f for f in fields), entries
    return fields


def pages(
    api: Api,
    url: str,
    count: int,
    *,
    params: dict[str, Any] | None = None,
    direction: str = "next",
    cursor: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Each page's ``data``, following ``direction`` cursors from ``cursor`` (or page 1)."""
    for _ in range(10_000):
        query: dict[str, Any] = {**(params or {}), "pagination.count": count}
        if cursor is not None:
            query["pagination.cursor"] = cursor
        page = data(api.get(url, params=query))
        yield page
        cursor = page["pagination"][direction]
        if cursor is None:
            return
    raise AssertionError(f"{url} did not end after 10000 pages")


def walk(
    api: Api,
    url: str,
    key: str,
    count: int,
    *,
    params: dict[str, Any] | None = None,
    direction: str = "next",
    cursor: str | None = None,
) -> list[dict[str, Any]]:
    """Every item of a list in the list's order, paging ``direction`` from ``cursor``
    (going ``previous``, pages arrive last-first and are put back in order)."""
    items: list[dict[str, Any]] = []
    for page in pages(api, url, count, params=params, direction=direction, cursor=cursor):
        assert len(page[key]) <= count
        items = [*items, *page[key]] if direction == "next" else [*page[key], *items]
    return items


def audit_events(api: Api, **filters: str) -> list[dict[str, Any]]:
    """Every audit event visible to ``api`` matching ``filters``, newest first."""
    return walk(api, "/audit-events", "events", 200, params=filters)
