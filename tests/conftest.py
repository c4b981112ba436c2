"""Test harness: the real app over HTTP on a real database, SQLite and PostgreSQL.

Each test run creates its own databases (a temp SQLite file; a PostgreSQL database with a
random name, dropped afterwards) built by the migrations. Each test gets its own fresh
workspace and tokens, which tenant isolation makes as good as a fresh database.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.api import Api, make_client
from tests.support.databases import PostgresDatabase, migrate, sqlite_url
from tests.support.prerequisites import unavailable
from tests.support.tenants import Tenant, new_tenant

pytest_plugins = ["tests.contract.plugin"]  # validates every response against the spec

IN_CI = os.environ.get("CI") == "true"
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    return os.environ.get("PATCHWIRE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def database_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_admin_url: str,
) -> Iterator[str]:
    backend = request.param
    if backend == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("db") / "patchwire.db")
        asyncio.run(migrate(url))
        yield url
        return
    db = PostgresDatabase(postgres_admin_url, f"patchwire_test_{secrets.token_hex(6)}")
    try:
        asyncio.run(db.create())
    except OSError as exc:
        unavailable(f"PostgreSQL is not reachable at {postgres_admin_url}: {exc}")
    try:
        asyncio.run(migrate(db.url))
        yield db.url
    finally:
        asyncio.run(db.drop())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def client(database_url: str) -> Iterator[Api]:
    """One running app per backend for the whole session (lifespan entered once)."""
    with make_client(database_url) as api:
        yield api


@pytest.fixture
def tenant(client: Api) -> Tenant:
    return new_tenant(client)


@pytest.fixture
def api(client: Api, tenant: Tenant) -> Api:
    """The app, authenticated as the owner of a workspace of this test's own."""
    return client.as_token(tenant.owner_token)


@pytest.fixture
def readonly_api(client: Api, tenant: Tenant) -> Api:
    return client.as_token(tenant.readonly_token)


@pytest.fixture
def other_api(client: Api) -> Api:
    """The owner of a second, unrelated workspace."""
    return client.as_token(new_tenant(client).owner_token)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared"
