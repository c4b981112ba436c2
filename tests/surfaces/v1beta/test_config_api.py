"""The Config API at /v1beta: names, envelopes, errors with codes, paging, update masks,
and round trips with the Public API over the same store."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.factories import create_source, issue_token
from tests.support.api import Api, make_client
from tests.support.tenants import Tenant


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert "data" not in body
    return body


def config_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "code", "message"}, body
    assert body["code"] == code
    assert body["message"]
    return body


def create_config_source(api: Api, ws: str, slug: str, catalog: str = "javascript") -> Any:
    return api.post(
        f"/v1beta/workspaces/{ws}/sources/",
        json={
            "source": {
                "name": f"workspaces/{ws}/sources/{slug}",
                "catalog_name": f"catalog/sources/{catalog}",
            }
        },
    )


class TestWorkspaces:
    def test_list_and_get_own_workspace(self, api: Api, tenant: Tenant) -> None:
        listed = ok(api.get("/v1beta/workspaces/", json={}))
        assert [w["name"] for w in listed["workspaces"]] == [f"workspaces/{tenant.slug}"]
        assert listed["next_page_token"] == ""
        got = ok(api.get(f"/v1beta/workspaces/{tenant.slug}/"))
        assert got["id"] == tenant.workspace_id
        assert got["display_name"] == f"Workspace {tenant.slug}"
        assert got["create_time"].endswith("Z")

    def test_another_workspace_is_not_found(self, api: Api, other_api: Api, tenant: Tenant) -> None:
        config_error(other_api.get(f"/v1beta/workspaces/{tenant.slug}"), 404, 5)
        config_error(other_api.get(f"/v1beta/workspaces/{tenant.slug}/sources"), 404, 5)


class TestSources:
    def test_create_get_list_delete(self, api: Api, tenant: Tenant) -> None:
        ws = tenant.slug
        created = ok(create_config_source(api, ws, "js"))
        assert created["name"] == f"workspaces/{ws}/sources/js"
        assert created["parent"] == f"workspaces/{ws}"
        assert created["catalog_name"] == "catalog/sources/javascript"
        assert len(created["write_keys"]) == 1
        assert ok(api.get(f"/v1beta/workspaces/{ws}/sources/js/")) == created
        config_error(create_config_source(api, ws, "js"), 409, 6)
        assert ok(api.delete(f"/v1beta/workspaces/{ws}/sources/js/", json={})) == {}
        config_error(api.get(f"/v1beta/workspaces/{ws}/sources/js"), 404, 5)

    def test_paging_with_page_size_and_token(self, api: Api, tenant: Tenant) -> None:
        slugs = [f"s{i}" for i in range(5)]
        for slug in slugs:
            ok(create_config_source(api, tenant.slug, slug))
        seen: list[str] = []
        token = ""
        for _ in range(10):
            page = ok(
                api.get(
                    f"/v1beta/workspaces/{tenant.slug}/sources/",
                    params={"page_size": 2, "page_token": token},
                )
            )
            seen += [s["name"].rsplit("/", 1)[-1] for s in page["sources"]]
            token = page["next_page_token"]
            if not token:
                break
        assert seen == slugs

    def test_bad_input_is_400_code_3(self, api: Api, tenant: Tenant) -> None:
        config_error(create_config_source(api, tenant.slug, "Bad Slug"), 400, 3)
        config_error(create_config_source(api, tenant.slug, "ok", catalog="nope"), 400, 3)
        bad_json = api.post(f"/v1beta/workspaces/{tenant.slug}/sources", content=b"{nope")
        config_error(bad_json, 400, 3)
        config_error(
            api.get(f"/v1beta/workspaces/{tenant.slug}/sources", params={"page_size": 0}), 400, 3
        )

    def test_auth_errors(self, client: Api, readonly_api: Api, tenant: Tenant) -> None:
        config_error(client.get(f"/v1beta/workspaces/{tenant.slug}"), 401, 16)
        config_error(
            client.get(
                f"/v1beta/workspaces/{tenant.slug}", headers={"Authorization": "Bearer nope"}
            ),
            401,
            16,
        )
        config_error(create_config_source(readonly_api, tenant.slug, "ro"), 403, 7)
        ok(readonly_api.get(f"/v1beta/workspaces/{tenant.slug}/sources"))

    def test_wrong_method_and_path_are_not_found(self, api: Api, tenant: Tenant) -> None:
        config_error(api.put(f"/v1beta/workspaces/{tenant.slug}/sources/x", json={}), 404, 5)
        config_error(api.get("/v1beta/nothing/here"), 404, 5)


class TestRoundTrips:
    def test_created_via_config_read_via_public(self, api: Api, tenant: Tenant) -> None:
        made = ok(create_config_source(api, tenant.slug, "round"))
        listed = api.get("/sources", params={"pagination.count": 10}).json()["data"]["sources"]
        [public] = [s for s in listed if s["slug"] == "round"]
        assert public["writeKeys"] == made["write_keys"]
        assert public["metadata"]["slug"] == "javascript"
        renamed = api.patch(f"/sources/{public['id']}", json={"name": "Round trip"})
        assert renamed.status_code == 200
        again = ok(api.get(f"/v1beta/workspaces/{tenant.slug}/sources/round"))
        assert again["display_name"] == "Round trip"

    def test_created_via_public_read_via_config(self, api: Api, tenant: Tenant) -> None:
        source = create_source(api, slug="pub", name="From public")
        got = ok(api.get(f"/v1beta/workspaces/{tenant.slug}/sources/pub"))
        assert got["display_name"] == "From public"
        assert got["write_keys"] == source["writeKeys"]


class TestSchemaConfig:
    def url(self, tenant: Tenant) -> str:
        return f"/v1beta/workspaces/{tenant.slug}/sources/js/schema-config"

    def test_update_mask_rules(self, api: Api, tenant: Tenant) -> None:
        ok(create_config_source(api, tenant.slug, "js"))
        before = ok(api.get(self.url(tenant)))
        assert before["allow_unplanned_track_events"] is True
        # data without paths changes nothing
        same = ok(
            api.patch(
                self.url(tenant), json={"schema_config": {"allow_unplanned_track_events": False}}
            )
        )
        assert same == before
        # a masked path takes the body's value; prefix optional; mask may be nested
        changed = ok(
            api.patch(
                self.url(tenant),
                json={
                    "schema_config": {
                        "allow_unplanned_track_events": False,
                        "common_track_event_on_violations": "BLOCK",
                        "update_mask": {
                            "paths": [
                                "schema_config.allow_unplanned_track_events",
                                "common_track_event_on_violations",
                            ]
                        },
                    }
                },
            )
        )
        assert changed["allow_unplanned_track_events"] is False
        assert changed["common_track_event_on_violations"] == "BLOCK"
        # a masked path with no value clears to the zero value
        cleared = ok(
            api.patch(
                self.url(tenant),
                json={"update_mask": {"paths": ["allow_unplanned_identify_traits"]}},
            )
        )
        assert cleared["allow_unplanned_identify_traits"] is False
        public = api.get(f"/sources/{self._source_id(api)}/settings").json()["data"]["settings"]
        assert public["track"]["allowUnplannedEvents"] is False
        assert public["identify"]["allowUnplannedTraits"] is False

    def _source_id(self, api: Api) -> str:
        sources = api.get("/sources", params={"pagination.count": 10}).json()["data"]["sources"]
        return str(sources[0]["id"])

    def test_unknown_mask_path_is_400(self, api: Api, tenant: Tenant) -> None:
        ok(create_config_source(api, tenant.slug, "js"))
        response = api.patch(self.url(tenant), json={"update_mask": {"paths": ["nope"]}})
        config_error(response, 400, 3)


class TestCatalog:
    def test_double_slash_and_trailing_slash(self, api: Api) -> None:
        got = ok(api.get("/v1beta//catalog/sources/javascript/"))
        assert got["name"] == "catalog/sources/javascript"
        listed = ok(api.get("/v1beta//catalog/destinations/", params={"page_size": 5}))
        assert len(listed["destinations"]) == 5
        assert listed["next_page_token"]
        config_error(api.get("/v1beta/catalog/sources/nope"), 404, 5)


class TestAccessTokens:
    def test_create_use_list_delete(self, api: Api, client: Api, tenant: Tenant) -> None:
        created = ok(
            api.post(
                "/v1beta/access-tokens",
                json={"access_token": {"description": "ci", "scopes": "workspace:read"}},
            )
        )
        assert created["scopes"] == "workspace:read"
        assert created["workspace_names"] == [f"workspaces/{tenant.slug}"]
        reader = client.as_token(created["token"])
        # the same token works on both APIs, with its scope respected
        assert reader.get("/").status_code == 200
        assert reader.post("/labels", json={"label": {"key": "a", "value": "b"}}).status_code == 403
        config_error(create_config_source(reader, tenant.slug, "x"), 403, 7)
        names = [t["name"] for t in ok(api.get("/v1beta/access-tokens"))["access_tokens"]]
        assert created["name"] in names
        assert "token" not in ok(api.get(f"/v1beta/{created['name']}"))
        ok(api.delete(f"/v1beta/{created['name']}"))
        config_error(reader.get(f"/v1beta/workspaces/{tenant.slug}"), 401, 16)

    def test_cannot_mint_for_another_workspace(self, api: Api, other_api: Api) -> None:
        other_ws = ok(other_api.get("/v1beta/workspaces"))["workspaces"][0]["name"]
        response = api.post(
            "/v1beta/access-tokens",
            json={"access_token": {"scopes": "workspace", "workspace_names": [other_ws]}},
        )
        config_error(response, 404, 5)

    def test_read_only_token_cannot_mint(self, readonly_api: Api) -> None:
        response = readonly_api.post(
            "/v1beta/access-tokens", json={"access_token": {"scopes": "workspace"}}
        )
        config_error(response, 403, 7)


@pytest.fixture
def operator_client(database_url: str) -> Any:
    with make_client(database_url, admin_user="admin@example.com", admin_password="s3cret") as c:
        yield c


def test_operator_basic_auth_mints_tokens(operator_client: Api, tenant: Tenant) -> None:
    basic = base64.b64encode(b"admin@example.com:s3cret").decode()
    response = operator_client.post(
        "/v1beta/access-tokens",
        json={
            "access_token": {
                "scopes": "workspace",
                "workspace_names": [f"workspaces/{tenant.slug}"],
            }
        },
        headers={"Authorization": f"Basic {basic}"},
    )
    token = ok(response)["token"]
    assert (
        operator_client.as_token(token).get("/").json()["data"]["workspace"]["slug"] == tenant.slug
    )
    wrong = base64.b64encode(b"admin@example.com:nope").decode()
    bad = operator_client.post(
        "/v1beta/access-tokens",
        json={"access_token": {"scopes": "workspace"}},
        headers={"Authorization": f"Basic {wrong}"},
    )
    config_error(bad, 401, 16)
    # Basic auth is only for minting tokens
    listing = operator_client.get("/v1beta/workspaces", headers={"Authorization": f"Basic {basic}"})
    config_error(listing, 401, 16)


def test_issue_token_factory_tokens_work(client: Api, tenant: Tenant) -> None:
    secret = issue_token(client, tenant.workspace_id)
    assert ok(client.as_token(secret).get("/v1beta/workspaces"))["workspaces"]
