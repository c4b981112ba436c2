"""The README's coverage table is generated; it must match the server's operation table."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_coverage_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "readme_coverage", ROOT / "scripts/readme_coverage.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not module.SCOPE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module.SCOPE} is missing")
        pytest.skip(f"{module.SCOPE} is not present beside the repository")
    readme = (ROOT / "README.md").read_text()
    assert readme == module.render(readme), "run: python scripts/readme_coverage.py"
