"""What a source is connected to, seen from the Sources side (pinned D7 included)."""

from __future__ import annotations

from tests.factories import create_source, unique_slug
from tests.support.api import Api
from tests.surfaces.public.expect import data, error, walk
from tests.surfaces.public.test_warehouses import create_warehouse


class TestConnectedWarehouses:
    def test_a_new_source_joins_every_warehouse(self, api: Api) -> None:
        first, second = create_warehouse(api), create_warehouse(api)
        source = create_source(api)
        listed = walk(api, f"/sources/{source['id']}/connected-warehouses", "warehouses", 1)
        assert [w["id"] for w in listed] == [first["id"], second["id"]]
        assert all(w["settings"]["password"] == "••••••" for w in listed)

    def test_disconnect_all_warehouses_opts_out(self, api: Api) -> None:
        create_warehouse(api)
        body = {
            "slug": unique_slug(),
            "enabled": True,
            "metadataId": "IqDTy1TpoU",
            "disconnectAllWarehouses": True,
        }
        source = data(api.post("/sources", json=body), 201)["source"]
        listed = walk(api, f"/sources/{source['id']}/connected-warehouses", "warehouses", 5)
        assert listed == []

    def test_foreign_source_is_404(self, api: Api, other_api: Api) -> None:
        source = create_source(api)
        response = other_api.get(
            f"/sources/{source['id']}/connected-warehouses", params={"pagination.count": 5}
        )
        error(response, 404, "not-found")


class TestTrackingPlanOfASource:
    def test_get_source_names_its_tracking_plan(self, api: Api) -> None:
        source = create_source(api)
        assert data(api.get(f"/sources/{source['id']}"))["trackingPlanId"] is None
        plan = data(api.post("/tracking-plans", json={"name": "Main", "type": "LIVE"}))
        plan_id = plan["trackingPlan"]["id"]
        data(api.post(f"/tracking-plans/{plan_id}/sources", json={"sourceId": source["id"]}))
        assert data(api.get(f"/sources/{source['id']}"))["trackingPlanId"] == plan_id
