"""Issue 4's flow through the official TypeScript SDK against a live ``patchwire serve``:
tracking plans, functions, transformations and IAM."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.processes import clean_env, running_server
from tests.e2e.stores import BACKENDS, empty_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=BACKENDS)
def flow(
    request: pytest.FixtureRequest,
    sdk_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_admin_url: str,
) -> dict[str, Any]:
    scratch = tmp_path_factory.mktemp(f"sdk-ws-{request.param}")
    node = shutil.which("node")
    assert node is not None
    with (
        empty_store(request.param, scratch, postgres_admin_url) as url,
        running_server(["--database-url", url]) as server,
    ):
        done = subprocess.run(
            [node, "flow_workspace_config.mjs"],
            cwd=sdk_dir,
            env=clean_env({"BASE_URL": server.base_url, "TOKEN": server.bootstrap_token()}),
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert done.returncode == 0, f"{done.stderr}\n--- server ---\n{server.describe()}"
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_tracking_plan_rules_and_source(flow: dict[str, Any]) -> None:
    assert flow["rulesKeyOrderKept"] is True
    assert flow["rulesAfterRemove"] == ["Order Completed"]
    assert flow["sourceTrackingPlanId"] is True


def test_functions_and_transformations(flow: dict[str, Any]) -> None:
    assert flow["functions"] == {"idPrefix": "sfnc", "listed": True, "deployStatus": "SUCCESS"}
    assert flow["transformations"] is True


def test_iam(flow: dict[str, Any]) -> None:
    iam = flow["iam"]
    assert "Workspace Owner" in iam["roles"]
    assert iam["users"] >= 1
    assert iam["inviteStatus"] == 201
    assert iam["invites"] == ["new.person@example.com"]
