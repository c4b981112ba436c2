"""The official TypeScript SDK (v47) against a real ``patchwire serve``, on both backends.

tests/sdk/flow.mjs makes the calls exactly as an SDK user would and prints what it saw; this
module starts the server, hands the script the bootstrap token, and checks the record.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.processes import Server, clean_env, running_server
from tests.e2e.stores import BACKENDS, empty_store

pytestmark = pytest.mark.slow

FLOW_TIMEOUT = 120
SOURCE_COUNT = 5


def run_flow(sdk_dir: Path, server: Server, token: str) -> dict[str, Any]:
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, "flow.mjs"],
        cwd=sdk_dir,
        env=clean_env({"BASE_URL": server.base_url, "TOKEN": token}),
        capture_output=True,
        text=True,
        timeout=FLOW_TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, (
        f"flow.mjs failed (exit {done.returncode}):\n{done.stderr}\n"
        f"--- server ---\n{server.describe()}"
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module", params=BACKENDS)
def flow(
    request: pytest.FixtureRequest,
    sdk_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_admin_url: str,
) -> dict[str, Any]:
    """The SDK flow's record, run once per backend from a first start on an empty store."""
    scratch = tmp_path_factory.mktemp(f"sdk-{request.param}")
    with (
        empty_store(request.param, scratch, postgres_admin_url) as url,
        running_server(["--database-url", url]) as server,
    ):
        token = server.bootstrap_token()
        result = run_flow(sdk_dir, server, token)
    assert not [line for line in server.stderr.lines if "Traceback" in line], server.describe()
    return result


def test_workspace_is_the_bootstrap_one(flow: dict[str, Any]) -> None:
    assert flow["workspace"]["slug"] == "my-workspace"
    assert flow["workspace"]["id"]


def test_create_source_returns_201_and_the_javascript_source(flow: dict[str, Any]) -> None:
    created = flow["created"]
    assert [c["status"] for c in created] == [201] * SOURCE_COUNT
    ids = [c["source"]["id"] for c in created]
    assert len(set(ids)) == SOURCE_COUNT
    for c in created:
        source = c["source"]
        assert source["metadata"] == {"id": flow["metadataId"], "slug": "javascript"}
        assert source["workspaceId"] == flow["workspace"]["id"]
        assert source["enabled"] is True
        assert len(source["writeKeys"]) == 1


def test_pagination_walk_sees_every_source_exactly_once(flow: dict[str, Any]) -> None:
    created = [c["source"]["id"] for c in flow["created"]]
    forward = flow["pages"]["forward"]
    assert [len(page["ids"]) for page in forward] == [2, 2, 1]
    seen = [source_id for page in forward for source_id in page["ids"]]
    assert sorted(seen) == sorted(created)
    assert Counter(seen).most_common(1)[0][1] == 1
    assert all(page["totalEntries"] == SOURCE_COUNT for page in forward)
    assert forward[0]["previous"] is None
    assert forward[-1]["next"] is None
    for before, after in itertools.pairwise(forward):
        assert after["current"] == before["next"]
        assert after["previous"] is not None


def test_previous_cursors_walk_back_to_the_first_page(flow: dict[str, Any]) -> None:
    forward = flow["pages"]["forward"]
    backward = flow["pages"]["backward"]
    assert [page["ids"] for page in backward] == [page["ids"] for page in forward[-2::-1]]
    assert backward[-1]["previous"] is None


def test_get_and_update_source(flow: dict[str, Any]) -> None:
    first = flow["created"][0]["source"]
    assert flow["got"]["source"] == first
    assert flow["got"]["trackingPlanId"] is None
    updated = flow["updated"]
    assert updated["id"] == first["id"]
    assert updated["name"].startswith("Renamed ")
    assert updated["enabled"] is False
    assert updated["slug"] == first["slug"]


def test_labels_are_created_added_replaced_and_listed(flow: dict[str, Any]) -> None:
    assert flow["createLabel"]["status"] == 201
    env = flow["createLabel"]["label"]
    assert env["key"] == "env"
    assert env["description"] == "made by flow.mjs"
    assert [(lb["key"], lb["value"]) for lb in flow["addedLabels"]] == [(env["key"], env["value"])]
    team = [(lb["key"], lb["value"]) for lb in flow["replacedLabels"]]
    assert team == [("team", env["value"])]
    assert [(lb["key"], lb["value"]) for lb in flow["labelsAfterReplace"]] == team
    listed = {(lb["key"], lb["value"]) for lb in flow["listedLabels"]}
    assert {(env["key"], env["value"]), *team} <= listed


def test_write_key_is_added_then_removed(flow: dict[str, Any]) -> None:
    original = flow["created"][0]["source"]["writeKeys"]
    after_create = flow["writeKeysAfterCreate"]
    assert len(after_create) == 2
    assert set(original) < set(after_create)
    assert flow["removedWriteKey"] not in original
    assert flow["removeWriteKeyStatus"] == "SUCCESS"
    assert flow["writeKeysAfterRemove"] == original


def test_schema_settings_are_read_and_patched(flow: dict[str, Any]) -> None:
    source_id = flow["created"][0]["source"]["id"]
    before = flow["schemaSettings"]
    after = flow["updatedSchemaSettings"]
    assert before["sourceId"] == after["sourceId"] == source_id
    assert after["settings"]["track"]["allowUnplannedEvents"] is False
    assert after["settings"]["track"]["commonEventOnViolations"] == "BLOCK"
    untouched = dict(before["settings"]["track"])
    untouched.pop("allowUnplannedEvents")
    untouched.pop("commonEventOnViolations")
    assert {k: after["settings"]["track"][k] for k in untouched} == untouched
    assert after["settings"]["identify"] == before["settings"]["identify"]


def test_no_connected_destinations(flow: dict[str, Any]) -> None:
    assert flow["connectedDestinations"] == []


def test_audit_trail_records_the_changes(flow: dict[str, Any]) -> None:
    created = {c["source"]["id"] for c in flow["created"]}
    events = flow["auditEvents"]
    source_created = {e["resourceId"] for e in events if e["type"] == "Source Created"}
    assert source_created == created
    assert any(e["type"] == "Label Created" for e in events)
    first = flow["created"][0]["source"]["id"]
    assert any(e["type"] == "Source Modified" and e["resourceId"] == first for e in events)
    assert all(e["actor"] for e in events)


def test_deleted_source_is_a_404_the_sdk_rejects(flow: dict[str, Any]) -> None:
    assert flow["deleteSourceStatus"] == "SUCCESS"
    assert flow["deleteLabelStatus"] == "SUCCESS"
    gone = flow["deletedGet"]
    assert gone["statusCode"] == 404
    assert gone["body"]["errors"][0]["type"] == "not-found"
    assert flow["created"][0]["source"]["id"] in gone["body"]["errors"][0]["message"]
