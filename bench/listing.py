"""listSources deep in the list: does page N cost what page 1 costs?"""

from __future__ import annotations

import math
import statistics
import time
from typing import Any
from urllib.parse import quote

import httpx
from loadgen import percentile, sequential_latencies


def list_path(count: int, cursor: str | None) -> str:
    path = f"/sources?pagination%5Bcount%5D={count}"
    if cursor:
        path += f"&pagination%5Bcursor%5D={quote(cursor, safe='')}"
    return path


def walk_to(client: httpx.Client, count: int, page: int) -> tuple[str | None, int, float]:
    """The cursor of page ``page`` (None for page 1), by following ``next`` from page 1.

    Stops early at the last page; returns (cursor, page reached, seconds spent walking).
    """
    started = time.perf_counter()
    cursor: str | None = None
    reached = 1
    while reached < page:
        response = client.get(list_path(count, cursor))
        response.raise_for_status()
        following = response.json()["data"]["pagination"]["next"]
        if not following:
            break
        cursor = following
        reached += 1
    return cursor, reached, time.perf_counter() - started


def _summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "samples": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p90_ms": round(percentile(ordered, 90) * 1000, 3),
        "p99_ms": round(percentile(ordered, 99) * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
    }


def measure(base_url: str, token: str, *, count: int, page: int, samples: int) -> dict[str, Any]:
    """Walk to page ``page``, then time ``samples`` sequential requests of page 1 and of it."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30.0) as client:
        cursor, reached, walk_s = walk_to(client, count, page)
        first, deep = list_path(count, None), list_path(count, cursor)
        check = client.get(deep)
        check.raise_for_status()
        items = len(check.json()["data"]["sources"])
        sequential_latencies(client, [first, deep], 5)  # warm both paths
        timed = sequential_latencies(client, [first, deep], samples)
    page_1, page_n = _summary(timed[first]), _summary(timed[deep])
    ratio = page_n["p50_ms"] / page_1["p50_ms"] if page_1["p50_ms"] else math.nan
    return {
        "count": count,
        "page": reached,
        "items_on_page": items,
        "walk_seconds": round(walk_s, 2),
        "page_1": page_1,
        "deep": page_n,
        "ratio_p50": round(ratio, 3),
    }
