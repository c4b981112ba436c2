"""fql-ts, Segment's own FQL lexer/parser, run through node for the parity tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pytest

FQLTS_DIR = Path(__file__).resolve().parent / "fqlts"
FQLTS_PACKAGE = "@segment/fql-ts"
NPM_CI_TIMEOUT = 600
NODE_TIMEOUT = 120

Verdicts = Callable[[Sequence[str]], list[dict[str, Any]]]


def unavailable(reason: str) -> NoReturn:
    """Under CI a missing prerequisite is a failure; on a laptop it is a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: node and npm must be present)")
    pytest.skip(reason)


def _installed_version() -> str | None:
    manifest = FQLTS_DIR / "node_modules" / FQLTS_PACKAGE / "package.json"
    if not manifest.is_file():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


def _install(npm: str) -> None:
    wanted = json.loads((FQLTS_DIR / "package.json").read_text())["dependencies"][FQLTS_PACKAGE]
    if _installed_version() == wanted:
        return
    try:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=FQLTS_DIR,
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        unavailable(f"npm ci in {FQLTS_DIR} took longer than {NPM_CI_TIMEOUT}s")
    if done.returncode != 0:
        unavailable(f"npm ci failed in {FQLTS_DIR}:\n{done.stdout}\n{done.stderr}")
    if _installed_version() != wanted:
        pytest.fail(f"npm ci did not install {FQLTS_PACKAGE} {wanted}")


@pytest.fixture(scope="session")
def fqlts_verdicts() -> Verdicts:
    """A function giving fql-ts's verdict on each source: ``{accepted, stage, error}``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable("node and npm are needed to run @segment/fql-ts")
    _install(npm)

    def run(sources: Sequence[str]) -> list[dict[str, Any]]:
        done = subprocess.run(
            [node, "verdicts.mjs"],
            cwd=FQLTS_DIR,
            input=json.dumps(list(sources)),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=NODE_TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, f"verdicts.mjs failed:\n{done.stderr}"
        verdicts: list[dict[str, Any]] = json.loads(done.stdout)
        assert len(verdicts) == len(sources)
        return verdicts

    return run
