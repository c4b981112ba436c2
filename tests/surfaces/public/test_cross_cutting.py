"""Rules every operation shares (pinned answers D1 to D10): auth, roles, tenancy, routing,
tolerance of sloppy clients, the payload limit, media types and pagination input."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from patchwire.core.auth import Role
from tests.factories import JAVASCRIPT, create_label, create_source, issue_token, revoke_token
from tests.support.api import Api
from tests.support.tenants import Tenant
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields

V1 = "application/vnd.segment.v1+json"
V1BETA = "application/vnd.segment.v1beta+json"
V1ALPHA = "application/vnd.segment.v1alpha+json"
JSON = "application/json"
PAYLOAD_LIMIT = 25 * 1024 * 1024


@dataclass(frozen=True)
class Seed:
    """One source (with its write key) and one unattached label ``team:web``."""

    source_id: str
    write_key: str

    def url(self, template: str) -> str:
        return template.format(source=self.source_id, write_key=self.write_key)


@pytest.fixture
def seed(api: Api) -> Seed:
    source = create_source(api, slug="seeded")
    create_label(api, key="team", value="web")
    return Seed(source["id"], source["writeKeys"][0])


def snapshot(api: Api, seed: Seed) -> dict[str, Any]:
    """Everything the write operations below could change."""
    return {
        "source": data(api.get(seed.url("/sources/{source}"))),
        "settings": data(api.get(seed.url("/sources/{source}/settings"))),
        "sources": data(api.get("/sources", params={"pagination.count": 200}))["sources"],
        "labels": data(api.get("/labels")),
        "events": audit_events(api),
    }


# (operationId, method, path template, JSON body); each succeeds for the owner on a Seed.
WRITES: list[tuple[str, str, str, dict[str, Any] | None]] = [
    (
        "createSource",
        "POST",
        "/sources",
        {"slug": "new", "enabled": True, "metadataId": JAVASCRIPT},
    ),
    ("updateSource", "PATCH", "/sources/{source}", {"name": "Renamed"}),
    ("deleteSource", "DELETE", "/sources/{source}", None),
    (
        "addLabelsToSource",
        "POST",
        "/sources/{source}/labels",
        {"labels": [{"key": "team", "value": "web"}]},
    ),
    (
        "replaceLabelsInSource",
        "PUT",
        "/sources/{source}/labels",
        {"labels": [{"key": "team", "value": "web"}]},
    ),
    (
        "updateSchemaSettingsInSource",
        "PATCH",
        "/sources/{source}/settings",
        {"track": {"allowUnplannedEvents": False}},
    ),
    ("createWriteKeyForSource", "POST", "/sources/{source}/writekey", None),
    ("removeWriteKeyFromSource", "DELETE", "/sources/{source}/writekey/{write_key}", None),
    ("createLabel", "POST", "/labels", {"label": {"key": "new", "value": "label"}}),
    ("deleteLabel", "DELETE", "/labels/team/web", None),
]

# Every operation that takes the id of something a workspace owns.
ID_TAKING: list[tuple[str, str, str, dict[str, Any] | None]] = [
    *(w for w in WRITES if w[0] not in ("createSource", "createLabel")),
    ("getSource", "GET", "/sources/{source}", None),
    ("listSchemaSettingsInSource", "GET", "/sources/{source}/settings", None),
    (
        "listConnectedDestinationsFromSource",
        "GET",
        "/sources/{source}/connected-destinations?pagination.count=10",
        None,
    ),
    (
        "listConnectedWarehousesFromSource",
        "GET",
        "/sources/{source}/connected-warehouses?pagination.count=10",
        None,
    ),
]

READS: list[tuple[str, str]] = [
    ("getWorkspace", "/"),
    ("echo", "/echo?message=hi"),
    ("listSources", "/sources?pagination.count=10"),
    ("getSource", "/sources/{source}"),
    ("listSchemaSettingsInSource", "/sources/{source}/settings"),
    (
        "listConnectedDestinationsFromSource",
        "/sources/{source}/connected-destinations?pagination.count=1",
    ),
    (
        "listConnectedWarehousesFromSource",
        "/sources/{source}/connected-warehouses?pagination.count=1",
    ),
    ("listLabels", "/labels"),
    ("getSourcesCatalog", "/catalog/sources?pagination.count=1"),
    ("getSourceMetadata", "/catalog/sources/IqDTy1TpoU"),
    ("getDestinationsCatalog", "/catalog/destinations?pagination.count=1"),
    ("getDestinationMetadata", "/catalog/destinations/54521fd525e721e32a72ee91"),
    ("getWarehousesCatalog", "/catalog/warehouses?pagination.count=1"),
    ("getWarehouseMetadata", "/catalog/warehouses/55d3d3aea3c"),
    ("listAuditEvents", "/audit-events?pagination.count=10"),
]


def call(api: Api, method: str, url: str, body: dict[str, Any] | None) -> httpx.Response:
    return api.request(method, url, json=body) if body is not None else api.request(method, url)


def ids(cases: list[tuple[str, str, str, dict[str, Any] | None]]) -> list[str]:
    return [case[0] for case in cases]


class TestAuthentication:
    @pytest.mark.parametrize(
        "authorization",
        [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Token abc", "Bearer unknown-token"],
    )
    def test_missing_malformed_or_unknown_tokens_are_401(
        self, client: Api, authorization: str | None
    ) -> None:
        headers = {} if authorization is None else {"Authorization": authorization}
        for method, url in [
            ("GET", "/"),
            ("GET", "/sources?pagination.count=1"),
            ("POST", "/labels"),
        ]:
            response = client.request(method, url, headers=headers)
            error(response, 401, "unauthorized")

    def test_the_scheme_is_case_insensitive(self, client: Api, tenant: Tenant) -> None:
        response = client.get("/", headers={"Authorization": f"bearer {tenant.owner_token}"})
        assert data(response)["workspace"]["id"] == tenant.workspace_id

    def test_a_revoked_token_is_401(self, client: Api, tenant: Tenant) -> None:
        secret = issue_token(client, tenant.workspace_id)
        api = client.as_token(secret)
        assert data(api.get("/"))["workspace"]["id"] == tenant.workspace_id
        revoke_token(client, secret)
        error(api.get("/"), 401, "unauthorized")
        error(api.post("/labels", json={"label": {"key": "a", "value": "b"}}), 401, "unauthorized")
        # other tokens of the workspace keep working
        assert data(client.as_token(tenant.owner_token).get("/"))


class TestReadOnlyToken:
    @pytest.mark.parametrize(("operation", "method", "path", "body"), WRITES, ids=ids(WRITES))
    def test_every_write_is_403_and_changes_nothing(
        self,
        api: Api,
        readonly_api: Api,
        seed: Seed,
        operation: str,
        method: str,
        path: str,
        body: dict[str, Any] | None,
    ) -> None:
        before = snapshot(api, seed)
        response = call(readonly_api, method, seed.url(path), body)
        entry = error(response, 403, "forbidden")
        assert "read-only" in entry["message"]
        assert snapshot(api, seed) == before
        # the same request is fine for the owner: the 403 was about the role alone
        assert call(api, method, seed.url(path), body).status_code in (200, 201)

    @pytest.mark.parametrize(("operation", "path"), READS, ids=[r[0] for r in READS])
    def test_every_read_works(
        self, readonly_api: Api, seed: Seed, operation: str, path: str
    ) -> None:
        assert data(readonly_api.get(seed.url(path)))

    def test_a_read_only_token_of_another_workspace_gets_404_not_403(
        self, other_api: Api, seed: Seed, client: Api
    ) -> None:
        workspace_id = data(other_api.get("/"))["workspace"]["id"]
        reader = client.as_token(issue_token(client, workspace_id, Role.READ_ONLY))
        error(reader.get(seed.url("/sources/{source}")), 404, "not-found")


class TestWorkspaceIsolation:
    @pytest.mark.parametrize(("operation", "method", "path", "body"), ID_TAKING, ids=ids(ID_TAKING))
    def test_another_workspaces_ids_are_404(
        self,
        api: Api,
        other_api: Api,
        seed: Seed,
        operation: str,
        method: str,
        path: str,
        body: dict[str, Any] | None,
    ) -> None:
        if path.startswith("/sources"):
            # the other workspace has a label of the same name, so only the source id decides
            create_label(other_api, key="team", value="web")
        before = snapshot(api, seed)
        response = call(other_api, method, seed.url(path), body)
        error(response, 404, "not-found")
        assert snapshot(api, seed) == before
        assert call(api, method, seed.url(path), body).status_code in (200, 201)

    def test_lists_show_only_the_workspaces_own(self, api: Api, other_api: Api, seed: Seed) -> None:
        listed = data(other_api.get("/sources", params={"pagination.count": 200}))
        assert listed["sources"] == []
        assert listed["pagination"]["totalEntries"] == 0
        assert data(other_api.get("/labels")) == {"labels": []}
        assert audit_events(other_api) == []


class TestRouting:
    @pytest.mark.parametrize(
        "path", ["/nope", "/sources/a/b/c", "/catalog", "/labels/only-key", "/v1/sources"]
    )
    def test_unknown_paths_are_404(self, api: Api, path: str) -> None:
        error(api.get(path), 404, "not-found")

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("GET", "/sources/%00"),
            ("PATCH", "/sources/a%00b"),
            ("DELETE", "/labels/k%00/v"),
            ("DELETE", "/sources/{source}/writekey/%00"),
            ("GET", "/catalog/sources/%00"),
        ],
    )
    def test_nul_characters_in_a_path_are_404(
        self, api: Api, seed: Seed, method: str, path: str
    ) -> None:
        error(api.request(method, seed.url(path), json={}), 404, "not-found")

    @pytest.mark.parametrize(
        ("method", "path", "allowed"),
        [
            ("PUT", "/sources", {"GET", "POST"}),
            ("DELETE", "/", {"GET"}),
            ("POST", "/sources/x", {"GET", "PATCH", "DELETE"}),
            ("PATCH", "/labels", {"GET", "POST"}),
            ("GET", "/labels/a/b", {"DELETE"}),
            ("POST", "/audit-events", {"GET"}),
            ("OPTIONS", "/sources", {"GET", "POST"}),
        ],
    )
    def test_an_unsupported_method_is_405_with_allow(
        self, api: Api, method: str, path: str, allowed: set[str]
    ) -> None:
        response = api.request(method, path)
        entry = error(response, 405, "method-not-allowed")
        assert method in entry["message"]
        assert {m.strip() for m in response.headers["allow"].split(",")} == allowed

    def test_trailing_slashes_are_tolerated(self, api: Api) -> None:
        source = data(
            api.post("/sources/", json={"slug": "s", "enabled": True, "metadataId": JAVASCRIPT}),
            201,
        )["source"]
        assert data(api.get(f"/sources/{source['id']}/"))["source"] == source
        listed = data(api.get("/sources/", params={"pagination.count": 5}))
        assert listed["sources"] == [source]
        assert data(api.get("/catalog/sources/IqDTy1TpoU/"))["sourceMetadata"]["slug"] == (
            "javascript"
        )

    def test_a_json_body_on_get_and_delete_is_ignored(self, api: Api, seed: Seed) -> None:
        junk = {"anything": ["goes", 1]}
        got = data(api.request("GET", seed.url("/sources/{source}"), json=junk))
        assert got["source"]["id"] == seed.source_id
        assert data(api.request("GET", "/labels", content=b"not json at all"))["labels"]
        assert data(api.request("DELETE", "/labels/team/web", json=junk)) == {"status": "SUCCESS"}
        response = api.request("DELETE", seed.url("/sources/{source}"), json=junk)
        assert data(response) == {"status": "SUCCESS"}
        error(api.get(seed.url("/sources/{source}")), 404, "not-found")


def _chunks(total: int, size: int = 1024 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        chunk = b" " * min(size, total - sent)
        sent += len(chunk)
        yield chunk


class TestPayloadLimit:
    def test_a_26mb_body_is_413(self, api: Api) -> None:
        body = (
            b'{"slug": "big", "enabled": true, "metadataId": "IqDTy1TpoU", "name": "'
            + (b"x" * (26 * 1024 * 1024))
            + b'"}'
        )
        response = api.post("/sources", content=body, headers={"Content-Type": JSON})
        entry = error(response, 413, "PayloadLimitError")
        assert entry["message"] == "The payload limit size of 25mb has been reached"
        assert data(api.get("/sources", params={"pagination.count": 1}))["sources"] == []

    def test_a_chunked_body_over_the_limit_is_413(self, api: Api) -> None:
        response = api.post(
            "/labels", content=_chunks(PAYLOAD_LIMIT + 1), headers={"Content-Type": JSON}
        )
        error(response, 413, "PayloadLimitError")
        assert data(api.get("/labels")) == {"labels": []}

    def test_an_oversize_content_length_is_refused_before_the_body(
        self, api: Api, tenant: Tenant
    ) -> None:
        host, port = api.base_url.removeprefix("http://").split(":")
        request = (
            "POST /labels HTTP/1.1\r\n"
            f"Host: {host}\r\n"
            f"Authorization: Bearer {tenant.owner_token}\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {PAYLOAD_LIMIT + 1}\r\n"
            "Connection: close\r\n\r\n"
        )
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(request.encode())  # and not one byte of the declared body
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413"), head
        assert b"PayloadLimitError" in body

    def test_a_body_at_the_limit_is_read(self, api: Api) -> None:
        response = api.post("/labels", content=b" " * PAYLOAD_LIMIT, headers={"Content-Type": JSON})
        assert invalid_fields(response)  # read and judged: blank is not a JSON body


ACCEPTS = [
    (None, V1),
    ("*/*", V1),
    ("application/*", V1),
    (JSON, JSON),
    ("application/json; charset=utf-8", JSON),
    (V1, V1),
    (V1BETA, V1BETA),
    (V1ALPHA, V1ALPHA),
    ("application/vnd.segment.stable+json", V1),
    ("application/vnd.segment.beta+json", V1BETA),
    ("application/vnd.segment.alpha+json", V1ALPHA),
    (f"{V1ALPHA};q=0.5, {V1BETA}", V1BETA),
    ("text/html", V1),
]

CONTENT_TYPES = [
    JSON,
    "application/json; charset=utf-8",
    V1,
    V1BETA,
    V1ALPHA,
    "application/vnd.segment.stable+json",
    "application/vnd.segment.beta+json",
    "application/vnd.segment.alpha+json",
]


class TestMediaTypes:
    @pytest.mark.parametrize(("accept", "content_type"), ACCEPTS)
    def test_accept_picks_the_response_content_type(
        self, api: Api, seed: Seed, accept: str | None, content_type: str
    ) -> None:
        headers = {} if accept is None else {"Accept": accept}
        for url in ("/", seed.url("/sources/{source}"), "/sources?pagination.count=1"):
            response = api.get(url, headers=headers)
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == content_type

    @pytest.mark.parametrize("content_type", CONTENT_TYPES)
    def test_request_bodies_in_every_media_type(self, api: Api, content_type: str) -> None:
        body = b'{"slug": "typed", "enabled": true, "metadataId": "IqDTy1TpoU"}'
        response = api.post("/sources", content=body, headers={"Content-Type": content_type})
        assert data(response, 201)["source"]["slug"] == "typed"

    def test_a_post_without_body_or_content_type(self, api: Api, seed: Seed) -> None:
        response = api.post(seed.url("/sources/{source}/writekey"))
        assert response.headers["content-type"] == V1ALPHA
        assert len(data(response)["source"]["writeKeys"]) == 2

    @pytest.mark.parametrize("accept", [V1, V1BETA, "application/vnd.segment.stable+json"])
    def test_an_unoffered_version_is_406_listing_the_offered_ones(
        self, api: Api, seed: Seed, accept: str
    ) -> None:
        response = api.post(seed.url("/sources/{source}/writekey"), headers={"Accept": accept})
        entry = error(response, 406, "not-acceptable")
        assert V1ALPHA in entry["message"]
        assert V1 + "," not in entry["message"]
        assert entry["data"] == {"offered": [V1ALPHA]}
        assert data(api.get(seed.url("/sources/{source}")))["source"]["writeKeys"] == [
            seed.write_key
        ]

    def test_an_unknown_version_is_406(self, api: Api) -> None:
        response = api.get("/", headers={"Accept": "application/vnd.segment.v2+json"})
        entry = error(response, 406, "not-acceptable")
        assert V1 in entry["message"]


class TestPaginationInput:
    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get("/sources")) == ["pagination.count"]
        assert invalid_fields(api.get("/sources?pagination.cursor=abc")) == ["pagination.count"]

    @pytest.mark.parametrize(
        "count",
        ["0", "201", "abc", "-5", "1.5", "", "1e2", "true", " 2", "+2", "2_0", "\uff12", "9" * 30],
    )
    def test_count_must_be_1_to_200(self, api: Api, count: str) -> None:
        response = api.get("/sources", params={"pagination.count": count})
        assert invalid_fields(response) == ["pagination.count"]

    @pytest.mark.parametrize("count", ["1", "200"])
    def test_the_bounds_are_allowed(self, api: Api, count: str) -> None:
        assert data(api.get(f"/sources?pagination.count={count}"))["sources"] == []

    @pytest.mark.parametrize(
        ("count_key", "cursor_key"),
        [
            ("pagination.count", "pagination.cursor"),
            ("pagination%5Bcount%5D", "pagination%5Bcursor%5D"),  # what the v47 SDK sends
            ("pagination%5bcount%5d", "pagination%5bcursor%5d"),
            ("pagination[count]", "pagination[cursor]"),
        ],
    )
    def test_every_deep_object_spelling(self, api: Api, count_key: str, cursor_key: str) -> None:
        created = [create_source(api)["id"] for _ in range(3)]
        first = data(api.get(f"/sources?{count_key}=2"))
        assert [s["id"] for s in first["sources"]] == created[:2]
        cursor = quote(first["pagination"]["next"], safe="")
        second = data(api.get(f"/sources?{count_key}=2&{cursor_key}={cursor}"))
        assert [s["id"] for s in second["sources"]] == created[2:]

    def test_a_pagination_object_in_a_get_body(self, api: Api) -> None:
        created = [create_source(api)["id"] for _ in range(3)]
        first = data(api.request("GET", "/sources", json={"pagination": {"count": 2}}))
        assert [s["id"] for s in first["sources"]] == created[:2]
        body = {"pagination": {"count": 2, "cursor": first["pagination"]["next"]}}
        second = data(api.request("GET", "/sources", json=body))
        assert [s["id"] for s in second["sources"]] == created[2:]

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"pagination": {"count": 0}}, "pagination.count"),
            ({"pagination": {"count": "2x"}}, "pagination.count"),
            ({"pagination": {"count": True}}, "pagination.count"),
            ({"pagination": {"count": 2.5}}, "pagination.count"),
            ({"pagination": {}}, "pagination.count"),
            ({"pagination": 5}, "pagination.count"),
            ({"pagination": {"count": 2, "cursor": 7}}, "pagination.cursor"),
        ],
    )
    def test_a_bad_pagination_body_is_422(self, api: Api, body: dict[str, Any], field: str) -> None:
        assert invalid_fields(api.request("GET", "/sources", json=body)) == [field]

    def test_the_query_string_wins_over_the_body(self, api: Api) -> None:
        for _ in range(3):
            create_source(api)
        response = api.request(
            "GET", "/sources?pagination.count=1", json={"pagination": {"count": 3}}
        )
        assert len(data(response)["sources"]) == 1

    def test_a_tampered_cursor_is_422(self, api: Api) -> None:
        for _ in range(3):
            create_source(api)
        cursor = data(api.get("/sources?pagination.count=1"))["pagination"]["next"]
        payload, _, mac = cursor.partition(".")
        flipped = ("A" if payload[5] != "A" else "B").join([payload[:5], payload[6:]])
        for bad in (f"{flipped}.{mac}", f"{payload}.{mac[:-2]}", payload, "Mw==", "abc", "..."):
            response = api.get("/sources", params={"pagination.count": 1, "pagination.cursor": bad})
            assert invalid_fields(response) == ["pagination.cursor"], bad

    def test_a_cursor_from_another_list_is_422(self, api: Api) -> None:
        a = create_source(api)
        b = create_source(api)
        for _ in range(2):
            create_source(api)
        catalog = data(api.get("/catalog/sources?pagination.count=1"))["pagination"]["next"]
        sources = data(api.get("/sources?pagination.count=1"))["pagination"]["next"]
        events = data(api.get("/audit-events?pagination.count=1"))["pagination"]["current"]
        connected = data(api.get(f"/sources/{a['id']}/connected-destinations?pagination.count=1"))[
            "pagination"
        ]["current"]
        for url, cursor in [
            ("/sources", catalog),
            ("/catalog/destinations", catalog),
            ("/catalog/sources", sources),
            ("/audit-events", sources),
            ("/sources", events),
            (f"/sources/{b['id']}/connected-destinations", connected),
            (f"/sources/{a['id']}/connected-warehouses", connected),
        ]:
            response = api.get(url, params={"pagination.count": 1, "pagination.cursor": cursor})
            assert invalid_fields(response) == ["pagination.cursor"], url

    def test_the_current_cursor_gives_the_same_page_again(self, api: Api) -> None:
        for _ in range(4):
            create_source(api)
        first = data(api.get("/sources?pagination.count=2"))
        second = data(
            api.get(
                "/sources",
                params={"pagination.count": 2, "pagination.cursor": first["pagination"]["next"]},
            )
        )
        again = data(
            api.get(
                "/sources",
                params={
                    "pagination.count": 2,
                    "pagination.cursor": second["pagination"]["current"],
                },
            )
        )
        assert again == second
        restart = data(
            api.get(
                "/sources",
                params={"pagination.count": 2, "pagination.cursor": first["pagination"]["current"]},
            )
        )
        assert restart["sources"] == first["sources"]
