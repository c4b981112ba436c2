"""The operator commands as real processes on a real store, checked against a running server
that shares the store (the same ``--database-url``)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.e2e.processes import TOKEN, CliResult, Server, run_cli, running_server

pytestmark = pytest.mark.slow

SECRET_FIELDS = {"secret", "token", "tokenHash", "token_hash", "hash"}


def ok(*args: str) -> CliResult:
    result = run_cli(*args)
    assert result.returncode == 0, result.explain()
    assert "Traceback" not in result.stderr, result.explain()
    return result


def failed_cleanly(result: CliResult) -> str:
    """An expected error: exit 1, nothing on stdout, one line on stderr, no traceback."""
    assert result.returncode == 1, result.explain()
    assert result.stdout == "", result.explain()
    assert "Traceback" not in result.stderr, result.explain()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected a one-line message\n{result.explain()}"
    return lines[0]


def issued_token(result: CliResult) -> str:
    """``tokens create`` prints the token and nothing else on stdout."""
    assert TOKEN.fullmatch(result.stdout.strip()), result.explain()
    assert result.stdout.count("\n") == 1, result.explain()
    return result.stdout.strip()


def get(server: Server, path: str, token: str) -> httpx.Response:
    return httpx.get(f"{server.base_url}{path}", headers={"Authorization": f"Bearer {token}"})


def create_label(server: Server, token: str, value: str) -> httpx.Response:
    return httpx.post(
        f"{server.base_url}/labels",
        json={"label": {"key": "made-by", "value": value}},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_workspaces_and_tokens_drive_a_running_server(store: str) -> None:
    db = ["--database-url", store]

    made = ok("workspaces", "create", "acme", "--name", "Acme Inc", "--json", *db)
    created = json.loads(made.stdout)
    assert [(w["slug"], w["name"]) for w in created] == [("acme", "Acme Inc")]
    listed = json.loads(ok("workspaces", "list", "--json", *db).stdout)
    assert [w["slug"] for w in listed] == ["acme"]
    assert listed[0]["id"] == created[0]["id"]

    owner = issued_token(ok("tokens", "create", "--workspace", "acme", "--description", "ops", *db))
    reader = issued_token(ok("tokens", "create", "--workspace", "acme", "--role", "read-only", *db))
    assert owner != reader

    listing = ok("tokens", "list", "--json", *db)
    assert owner not in listing.stdout
    assert reader not in listing.stdout
    rows: list[dict[str, Any]] = json.loads(listing.stdout)
    assert sorted((r["role"], r["workspace"]) for r in rows) == [
        ("owner", "acme"),
        ("read-only", "acme"),
    ]
    assert all(not SECRET_FIELDS & r.keys() and r["revokedAt"] is None for r in rows)
    owner_id = next(r["id"] for r in rows if r["role"] == "owner")
    assert next(r for r in rows if r["id"] == owner_id)["description"] == "ops"

    with running_server(db) as server:
        assert get(server, "/", owner).json()["data"]["workspace"]["slug"] == "acme"
        assert get(server, "/", reader).status_code == 200
        refused = create_label(server, reader, "reader")
        assert refused.status_code == 403, refused.text
        assert refused.json()["errors"][0]["type"] == "forbidden"
        assert create_label(server, owner, "owner").status_code == 201

        revoked = ok("tokens", "revoke", owner_id, *db)
        assert owner_id in revoked.stderr
        gone = get(server, "/", owner)
        assert gone.status_code == 401, gone.text
        assert get(server, "/", reader).status_code == 200
    assert not [line for line in server.stderr.lines if TOKEN.search(line)], server.describe()

    after = json.loads(ok("tokens", "list", "--workspace", "acme", "--json", *db).stdout)
    assert {r["id"]: r["revokedAt"] is not None for r in after} == {
        r["id"]: r["id"] == owner_id for r in rows
    }


def test_duplicate_workspace_slug_is_a_one_line_error(sqlite_store: str) -> None:
    # A long slug (the limit is 100) also checks the message is not wrapped to a terminal width.
    slug = "acme-analytics-production-eu-west-1-marketing-data"
    ok("workspaces", "create", slug, "--database-url", sqlite_store)
    again = run_cli("workspaces", "create", slug, "--database-url", sqlite_store)
    message = failed_cleanly(again)
    assert "already exists" in message
    assert slug in message
    listed = json.loads(ok("workspaces", "list", "--json", "--database-url", sqlite_store).stdout)
    assert [w["slug"] for w in listed] == [slug]


def test_unknown_workspace_or_token_is_a_one_line_error(sqlite_store: str) -> None:
    db = ["--database-url", sqlite_store]
    no_token = run_cli("tokens", "create", "--workspace", "no-such-workspace", *db)
    assert "no-such-workspace" in failed_cleanly(no_token)
    no_list = run_cli("tokens", "list", "--workspace", "no-such-workspace", "--json", *db)
    assert "no-such-workspace" in failed_cleanly(no_list)
    no_revoke = run_cli("tokens", "revoke", "no-such-token", *db)
    assert "no-such-token" in failed_cleanly(no_revoke)
