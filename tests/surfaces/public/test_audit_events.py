"""Audit trail: every mutation records its event, filters and order work, failures record
nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.factories import JAVASCRIPT, create_label, create_source, label_ref
from tests.support.api import Api
from tests.surfaces.public.expect import audit_events, data, invalid_fields, walk


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def timestamp(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))


class TestListAuditEvents:
    def test_source_lifecycle_newest_first(self, api: Api) -> None:
        source = create_source(api, slug="web", name="Web")
        target = create_source(api)
        url = f"/sources/{source['id']}"
        api.patch(url, json={"name": "Web 2"})
        api.patch(url, json={"enabled": False})
        api.patch(url, json={"enabled": True})
        api.patch(url, json={"settings": {"websiteUrl": "https://example.com"}})
        api.patch(f"{url}/settings", json={"forwardingViolationsTo": target["id"]})
        api.delete(url)

        events = audit_events(api, resourceId=source["id"])
        assert types(events) == [
            "Source Deleted",
            "Source Settings Modified",
            "Source Settings Modified",
            "Source Enabled",
            "Source Disabled",
            "Source Modified",
            "Source Created",
        ]
        for event in events:
            assert event["resourceId"] == source["id"]
            assert event["resourceType"] == "source"
            assert isinstance(event["id"], str)
            assert isinstance(event["actor"], str)
            assert event["actor"]
        assert events[-1]["resourceName"] == "Web"
        assert events[0]["resourceName"] == "Web 2"
        assert len({e["actor"] for e in events}) == 1
        assert len({e["id"] for e in events}) == len(events)

    def test_labels_and_write_keys_modify_the_source(self, api: Api) -> None:
        source = create_source(api)
        label = create_label(api)
        url = f"/sources/{source['id']}"
        api.post(f"{url}/labels", json={"labels": [label_ref(label)]})
        api.post(f"{url}/labels", json={"labels": [label_ref(label)]})  # already there
        api.put(f"{url}/labels", json={"labels": []})
        api.post(f"{url}/writekey")
        api.delete(f"{url}/writekey/{source['writeKeys'][0]}")
        assert types(audit_events(api, resourceId=source["id"])) == [
            "Source Modified",
            "Source Modified",
            "Source Modified",
            "Source Modified",
            "Source Created",
        ]

    def test_label_events(self, api: Api) -> None:
        label = create_label(api, key="env", value="prod")
        api.delete("/labels/env/prod")
        events = audit_events(api, resourceType="label")
        assert types(events) == ["Label Deleted", "Label Created"]
        assert {e["resourceName"] for e in events} == {"env:prod"}
        assert len({e["resourceId"] for e in events}) == 1
        assert label == {"key": "env", "value": "prod"}

    def test_every_event_has_the_full_shape(self, api: Api) -> None:
        create_source(api)
        create_label(api)
        for event in audit_events(api):
            assert set(event) >= {
                "id",
                "timestamp",
                "type",
                "actor",
                "resourceId",
                "resourceType",
                "resourceName",
            }
            assert timestamp(event).tzinfo is not None

    def test_filters_by_resource_type_and_id(self, api: Api) -> None:
        a = create_source(api)
        b = create_source(api)
        create_label(api)
        assert len(audit_events(api)) == 3
        assert types(audit_events(api, resourceType="source")) == ["Source Created"] * 2
        assert [e["resourceId"] for e in audit_events(api, resourceId=a["id"])] == [a["id"]]
        assert audit_events(api, resourceId=b["id"], resourceType="label") == []

    def test_filters_by_time(self, api: Api) -> None:
        ids = [create_source(api)["id"] for _ in range(3)]
        events = audit_events(api)
        assert [e["resourceId"] for e in events] == ids[::-1]
        newest, middle, oldest = events
        assert timestamp(newest) >= timestamp(middle) >= timestamp(oldest)

        since = audit_events(api, startTime=middle["timestamp"])
        assert [e["id"] for e in since] == [newest["id"], middle["id"]]
        until = audit_events(api, endTime=middle["timestamp"])
        assert [e["id"] for e in until] == [middle["id"], oldest["id"]]
        both = audit_events(api, startTime=middle["timestamp"], endTime=middle["timestamp"])
        assert [e["id"] for e in both] == [middle["id"]]

    def test_time_filters_honour_the_offset(self, api: Api) -> None:
        create_source(api)
        event = audit_events(api)[0]
        at = timestamp(event)
        # the same instant written in another zone
        shifted = at.astimezone(timezone(timedelta(hours=5))).isoformat()
        assert [e["id"] for e in audit_events(api, startTime=shifted)] == [event["id"]]
        assert [e["id"] for e in audit_events(api, endTime=shifted)] == [event["id"]]

    @pytest.mark.parametrize("name", ["startTime", "endTime"])
    @pytest.mark.parametrize(
        "value",
        [
            "yesterday",
            "2024-13-01T00:00:00Z",
            "2020-01-01T00:00:00+99:00",
            "9999-12-31T23:59:59-10:00",
            "0001-01-01T00:00:00+10:00",
        ],
    )
    def test_bad_times_are_422(self, api: Api, name: str, value: str) -> None:
        response = api.get("/audit-events", params={name: value, "pagination.count": 5})
        assert invalid_fields(response) == [name]

    @pytest.mark.parametrize("name", ["resourceId", "resourceType"])
    def test_nul_in_a_filter_is_422(self, api: Api, name: str) -> None:
        response = api.get("/audit-events", params={name: "a\x00b", "pagination.count": 5})
        assert invalid_fields(response) == [name]

    def test_extreme_but_valid_times(self, api: Api) -> None:
        create_source(api)
        assert len(audit_events(api, startTime="0001-01-01T00:00:00Z")) == 1
        assert audit_events(api, startTime="9999-12-31T23:59:59Z") == []
        assert len(audit_events(api, endTime="9999-12-31T23:59:59")) == 1

    def test_pages_newest_first(self, api: Api) -> None:
        ids = [create_source(api)["id"] for _ in range(5)]
        page = data(api.get("/audit-events", params={"pagination.count": 2}))
        assert [e["resourceId"] for e in page["events"]] == ids[:-3:-1]
        assert page["pagination"]["totalEntries"] == 5
        assert [e["resourceId"] for e in walk(api, "/audit-events", "events", 2)] == ids[::-1]

    def test_a_cursor_is_bound_to_its_filters(self, api: Api) -> None:
        for _ in range(3):
            create_source(api)
        page = data(
            api.get("/audit-events", params={"pagination.count": 1, "resourceType": "source"})
        )
        cursor = page["pagination"]["next"]
        response = api.get(
            "/audit-events",
            params={"pagination.count": 1, "resourceType": "label", "pagination.cursor": cursor},
        )
        assert invalid_fields(response) == ["pagination.cursor"]

    def test_pagination_is_required(self, api: Api) -> None:
        assert invalid_fields(api.get("/audit-events")) == ["pagination.count"]

    def test_other_workspaces_see_nothing(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        create_label(api)
        assert audit_events(other_api) == []
        assert audit_events(other_api, resourceId=source["id"]) == []

    def test_a_read_only_token_reads_the_trail(self, api: Api, readonly_api: Api) -> None:
        create_source(api)
        assert types(audit_events(readonly_api)) == ["Source Created"]

    def test_failed_writes_record_nothing(self, api: Api, readonly_api: Api) -> None:
        source = create_source(api, slug="taken")
        other = create_source(api)
        label = create_label(api)
        api.put(f"/sources/{other['id']}/labels", json={"labels": [label_ref(label)]})
        before = audit_events(api)

        failures = [
            api.post("/sources", json={"slug": "taken", "enabled": True, "metadataId": JAVASCRIPT}),
            api.post("/sources", json={"slug": "ok", "enabled": True, "metadataId": "nope"}),
            api.patch(f"/sources/{source['id']}", json={"slug": "Bad Slug", "name": "x"}),
            api.patch(f"/sources/{other['id']}", json={"slug": "taken", "name": "x"}),
            api.patch(f"/sources/{source['id']}", json={"name": "x", "enabled": "no"}),
            api.post(
                f"/sources/{source['id']}/labels", json={"labels": [{"key": "a", "value": "b"}]}
            ),
            api.put(
                f"/sources/{other['id']}/labels", json={"labels": [{"key": "a", "value": "b"}]}
            ),
            api.patch(f"/sources/{source['id']}/settings", json={"forwardingViolationsTo": "x"}),
            api.delete(f"/sources/{source['id']}/writekey/nope"),
            api.delete(f"/labels/{label['key']}/{label['value']}"),
            api.post("/labels", json={"label": label_ref(label)}),
            readonly_api.delete(f"/sources/{source['id']}"),
            readonly_api.post("/labels", json={"label": {"key": "r", "value": "o"}}),
        ]
        assert all(400 <= r.status_code < 500 for r in failures), [r.status_code for r in failures]
        assert audit_events(api) == before
        assert data(api.get(f"/sources/{source['id']}"))["source"]["slug"] == "taken"
