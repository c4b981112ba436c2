"""Destination filters (singular ``/destination`` paths) and the filter preview."""

from __future__ import annotations

from typing import Any

from tests.factories import create_source
from tests.factories.destinations import create_destination
from tests.support.api import Api
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

ORDER = {
    "type": "track",
    "event": "Order Completed",
    "properties": {"total": 42, "email": "a@example.com", "sku": "X1"},
    "context": {"ip": "10.0.0.1"},
}


def _filter_body(source_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "sourceId": source_id,
        "title": "Drop test events",
        "if": 'event = "Test"',
        "actions": [{"type": "DROP"}],
        "enabled": True,
        **overrides,
    }


def _setup(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    source = create_source(api)
    return source, create_destination(api, source["id"])


class TestFilterLifecycle:
    def test_create_get_list_update_remove(self, api: Api) -> None:
        source, destination = _setup(api)
        base = f"/destination/{destination['id']}/filters"
        made = data(api.post(base, json=_filter_body(source["id"], description="d")))["filter"]
        assert made["if"] == 'event = "Test"'
        assert made["actions"] == [{"type": "DROP"}]
        assert made["destinationId"] == destination["id"]
        assert made["sourceId"] == source["id"]
        assert made["createdAt"].endswith("Z")
        assert data(api.get(f"{base}/{made['id']}"))["filter"] == made
        assert [f["id"] for f in walk(api, base, "filters", 5)] == [made["id"]]
        updated = data(
            api.patch(f"{base}/{made['id']}", json={"enabled": False, "description": None})
        )["filter"]
        assert updated["enabled"] is False
        assert "description" not in updated
        assert updated["title"] == made["title"]
        assert data(api.delete(f"{base}/{made['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"{base}/{made['id']}"), 404, "not-found")
        types = [e["type"] for e in audit_events(api, resourceId=made["id"])]
        assert types == [
            "Destination Filter Deleted",
            "Destination Filter Modified",
            "Destination Filter Created",
        ]

    def test_invalid_fql_names_the_position(self, api: Api) -> None:
        source, destination = _setup(api)
        response = api.post(
            f"/destination/{destination['id']}/filters",
            json=_filter_body(source["id"], **{"if": 'event = "unterminated'}),
        )
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "if"
        assert "position" in entry["message"]

    def test_sample_needs_percent_and_source_must_match(self, api: Api) -> None:
        _, destination = _setup(api)
        other = create_source(api)
        response = api.post(
            f"/destination/{destination['id']}/filters",
            json=_filter_body(other["id"], actions=[{"type": "SAMPLE"}]),
        )
        assert sorted(invalid_fields(response)) == ["actions[0].percent", "sourceId"]

    def test_other_workspace_and_read_only(
        self, api: Api, other_api: Api, readonly_api: Api
    ) -> None:
        source, destination = _setup(api)
        base = f"/destination/{destination['id']}/filters"
        made = data(api.post(base, json=_filter_body(source["id"])))["filter"]
        error(other_api.get(f"{base}/{made['id']}"), 404, "not-found")
        error(other_api.post(base, json=_filter_body(source["id"])), 404, "not-found")
        error(readonly_api.delete(f"{base}/{made['id']}"), 403, "forbidden")
        assert data(readonly_api.get(f"{base}/{made['id']}"))["filter"]["id"] == made["id"]


class TestPreview:
    def _preview(self, api: Api, condition: str, actions: list[dict[str, Any]]) -> Any:
        body = {"filter": {"if": condition, "actions": actions}, "payload": ORDER}
        result = data(api.post("/destination/filters/preview", json=body))
        assert result["inputPayload"] == ORDER
        return result["result"]

    def test_drop_when_matching(self, api: Api) -> None:
        assert self._preview(api, 'event = "Order Completed"', [{"type": "DROP"}]) is None
        kept = self._preview(api, 'event = "Other"', [{"type": "DROP"}])
        assert kept == ORDER

    def test_allow_and_drop_properties(self, api: Api) -> None:
        allowed = self._preview(
            api, "all", [{"type": "ALLOW_PROPERTIES", "fields": {"properties": ["total"]}}]
        )
        assert allowed["properties"] == {"total": 42}
        assert allowed["context"] == ORDER["context"]
        dropped = self._preview(
            api,
            "properties.total > 10",
            [{"type": "DROP_PROPERTIES", "fields": {"properties": ["email"], "": ["context"]}}],
        )
        assert dropped["properties"] == {"total": 42, "sku": "X1"}
        assert "context" not in dropped

    def test_sampling_is_deterministic(self, api: Api) -> None:
        everything = self._preview(api, "all", [{"type": "SAMPLE", "percent": 1}])
        assert everything == ORDER
        nothing = self._preview(api, "all", [{"type": "SAMPLE", "percent": 0}])
        assert nothing is None
        first = self._preview(api, "all", [{"type": "SAMPLE", "percent": 0.5, "path": "event"}])
        again = self._preview(api, "all", [{"type": "SAMPLE", "percent": 0.5, "path": "event"}])
        assert first == again

    def test_invalid_preview_input(self, api: Api) -> None:
        response = api.post(
            "/destination/filters/preview",
            json={"filter": {"if": "event = ", "actions": [{"type": "NOPE"}]}, "payload": {}},
        )
        assert invalid_fields(response) == ["filter.actions[0].type"]
        response = api.post(
            "/destination/filters/preview",
            json={"filter": {"if": "event = ", "actions": []}, "payload": {}},
        )
        assert invalid_fields(response) == ["filter.if"]
