"""Fixtures for the end-to-end tests: empty stores and the SDK project, ready to use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.stores import BACKENDS, empty_store
from tests.support.databases import sqlite_url
from tests.support.prerequisites import npm_project

SDK_DIR = Path(__file__).resolve().parents[1] / "sdk"
SDK_PACKAGE = "@segment/public-api-sdk-typescript"


@pytest.fixture
def sqlite_store(tmp_path: Path) -> str:
    """An empty SQLite store (the file does not exist yet)."""
    return sqlite_url(tmp_path / "patchwire.db")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, postgres_admin_url: str) -> Iterator[str]:
    """An empty store on each backend."""
    with empty_store(request.param, tmp_path, postgres_admin_url) as url:
        yield url


@pytest.fixture(scope="session")
def sdk_dir() -> Path:
    """tests/sdk with its locked dependencies installed (``npm ci`` when they are missing)."""
    npm_project(SDK_DIR, SDK_PACKAGE)
    return SDK_DIR
