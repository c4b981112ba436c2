"""Outside prerequisites (services, node/npm packages): present, or a clear stop.

Under CI a missing prerequisite fails the test; on a laptop it skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

NPM_CI_TIMEOUT = 600


def unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: required prerequisites must be present)")
    pytest.skip(reason)


def _installed_version(directory: Path, package: str) -> str | None:
    manifest = directory / "node_modules" / package / "package.json"
    if not manifest.is_file():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


def npm_project(directory: Path, package: str) -> str:
    """``npm ci`` in ``directory`` unless ``package`` is already installed at the locked
    version; returns the path of ``node``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable(f"node and npm are needed to run {package}")
    wanted = json.loads((directory / "package.json").read_text())["dependencies"][package]
    if _installed_version(directory, package) == wanted:
        return node
    try:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        unavailable(f"npm ci in {directory} took longer than {NPM_CI_TIMEOUT}s")
    if done.returncode != 0:
        unavailable(f"npm ci failed in {directory}:\n{done.stdout}\n{done.stderr}")
    if _installed_version(directory, package) != wanted:
        pytest.fail(f"npm ci did not install {package} {wanted}")
    return node
