"""Per-token rate limiting, on the in-memory and the Redis backend.

Windows are fixed minutes, so a run can straddle a boundary; each check looks at the
``X-RateLimit-Reset`` of every response and, if the window turned mid-check, runs again with
a fresh token (a check takes far less than a minute, so a second boundary cannot follow).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import pytest
import redis

from tests.conftest import unavailable
from tests.support.api import Api, make_client
from tests.support.tenants import Tenant, new_tenant
from tests.surfaces.public.expect import error

REDIS_URL = "redis://127.0.0.1:6379/0"
LIMIT = 5
CONCURRENT_LIMIT = 10


def require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {exc}")


@pytest.fixture(scope="module")
def memory_server(database_url: str) -> Iterator[Api]:
    with make_client(database_url, rate_limit_per_minute=LIMIT) as api:
        yield api


@pytest.fixture(scope="module")
def redis_server(database_url: str) -> Iterator[Api]:
    require_redis()
    with make_client(database_url, rate_limit_per_minute=LIMIT, redis_url=REDIS_URL) as api:
        yield api


@pytest.fixture(params=["memory", "redis"])
def limited(request: pytest.FixtureRequest, database_url: str) -> Api:
    """A server limiting every token to LIMIT requests a minute (this Api has no token), on the
    current backend (``database_url`` is named so the backend parametrisation reaches it)."""
    fixture = "memory_server" if request.param == "memory" else "redis_server"
    server: Api = request.getfixturevalue(fixture)
    return server


Check = Callable[[Tenant], list[httpx.Response]]


def one_window(server: Api, check: Check) -> list[httpx.Response]:
    """Run ``check`` on a fresh workspace (fresh tokens) until all its responses fall in
    one window."""
    for _ in range(3):
        responses = check(new_tenant(server))
        if len({r.headers.get("x-ratelimit-reset") for r in responses}) == 1:
            return responses
    raise AssertionError("the rate-limit window kept turning during the check")


def burst(api: Api, n: int) -> list[httpx.Response]:
    return [api.get("/") for _ in range(n)]


class TestRateLimit:
    def test_headers_count_down_then_429(self, limited: Api) -> None:
        responses = one_window(
            limited, lambda tenant: burst(limited.as_token(tenant.owner_token), LIMIT + 1)
        )
        for used, response in enumerate(responses[:LIMIT], start=1):
            assert response.status_code == 200, response.text
            assert response.headers["x-ratelimit-consumed"] == str(used)
            assert response.headers["x-ratelimit-remaining"] == str(LIMIT - used)
        reset = parsedate_to_datetime(responses[0].headers["x-ratelimit-reset"])
        assert reset.tzinfo is not None
        assert datetime.now(UTC) - timedelta(seconds=5) < reset
        assert reset <= datetime.now(UTC) + timedelta(seconds=61)

        refused = responses[LIMIT]
        entry = error(refused, 429, "RequestError")
        assert entry["message"] == "Too many requests"
        limits: dict[str, Any] = entry["data"]
        assert limits["remainingPoints"] == 0
        assert limits["consumedPoints"] == LIMIT + 1
        assert 0 <= limits["msBeforeNext"] <= 60_000
        assert refused.headers["x-ratelimit-remaining"] == "0"
        assert refused.headers["x-ratelimit-consumed"] == str(LIMIT + 1)
        retry_after = int(refused.headers["retry-after"])
        assert 1 <= retry_after <= 60
        assert retry_after * 1000 >= limits["msBeforeNext"]

    def test_errors_and_writes_count_too(self, limited: Api) -> None:
        def mixed(tenant: Tenant) -> list[httpx.Response]:
            api = limited.as_token(tenant.owner_token)
            return [
                api.get("/sources/unknown"),
                api.post("/labels", json={"label": {"key": "k", "value": "v"}}),
                api.get("/sources"),
                api.get("/"),
                api.get("/"),
                api.post("/labels", json={"label": {"key": "k", "value": "w"}}),
                limited.as_token(tenant.readonly_token).get("/labels"),
            ]

        *responses, labels = one_window(limited, mixed)
        assert [r.status_code for r in responses] == [404, 201, 422, 200, 200, 429]
        assert responses[1].headers["x-ratelimit-remaining"] == str(LIMIT - 2)
        # the refused write did not happen
        assert labels.json()["data"]["labels"] == [{"key": "k", "value": "v"}]

    def test_limits_are_per_token(self, limited: Api) -> None:
        def two_tokens(tenant: Tenant) -> list[httpx.Response]:
            spent = burst(limited.as_token(tenant.owner_token), LIMIT + 1)
            return [*spent, limited.as_token(tenant.readonly_token).get("/")]

        responses = one_window(limited, two_tokens)
        assert responses[LIMIT].status_code == 429
        other = responses[-1]
        assert other.status_code == 200
        assert other.headers["x-ratelimit-consumed"] == "1"

    def test_unauthenticated_requests_are_not_counted_against_a_token(self, limited: Api) -> None:
        def check(tenant: Tenant) -> list[httpx.Response]:
            for _ in range(LIMIT + 2):
                error(limited.get("/"), 401, "unauthorized")
            return burst(limited.as_token(tenant.owner_token), 1)

        (response,) = one_window(limited, check)
        assert response.headers["x-ratelimit-consumed"] == "1"


class TestRateLimitUnderConcurrency:
    @pytest.fixture(params=["memory", "redis"])
    def limited_10(self, request: pytest.FixtureRequest, database_url: str) -> Iterator[Api]:
        overrides: dict[str, Any] = {"rate_limit_per_minute": CONCURRENT_LIMIT}
        if request.param == "redis":
            require_redis()
            overrides["redis_url"] = REDIS_URL
        with make_client(database_url, **overrides) as api:
            yield api

    def test_exactly_the_limit_succeeds(self, limited_10: Api) -> None:
        def concurrent(tenant: Tenant) -> list[httpx.Response]:
            api = limited_10.as_token(tenant.owner_token)
            with ThreadPoolExecutor(max_workers=20) as pool:
                return list(pool.map(lambda _: api.get("/"), range(20)))

        responses = one_window(limited_10, concurrent)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * CONCURRENT_LIMIT + [429] * (20 - CONCURRENT_LIMIT)
        consumed = sorted(
            int(r.headers["x-ratelimit-consumed"]) for r in responses if r.status_code == 200
        )
        assert consumed == list(range(1, CONCURRENT_LIMIT + 1))
