"""getWorkspace (and its ``/workspaces`` alias) and the ``echo`` test hook."""

from __future__ import annotations

import time

import pytest

from tests.support.api import Api
from tests.support.tenants import Tenant
from tests.surfaces.public.expect import data, error, errors, invalid_fields


class TestGetWorkspace:
    @pytest.mark.parametrize("path", ["/", "/workspaces", "/workspaces/"])
    def test_returns_the_tokens_workspace(self, api: Api, tenant: Tenant, path: str) -> None:
        assert data(api.get(path)) == {
            "workspace": {
                "id": tenant.workspace_id,
                "slug": tenant.slug,
                "name": f"Workspace {tenant.slug}",
            }
        }

    def test_each_token_sees_its_own(self, api: Api, readonly_api: Api, other_api: Api) -> None:
        mine = data(api.get("/"))["workspace"]
        assert data(readonly_api.get("/"))["workspace"] == mine
        assert data(other_api.get("/"))["workspace"]["id"] != mine["id"]

    def test_needs_a_token(self, client: Api) -> None:
        error(client.get("/"), 401, "unauthorized")


class TestEcho:
    def test_echoes_the_message_method_and_headers(self, api: Api) -> None:
        response = api.get("/echo", params={"message": "hi there"}, headers={"X-Probe": "42"})
        echoed = data(response)
        assert echoed["method"] == "get"
        assert echoed["message"] == "hi there"
        assert echoed["headers"]["x-probe"] == "42"
        assert "authorization" not in {name.lower() for name in echoed["headers"]}

    def test_message_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get("/echo")) == ["message"]

    def test_delay_holds_the_response(self, api: Api) -> None:
        started = time.monotonic()
        assert data(api.get("/echo", params={"message": "m", "delay": "50"}))["message"] == "m"
        assert time.monotonic() - started >= 0.05

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"delay": "-1"}, "delay"),
            ({"delay": "soon"}, "delay"),
            ({"delay": "600000"}, "delay"),
            ({"statusCode": "99"}, "statusCode"),
            ({"statusCode": "abc"}, "statusCode"),
            ({"statusCode": "200.5"}, "statusCode"),
            ({"statusCode": "nan"}, "statusCode"),
            ({"statusCode": "inf"}, "statusCode"),
            ({"statusCode": "204"}, "statusCode"),
            ({"statusCode": "304"}, "statusCode"),
            ({"statusCode": "418"}, "statusCode"),
            ({"delay": "nan"}, "delay"),
            ({"triggerError": "maybe"}, "triggerError"),
        ],
    )
    def test_bad_parameters_are_422(self, api: Api, params: dict[str, str], field: str) -> None:
        assert invalid_fields(api.get("/echo", params={"message": "m", **params})) == [field]

    def test_status_code_sets_a_success_status(self, api: Api) -> None:
        response = api.get("/echo", params={"message": "m", "statusCode": "202"})
        assert data(response, 202)["message"] == "m"

    def test_trigger_error_is_a_4xx_carrying_the_message(self, api: Api) -> None:
        response = api.get("/echo", params={"message": "boom", "triggerError": "true"})
        assert 400 <= response.status_code < 500
        entries = response.json()["errors"]
        assert [e["message"] for e in entries] == ["boom"]

    @pytest.mark.parametrize(
        ("status", "error_type"),
        [
            (403, "forbidden"),
            (404, "not-found"),
            (409, "conflict"),
            (429, "RequestError"),
            (500, "internal"),
            (503, "unavailable"),
        ],
    )
    def test_trigger_error_with_a_status_code(self, api: Api, status: int, error_type: str) -> None:
        params = {"message": "boom", "triggerError": "true", "statusCode": str(status)}
        assert error(api.get("/echo", params=params), status, error_type)["message"] == "boom"

    def test_status_code_alone_can_ask_for_an_error(self, api: Api) -> None:
        response = api.get("/echo", params={"message": "gone", "statusCode": "404"})
        assert error(response, 404, "not-found")["message"] == "gone"

    def test_trigger_multiple_errors(self, api: Api) -> None:
        params = {"message": "many", "triggerMultipleErrors": "true"}
        entries = errors(api.get("/echo", params=params), 422, "input-validation")
        assert len(entries) >= 2
        assert all("many" in e["message"] for e in entries)

    def test_trigger_unexpected_error_is_a_500_envelope(self, api: Api) -> None:
        params = {"message": "m", "triggerUnexpectedError": "true"}
        response = api.get("/echo", params=params)
        assert response.status_code == 500
        body = response.json()
        assert set(body) == {"errors"}
        assert body["errors"][0]["type"]
        assert body["errors"][0].get("message") != "m"

    def test_echo_offers_no_beta(self, api: Api) -> None:
        response = api.get(
            "/echo",
            params={"message": "m"},
            headers={"Accept": "application/vnd.segment.v1beta+json"},
        )
        entry = error(response, 406, "not-acceptable")
        assert "application/vnd.segment.v1+json" in entry["message"]
        assert "application/vnd.segment.v1alpha+json" in entry["message"]
