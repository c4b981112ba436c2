"""fql-ts, Segment's own FQL lexer/parser, run through node for the parity tests."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.support.prerequisites import npm_project

FQLTS_DIR = Path(__file__).resolve().parent / "fqlts"
FQLTS_PACKAGE = "@segment/fql-ts"
NODE_TIMEOUT = 120

Verdicts = Callable[[Sequence[str]], list[dict[str, Any]]]


@pytest.fixture(scope="session")
def fqlts_verdicts() -> Verdicts:
    """A function giving fql-ts's verdict on each source: ``{accepted, stage, error}``."""
    node = npm_project(FQLTS_DIR, FQLTS_PACKAGE)

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
