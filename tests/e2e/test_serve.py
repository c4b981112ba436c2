"""``patchwire serve`` as an operator runs it: first start, restart, access log, signals,
configuration from the environment, and several worker processes on one store."""

from __future__ import annotations

import json
import re
import secrets
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import TOKEN, Server, access_line, run_cli, running_server, wait_for
from tests.support.databases import sqlite_url

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server started on an empty SQLite store, shared by the read-only checks below."""
    url = sqlite_url(tmp_path_factory.mktemp("first-start") / "patchwire.db")
    with running_server(["--database-url", url]) as server:
        yield server


class TestFirstStart:
    def test_prints_the_owner_token_once_to_stderr(self, first_start: Server) -> None:
        token = first_start.bootstrap_token()
        alone = [line for line in first_start.stderr.lines if line.strip() == token]
        assert len(alone) == 1, first_start.describe()
        assert not [line for line in first_start.stdout.lines if TOKEN.search(line)]

    def test_prints_a_curl_line_that_works(self, first_start: Server) -> None:
        token = first_start.bootstrap_token()
        curl = first_start.stderr.wait_for(re.compile(r"curl .*"), timeout=5).group(0)
        assert f"Bearer {token}" in curl
        url = re.search(r"http://\S+", curl)
        assert url is not None, curl
        assert url.group(0) == f"{first_start.base_url}/"
        response = httpx.get(url.group(0), headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        assert response.json()["data"]["workspace"]["slug"] == "my-workspace"

    def test_logs_each_request_as_one_line(self, first_start: Server) -> None:
        token = first_start.bootstrap_token()
        path = f"/sources/e2e-missing-{secrets.token_hex(4)}"
        with first_start.client(token) as client:
            assert client.get(path).status_code == 404
        line = first_start.stderr.wait_for(access_line("GET", path), timeout=10)
        assert line["status"] == "404"
        assert float(line["ms"]) >= 0
        assert len([entry for entry in first_start.stderr.lines if path in entry]) == 1


def test_second_start_on_the_same_store_bootstraps_nothing(sqlite_store: str) -> None:
    with running_server(["--database-url", sqlite_store]) as first:
        token = first.bootstrap_token()
    with (
        running_server(["--database-url", sqlite_store]) as second,
        second.client(token) as client,
    ):
        assert client.get("/").json()["data"]["workspace"]["slug"] == "my-workspace"
    assert not [line for line in second.stderr.lines if TOKEN.search(line)], second.describe()
    assert not [line for line in second.stderr.lines if "curl" in line]
    listed = run_cli("workspaces", "list", "--json", "--database-url", sqlite_store)
    assert listed.returncode == 0, listed.explain()
    assert [w["slug"] for w in json.loads(listed.stdout)] == ["my-workspace"]


def _send_slow_echo(port: int, token: str, delay_ms: int) -> socket.socket:
    """Write a whole slow request on a raw connection and return it unread."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        (
            f"GET /echo?message=slow&delay={delay_ms} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\n"
            "Accept: application/json\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
    )
    return sock


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, body


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_lets_the_in_flight_request_finish_then_exits_0(
    sqlite_store: str, signum: signal.Signals
) -> None:
    delay_ms = 1500
    with running_server(["--database-url", sqlite_store]) as server:
        token = server.bootstrap_token()
        with _send_slow_echo(server.port, token, delay_ms) as slow:
            # Barrier, not a sleep: the slow request was written first, so by the time a later
            # request on another connection has its answer, the server has read the slow one.
            with server.client(token) as client:
                assert client.get("/echo", params={"message": "barrier"}).status_code == 200
            signalled = time.monotonic()
            server.send_signal(signum)
            status, body = _read_response(slow)
            answered = time.monotonic() - signalled
        code = server.wait()
    assert status == 200, server.describe()
    assert json.loads(body)["data"]["message"] == "slow"
    assert answered < delay_ms / 1000 + 5
    assert code == 0, f"exit status {code} after {signum.name}\n{server.describe()}"


def test_database_url_from_the_environment(tmp_path: Path) -> None:
    store_file = tmp_path / "from-env.db"
    env = {
        "PATCHWIRE_DATABASE_URL": sqlite_url(store_file),
        # Where the built-in default store would go, so a missed variable cannot touch $HOME.
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    with running_server([], env=env) as server:
        token = server.bootstrap_token()
        with server.client(token) as client:
            assert client.get("/").status_code == 200
    assert store_file.is_file()
    assert not (tmp_path / "xdg").exists()
    listed = run_cli("workspaces", "list", "--json", env=env)
    assert listed.returncode == 0, listed.explain()
    assert [w["slug"] for w in json.loads(listed.stdout)] == ["my-workspace"]


def _worker_pids(parent: int) -> list[int]:
    """Child processes of ``parent`` that multiprocessing spawned (uvicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def _wait_for_workers(server: Server) -> list[int]:
    return wait_for(
        "two worker processes",
        lambda: pids if len(pids := _worker_pids(server.pid)) == 2 else None,
    )


def test_two_workers_serve_one_store(sqlite_store: str) -> None:
    with running_server(["--database-url", sqlite_store, "--workers", "2"]) as server:
        token = server.bootstrap_token()
        assert len(_wait_for_workers(server)) == 2
        headers = {"Authorization": f"Bearer {token}"}
        made: set[tuple[str, str]] = set()
        for i in range(6):
            # A new connection per request, so the kernel hands them to either worker; every
            # read must see every earlier write, whichever worker made it.
            label = {"key": "round", "value": f"r{i}"}
            created = httpx.post(
                f"{server.base_url}/labels", json={"label": label}, headers=headers
            )
            assert created.status_code == 201, created.text
            made.add((label["key"], label["value"]))
            listed = httpx.get(f"{server.base_url}/labels", headers=headers)
            assert listed.status_code == 200
            assert made <= {(lb["key"], lb["value"]) for lb in listed.json()["data"]["labels"]}


def test_two_workers_log_every_request(sqlite_store: str) -> None:
    with running_server(["--database-url", sqlite_store, "--workers", "2"]) as server:
        token = server.bootstrap_token()
        _wait_for_workers(server)
        for i in range(3):
            path = f"/sources/e2e-missing-{i}"
            # A new client (so a new connection) per request, to reach either worker.
            with server.client(token) as client:
                assert client.get(path).status_code == 404
            line = server.stderr.wait_for(access_line("GET", path), timeout=5)
            assert line["status"] == "404"
