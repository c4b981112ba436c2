"""Issue 3's flow through the official TypeScript SDK against a live ``patchwire serve``:
source → destination → subscription → filter → warehouse connection → read back → delete."""

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
    scratch = tmp_path_factory.mktemp(f"sdk-dest-{request.param}")
    node = shutil.which("node")
    assert node is not None
    with (
        empty_store(request.param, scratch, postgres_admin_url) as url,
        running_server(["--database-url", url]) as server,
    ):
        done = subprocess.run(
            [node, "flow_destinations.mjs"],
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


def test_destination_and_subscription(flow: dict[str, Any]) -> None:
    assert flow["createDestination"] == {"status": 200, "metadataSlug": "actions-webhook"}
    subscription = flow["subscription"]
    assert subscription["enabledAfterUpdate"] is False
    assert subscription["listed"] == [subscription["id"]]


def test_filter_preview_drops_the_matching_event(flow: dict[str, Any]) -> None:
    assert flow["filter"]["previewResult"] is None


def test_warehouse_connection_is_seen_from_both_sides(flow: dict[str, Any]) -> None:
    warehouse, ids = flow["warehouse"], flow["ids"]
    assert warehouse["createStatus"] == 201
    assert warehouse["connectStatus"] == 201
    assert warehouse["password"] == "••••••"
    assert warehouse["connectedSources"] == [ids["sourceId"]]
    assert warehouse["connectedWarehouses"] == [ids["warehouseId"]]


def test_everything_reads_back_and_deletes(flow: dict[str, Any]) -> None:
    ids = flow["ids"]
    assert flow["readBack"] == {
        "connectedDestinations": [ids["destinationId"]],
        "destinationSourceId": ids["sourceId"],
    }
    assert flow["afterDelete"] == {"destination": 404, "warehouse": 404}
