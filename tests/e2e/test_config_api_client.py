"""A real third-party Config API client, PyPI's ``segment-config-api`` 0.0.1, against a real
``patchwire serve`` on each backend.

The client is pointed at the server the way its users would: by setting the ``base_url``
attribute of ``SegmentConfigApi`` (it ends in ``/v1beta/``). It sends a JSON body on every
request, GET and DELETE included, adds trailing slashes and writes catalog paths with a
double slash, and raises ``requests.HTTPError`` for any non-2xx without reading the body.
Its tokens come from ``patchwire tokens create``, as an operator would make them.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from tests.e2e.processes import TOKEN, Server, run_cli, running_server
from tests.e2e.stores import BACKENDS, empty_store
from tests.support.prerequisites import unavailable

pytestmark = pytest.mark.slow

PACKAGE = "segment-config-api"
VERSION = "0.0.1"
WS = "my-workspace"
PIP_TIMEOUT = 300


def _installed() -> ModuleType | None:
    try:
        if importlib.metadata.version(PACKAGE) != VERSION:
            return None
        return importlib.import_module("segment_config_api.api")
    except (importlib.metadata.PackageNotFoundError, ModuleNotFoundError):
        return None


@pytest.fixture(scope="session")
def config_api_package() -> ModuleType:
    """``segment_config_api.api``, home of ``SegmentConfigApi``. Installed with pip into this
    environment when missing (it is in the ``dev`` extra); under CI=true a failed install
    fails the test."""
    module = _installed()
    if module is not None:
        return module
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", f"{PACKAGE}=={VERSION}"],
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0:
        unavailable(f"pip could not install {PACKAGE}=={VERSION}:\n{done.stdout}\n{done.stderr}")
    importlib.invalidate_caches()
    module = _installed()
    if module is None:
        pytest.fail(f"pip reported success but {PACKAGE} {VERSION} cannot be imported")
    return module


@dataclass(frozen=True)
class Live:
    """A running server and the third-party client's entry points into it."""

    server: Server
    package: ModuleType
    owner: Any
    reader: Any

    def client(self, token: str) -> Any:
        api = self.package.SegmentConfigApi(token)
        api.base_url = f"{self.server.base_url}/v1beta/"
        return api

    @property
    def http_error(self) -> type[BaseException]:
        error: type[BaseException] = importlib.import_module("requests").HTTPError
        return error


def issue(url: str, *role: str) -> str:
    result = run_cli("tokens", "create", "--workspace", WS, *role, "--database-url", url)
    assert result.returncode == 0, result.explain()
    token = result.stdout.strip()
    assert TOKEN.fullmatch(token), result.explain()
    return token


@pytest.fixture(scope="module", params=BACKENDS)
def live(
    request: pytest.FixtureRequest,
    config_api_package: ModuleType,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_admin_url: str,
) -> Iterator[Live]:
    """``patchwire serve`` from a first start on an empty store, with an owner and a
    read-only token made by the operator command."""
    scratch = tmp_path_factory.mktemp(f"config-client-{request.param}")
    with (
        empty_store(request.param, scratch, postgres_admin_url) as url,
        running_server(["--database-url", url]) as server,
    ):
        server.bootstrap_token()  # the first start made the workspace
        owner, reader = issue(url), issue(url, "--role", "read-only")
        live = Live(server, config_api_package, None, None)
        yield Live(server, config_api_package, live.client(owner), live.client(reader))
    assert not [line for line in server.stderr.lines if "Traceback" in line], server.describe()


def refused(live: Live, call: Callable[[], Any], status: int) -> dict[str, Any]:
    """The client raises on a non-2xx; the response it raised for is in the Config shape."""
    with pytest.raises(live.http_error) as raised:
        call()
    response: Any = getattr(raised.value, "response", None)
    assert response is not None
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "code", "message"}, body
    return body


def source_payload(slug: str) -> dict[str, Any]:
    return {
        "source": {
            "name": f"workspaces/{WS}/sources/{slug}",
            "catalog_name": "catalog/sources/javascript",
        }
    }


def test_workspaces(live: Live) -> None:
    listed = live.owner.workspaces.list()
    assert [w["name"] for w in listed["workspaces"]] == [f"workspaces/{WS}"]
    got = live.owner.workspace(WS).get()
    assert got == listed["workspaces"][0]
    assert got["display_name"]
    refused(live, live.owner.workspace("someone-else").get, 404)
    refused(live, live.client("pw_not_a_real_token_at_all_000").workspaces.list, 401)


def test_sources_and_schema_config(live: Live) -> None:
    ws = live.owner.workspace(WS)
    made = [ws.sources.create(source_payload(slug)) for slug in ("web", "ios", "android")]
    assert [m["name"] for m in made] == [
        f"workspaces/{WS}/sources/{s}" for s in ("web", "ios", "android")
    ]
    assert all(m["catalog_name"] == "catalog/sources/javascript" for m in made)
    refused(live, lambda: ws.sources.create(source_payload("web")), 409)
    refused(live, lambda: ws.sources.create({"source": {"name": "Not A Slug"}}), 400)
    refused(live, lambda: live.reader.workspace(WS).sources.create(source_payload("ro")), 403)

    first = ws.sources.list(page_size=2)
    assert len(first["sources"]) == 2
    assert first["next_page_token"]
    rest = ws.sources.list(page_size=2, page_token=first["next_page_token"])
    assert rest["next_page_token"] == ""
    seen = [s["name"] for s in first["sources"] + rest["sources"]]
    assert sorted(seen) == sorted(m["name"] for m in made)

    web = ws.source("web")
    assert web.get() == made[0]
    config = web.get_schema_config()
    assert config["allow_unplanned_track_events"] is True
    updated = web.update_schema_config(
        {
            "schema_config": {"allow_unplanned_track_events": False},
            "update_mask": {"paths": ["schema_config.allow_unplanned_track_events"]},
        }
    )
    assert updated["allow_unplanned_track_events"] is False
    assert web.get_schema_config() == updated

    assert ws.source("android").delete("unused-by-the-client") == {}
    refused(live, ws.source("android").get, 404)


