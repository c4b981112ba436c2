"""Fixtures for the end-to-end tests: empty stores and the SDK project, ready to use."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.processes import unavailable
from tests.e2e.stores import BACKENDS, empty_store
from tests.support.databases import sqlite_url

SDK_DIR = Path(__file__).resolve().parents[1] / "sdk"
SDK_PACKAGE = "@segment/public-api-sdk-typescript"
NPM_CI_TIMEOUT = 600


@pytest.fixture
def sqlite_store(tmp_path: Path) -> str:
    """An empty SQLite store (the file does not exist yet)."""
    return sqlite_url(tmp_path / "patchwire.db")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, postgres_admin_url: str) -> Iterator[str]:
    """An empty store on each backend."""
    with empty_store(request.param, tmp_path, postgres_admin_url) as url:
        yield url


def _installed_version() -> str | None:
    manifest = SDK_DIR / "node_modules" / SDK_PACKAGE / "package.json"
    if not manifest.is_file():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


@pytest.fixture(scope="session")
def sdk_dir() -> Path:
    """tests/sdk with its locked dependencies installed (``npm ci`` when they are missing)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable("node and npm are needed to run the official TypeScript SDK")
    wanted = json.loads((SDK_DIR / "package.json").read_text())["dependencies"][SDK_PACKAGE]
    if _installed_version() != wanted:
        try:
            done = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"],
                cwd=SDK_DIR,
                capture_output=True,
                text=True,
                timeout=NPM_CI_TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            unavailable(f"npm ci in {SDK_DIR} took longer than {NPM_CI_TIMEOUT}s")
        if done.returncode != 0:
            unavailable(f"npm ci failed in {SDK_DIR}:\n{done.stdout}\n{done.stderr}")
        if _installed_version() != wanted:
            pytest.fail(f"npm ci did not install {SDK_PACKAGE} {wanted}")
    return SDK_DIR
