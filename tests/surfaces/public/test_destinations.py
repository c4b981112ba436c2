"""Destinations, their action subscriptions and delivery metrics on the Public API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import create_source
from tests.factories.destinations import (
    AMPLITUDE,
    FIREBASE,
    WEBHOOK,
    WEBHOOK_SEND,
    create_destination,
    create_subscription,
)
from tests.support.api import Api
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk


class TestCreateDestination:
    def test_creates_and_reads_back(self, api: Api) -> None:
        source = create_source(api)
        body = {
            "sourceId": source["id"],
            "metadataId": AMPLITUDE,
            "name": "Product analytics",
            "settings": {"apiKey": "abc123", "batchEvents": True},
        }
        created = data(api.post("/destinations", json=body))["destination"]
        assert created["sourceId"] == source["id"]
        assert created["metadata"]["id"] == AMPLITUDE
        assert created["settings"] == {"apiKey": "abc123", "batchEvents": True}
        assert created["enabled"] is True
        assert created["name"] == "Product analytics"
        got = data(api.get(f"/destinations/{created['id']}"))["destination"]
        assert got == created
        events = audit_events(api, resourceId=created["id"])
        assert [e["type"] for e in events] == ["Destination Created"]

    def test_validates_settings_against_the_catalog(self, api: Api) -> None:
        source = create_source(api)
        missing = api.post(
            "/destinations",
            json={"sourceId": source["id"], "metadataId": AMPLITUDE, "settings": {}},
        )
        assert invalid_fields(missing) == ["destination.settings.apiKey"]
        wrong = api.post(
            "/destinations",
            json={
                "sourceId": source["id"],
                "metadataId": AMPLITUDE,
                "settings": {"apiKey": 5, "notASetting": True},
            },
        )
        assert sorted(invalid_fields(wrong)) == [
            "destination.settings.apiKey",
            "destination.settings.notASetting",
        ]

    def test_unknown_source_and_metadata(self, api: Api, other_api: Api) -> None:
        foreign = create_source(other_api)
        response = api.post(
            "/destinations",
            json={"sourceId": foreign["id"], "metadataId": "nope", "settings": {}},
        )
        assert invalid_fields(response) == ["destination.sourceId", "destination.metadataId"]

    def test_required_fields(self, api: Api) -> None:
        response = api.post("/destinations", json={})
        assert sorted(invalid_fields(response)) == [
            "destination.metadataId",
            "destination.settings",
            "destination.sourceId",
        ]

    def test_read_only_token_is_refused(self, api: Api, readonly_api: Api) -> None:
        source = create_source(api)
        response = readonly_api.post(
            "/destinations",
            json={"sourceId": source["id"], "metadataId": FIREBASE, "settings": {}},
        )
        error(response, 403, "forbidden")


class TestListDestinations:
    def test_walks_every_destination(self, api: Api) -> None:
        source = create_source(api)
        made = [create_destination(api, source["id"])["id"] for _ in range(5)]
        listed = walk(api, "/destinations", "destinations", 2)
        assert [d["id"] for d in listed] == made

    def test_connected_destinations_of_a_source(self, api: Api) -> None:
        first, second = create_source(api), create_source(api)
        mine = create_destination(api, first["id"])
        create_destination(api, second["id"])
        listed = walk(api, f"/sources/{first['id']}/connected-destinations", "destinations", 10)
        assert [d["id"] for d in listed] == [mine["id"]]


class TestUpdateDestination:
    def test_patch_changes_only_what_it_names(self, api: Api) -> None:
        source = create_source(api)
        made = create_destination(
            api, source["id"], metadata_id=AMPLITUDE, settings={"apiKey": "k1"}, name="A"
        )
        url = f"/destinations/{made['id']}"
        renamed = data(api.patch(url, json={"name": "B"}))["destination"]
        assert renamed["name"] == "B"
        assert renamed["settings"] == {"apiKey": "k1"}
        assert renamed["enabled"] is True
        merged = data(api.patch(url, json={"settings": {"batchEvents": True}}))["destination"]
        assert merged["settings"] == {"apiKey": "k1", "batchEvents": True}
        disabled = data(api.patch(url, json={"enabled": False}))["destination"]
        assert disabled["enabled"] is False
        assert disabled["name"] == "B"
        types = [e["type"] for e in audit_events(api, resourceId=made["id"])]
        assert types == [
            "Destination Disabled",
            "Destination Settings Modified",
            "Destination Modified",
            "Destination Created",
        ]

    def test_removing_a_required_setting_is_refused(self, api: Api) -> None:
        source = create_source(api)
        made = create_destination(
            api, source["id"], metadata_id=AMPLITUDE, settings={"apiKey": "k1"}
        )
        response = api.patch(f"/destinations/{made['id']}", json={"settings": {"apiKey": None}})
        assert invalid_fields(response) == ["destination.settings.apiKey"]
        still = data(api.get(f"/destinations/{made['id']}"))["destination"]
        assert still["settings"] == {"apiKey": "k1"}


class TestDeleteDestination:
    def test_delete_then_404(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        made = create_destination(api, source["id"])
        error(other_api.delete(f"/destinations/{made['id']}"), 404, "not-found")
        assert data(api.delete(f"/destinations/{made['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"/destinations/{made['id']}"), 404, "not-found")

    def test_deleting_a_source_deletes_its_destinations(self, api: Api) -> None:
        source = create_source(api)
        made = create_destination(api, source["id"])
        data(api.delete(f"/sources/{source['id']}"))
        error(api.get(f"/destinations/{made['id']}"), 404, "not-found")
        types = [e["type"] for e in audit_events(api, resourceId=made["id"])]
        assert types == ["Destination Deleted", "Destination Created"]


class TestDeliveryMetrics:
    def test_zero_metrics_without_delivery_data(self, api: Api) -> None:
        source = create_source(api)
        made = create_destination(api, source["id"])
        summary = data(
            api.get(
                f"/destinations/{made['id']}/delivery-metrics", params={"sourceId": source["id"]}
            )
        )["deliveryMetricsSummary"]
        assert summary["sourceId"] == source["id"]
        assert summary["destinationMetadataId"] == FIREBASE
        assert {m["metricName"] for m in summary["metrics"]} >= {"successes", "discarded"}
        assert all(m["total"] == 0 for m in summary["metrics"])

    def test_window_limits(self, api: Api) -> None:
        source = create_source(api)
        made = create_destination(api, source["id"])
        now = datetime.now(UTC)
        response = api.get(
            f"/destinations/{made['id']}/delivery-metrics",
            params={
                "sourceId": source["id"],
                "granularity": "MINUTE",
                "startTime": (now - timedelta(hours=5)).isoformat(),
                "endTime": now.isoformat(),
            },
        )
        assert invalid_fields(response) == ["startTime"]

    def test_source_id_is_required(self, api: Api) -> None:
        source = create_source(api)
        made = create_destination(api, source["id"])
        response = api.get(f"/destinations/{made['id']}/delivery-metrics")
        assert invalid_fields(response) == ["sourceId"]


class TestSubscriptions:
    def _webhook(self, api: Api) -> dict[str, object]:
        source = create_source(api)
        return create_destination(api, source["id"], metadata_id=WEBHOOK)

    def test_create_get_list_update_remove(self, api: Api) -> None:
        destination = self._webhook(api)
        base = f"/destinations/{destination['id']}/subscriptions"
        made = create_subscription(api, str(destination["id"]))
        assert made["actionId"] == WEBHOOK_SEND
        assert made["actionSlug"] == "send"
        assert made["destinationId"] == destination["id"]
        got = data(api.get(f"{base}/{made['id']}"))["subscription"]
        assert got == made
        listed = walk(api, base, "subscriptions", 5)
        assert [s["id"] for s in listed] == [made["id"]]
        updated = data(
            api.patch(
                f"{base}/{made['id']}",
                json={"input": {"trigger": 'event = "Order Completed"', "enabled": False}},
            )
        )["subscription"]
        assert updated["trigger"] == 'event = "Order Completed"'
        assert updated["enabled"] is False
        assert updated["name"] == made["name"]
        assert data(api.delete(f"{base}/{made['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"{base}/{made['id']}"), 404, "not-found")

    def test_invalid_trigger_is_a_422_with_position(self, api: Api) -> None:
        destination = self._webhook(api)
        response = api.post(
            f"/destinations/{destination['id']}/subscriptions",
            json={
                "name": "bad",
                "actionId": WEBHOOK_SEND,
                "trigger": 'type = "track" and',
                "enabled": True,
                "settings": {"url": "https://example.com", "method": "POST"},
            },
        )
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "trigger"
        assert "position" in entry["message"]

    def test_action_must_belong_to_the_destination(self, api: Api) -> None:
        destination = self._webhook(api)
        response = api.post(
            f"/destinations/{destination['id']}/subscriptions",
            json={"name": "x", "actionId": "nope", "trigger": 'type = "track"', "enabled": True},
        )
        assert invalid_fields(response) == ["actionId"]

    def test_classic_destinations_have_no_subscriptions(self, api: Api) -> None:
        source = create_source(api)
        classic = create_destination(api, source["id"])
        response = api.post(
            f"/destinations/{classic['id']}/subscriptions",
            json={
                "name": "x",
                "actionId": WEBHOOK_SEND,
                "trigger": "type = 'track'",
                "enabled": True,
            },
        )
        assert invalid_fields(response) == ["actionId"]

    def test_required_action_fields(self, api: Api) -> None:
        destination = self._webhook(api)
        response = api.post(
            f"/destinations/{destination['id']}/subscriptions",
            json={
                "name": "x",
                "actionId": WEBHOOK_SEND,
                "trigger": 'type = "track"',
                "enabled": True,
                "settings": {"unknownField": 1},
            },
        )
        assert "settings.url" in invalid_fields(response)

    def test_other_workspace_sees_404(self, api: Api, other_api: Api) -> None:
        destination = self._webhook(api)
        made = create_subscription(api, str(destination["id"]))
        url = f"/destinations/{destination['id']}/subscriptions/{made['id']}"
        error(other_api.get(url), 404, "not-found")
        error(other_api.delete(url), 404, "not-found")
        error(other_api.patch(url, json={"input": {"enabled": False}}), 404, "not-found")

    def test_alpha_only_media_type(self, api: Api) -> None:
        destination = self._webhook(api)
        url = f"/destinations/{destination['id']}/subscriptions"
        response = api.get(
            url,
            params={"pagination.count": 5},
            headers={"Accept": "application/vnd.segment.v1+json"},
        )
        error(response, 406, "not-acceptable")
        ok = api.get(
            url,
            params={"pagination.count": 5},
            headers={"Accept": "application/vnd.segment.v1alpha+json"},
        )
        assert ok.headers["content-type"] == "application/vnd.segment.v1alpha+json"