def test_catalog(live: Live) -> None:
    catalog = live.owner.integrations_catalog
    sources = catalog.sources.list(page_size=5)
    assert len(sources["sources"]) == 5
    assert sources["next_page_token"]
    more = catalog.sources.list(page_size=5, page_token=sources["next_page_token"])
    assert not {s["name"] for s in sources["sources"]} & {s["name"] for s in more["sources"]}
    assert catalog.source("javascript").get()["name"] == "catalog/sources/javascript"
    destinations = catalog.destinations.list(page_size=3)
    assert len(destinations["destinations"]) == 3
    first = destinations["destinations"][0]
    slug = first["name"].rsplit("/", 1)[-1]
    assert catalog.destination(slug).get() == first
    refused(live, catalog.source("no-such-source").get, 404)


def test_tracking_plans_and_source_connections(live: Live) -> None:
    ws = live.owner.workspace(WS)
    for slug in ("tp-a", "tp-b", "tp-c"):
        ws.sources.create(source_payload(slug))
    event = {
        "name": "Order Completed",
        "description": "Who bought what",
        "rules": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"},
        "version": 1,
    }
    rules = {"events": [event], "global": {"type": "object"}}
    created = ws.tracking_plans.create({"tracking_plan": {"display_name": "Kicks", "rules": rules}})
    assert created["display_name"] == "Kicks"
    assert created["rules"] == rules
    plan_id = created["name"].rsplit("/", 1)[-1]
    assert created["name"] == f"workspaces/{WS}/tracking-plans/{plan_id}"
    second = ws.tracking_plans.create({"tracking_plan": {"display_name": "Second"}})

    page = ws.tracking_plans.list(page_size=1)
    assert page["tracking_plans"] == [created]
    rest = ws.tracking_plans.list(page_size=1, page_token=page["next_page_token"])
    assert rest == {"tracking_plans": [second], "next_page_token": ""}

    plan = ws.tracking_plan(plan_id)
    assert plan.get() == created
    renamed = plan.update(
        {
            "tracking_plan": {"display_name": "Kicks 2", "rules": {"events": []}},
            "update_mask": {"paths": ["tracking_plan.display_name"]},
        }
    )
    assert renamed["display_name"] == "Kicks 2"
    assert renamed["rules"] == rules
    refused(
        live,
        lambda: plan.update(
            {"tracking_plan": {}, "update_mask": {"paths": ["tracking_plan.display_name"]}}
        ),
        400,
    )
    refused(live, lambda: live.reader.workspace(WS).tracking_plan(plan_id).delete(), 403)

    one = plan.create_source_connection(f"workspaces/{WS}/sources/tp-a")
    assert one == {"source_name": f"workspaces/{WS}/sources/tp-a", "tracking_plan_id": plan_id}
    batch = plan.batch_create_source_connection(
        [f"workspaces/{WS}/sources/tp-b", f"workspaces/{WS}/sources/tp-c"]
    )
    assert [c["source_name"] for c in batch["connections"]] == [
        f"workspaces/{WS}/sources/tp-b",
        f"workspaces/{WS}/sources/tp-c",
    ]
    listed = plan.list_source_connections()
    assert sorted(c["source_name"] for c in listed["connections"]) == [
        f"workspaces/{WS}/sources/tp-{s}" for s in "abc"
    ]
    other = ws.tracking_plan(second["name"].rsplit("/", 1)[-1])
    refused(live, lambda: other.create_source_connection(f"workspaces/{WS}/sources/tp-a"), 409)
    assert plan.delete_source_connection("tp-a") == {}
    assert len(plan.list_source_connections()["connections"]) == 2
    refused(live, lambda: plan.delete_source_connection("tp-a"), 404)

    assert plan.delete() == {}
    refused(live, plan.get, 404)
    assert ws.tracking_plans.list()["tracking_plans"] == [second]


def test_regulations_and_suppressed_users_are_501(live: Live) -> None:
    ws = live.owner.workspace(WS)
    ws.sources.create(source_payload("reg"))
    regulation = {
        "regulation_type": "Suppress_With_Delete",
        "attributes": {"name": "userId", "values": ["u1"]},
    }
    calls: list[Callable[[], Any]] = [
        lambda: ws.regulations.list(status="FINISHED", regulation_types=["Delete", "Suppress"]),
        lambda: ws.regulations.create(regulation),
        ws.regulations.regulation("r1").get,
        ws.regulations.regulation("r1").delete,
        ws.suppressed_users.list,
        ws.source("reg").regulations.create,
        ws.source("reg").regulations.delete,
    ]
    for call in calls:
        body = refused(live, call, 501)
        assert body["code"] == 12
        assert "does not process end-user data" in body["message"]
