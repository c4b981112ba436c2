"""Per-token rate limiting behind one small interface, with in-memory and Redis backends.

Both count requests in fixed one-minute windows, atomically: the in-memory backend because
the event loop runs one coroutine at a time between awaits, the Redis one because a single
Lua script increments and reads the window.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import formatdate
from typing import Protocol

WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    consumed: int
    reset_at: float  # epoch seconds

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.consumed)

    @property
    def ms_before_next(self) -> int:
        return max(0, int((self.reset_at - time.time()) * 1000))

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Consumed": str(self.consumed),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": formatdate(self.reset_at, usegmt=True),
        }


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int) -> RateDecision:
        """Count one request against ``key``; a request over ``limit`` is not allowed."""
        ...

    async def close(self) -> None: ...


class MemoryRateLimiter:
    """Exact within one process; use the Redis backend when replicas share a limit."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}

    async def hit(self, key: str, limit: int) -> RateDecision:
        now = time.time()
        window_start = now - (now % WINDOW_SECONDS)
        start, count = self._windows.get(key, (window_start, 0))
        if start != window_start:
            start, count = window_start, 0
            if len(self._windows) > 100_000:
                self._evict(window_start)
        count += 1
        self._windows[key] = (start, count)
        return RateDecision(count <= limit, limit, count, start + WINDOW_SECONDS)

    def _evict(self, window_start: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if v[0] == window_start}

    async def close(self) -> None:
        self._windows.clear()


_INCR_SCRIPT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


class RedisRateLimiter:
    """Shared across replicas: one counter per key and window, expired by Redis."""

    def __init__(self, url: str, prefix: str = "patchwire:rl:") -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)
        self._script = self._redis.register_script(_INCR_SCRIPT)
        self._prefix = prefix

    async def hit(self, key: str, limit: int) -> RateDecision:
        now = time.time()
        window_start = now - (now % WINDOW_SECONDS)
        redis_key = f"{self._prefix}{key}:{int(window_start)}"
        count = int(await self._script(keys=[redis_key], args=[WINDOW_SECONDS * 2]))
        return RateDecision(count <= limit, limit, count, window_start + WINDOW_SECONDS)

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


def create_rate_limiter(redis_url: str | None) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()
