"""Catalog: the three lists (paginated) and the three metadata lookups."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.api import Api
from tests.surfaces.public.expect import data, error, invalid_fields, pages, walk

# (path, list key, get key, smallest size the issue asks the catalog to ship)
KINDS = [
    ("/catalog/sources", "sourcesCatalog", "sourceMetadata", 40),
    ("/catalog/destinations", "destinationsCatalog", "destinationMetadata", 100),
    ("/catalog/warehouses", "warehousesCatalog", "warehouseMetadata", 6),
]

SEED_ITEMS = [
    ("/catalog/destinations", "destinationMetadata", "57da359580412f644ff33fb9", "amazon-kinesis"),
    ("/catalog/destinations", "destinationMetadata", "54521fd525e721e32a72ee91", "amplitude"),
    ("/catalog/sources", "sourceMetadata", "UBrsG9RVzw", "ios"),
    ("/catalog/sources", "sourceMetadata", "1bow82lmk", "stripe"),
    ("/catalog/sources", "sourceMetadata", "IqDTy1TpoU", "javascript"),
    ("/catalog/warehouses", "warehouseMetadata", "55d3d3aea3c", "postgres"),
]


def first_page(api: Api, path: str, key: str, count: int) -> dict[str, Any]:
    return data(api.get(path, params={"pagination.count": count}))


@pytest.mark.parametrize(("path", "key", "get_key", "minimum"), KINDS)
class TestCatalogLists:
    """getSourcesCatalog, getDestinationsCatalog and getWarehousesCatalog."""

    def test_items_have_the_metadata_shape(
        self, api: Api, path: str, key: str, get_key: str, minimum: int
    ) -> None:
        page = first_page(api, path, key, 200)
        total = page["pagination"]["totalEntries"]
        assert total >= minimum
        items = page[key]
        assert len(items) == min(total, 200)
        for item in items:
            for name in ("id", "slug", "name", "description", "logos", "options"):
                assert name in item, (name, item["id"])
            assert isinstance(item["options"], list)
        assert len({item["id"] for item in items}) == len(items)

    def test_count_bounds_the_page(
        self, api: Api, path: str, key: str, get_key: str, minimum: int
    ) -> None:
        page = first_page(api, path, key, 1)
        assert len(page[key]) == 1
        assert page["pagination"]["next"] is not None
        assert page["pagination"]["previous"] is None

    @pytest.mark.parametrize("count", ["0", "201", "-1", "abc", "1.5", ""])
    def test_count_out_of_range_is_422(
        self, api: Api, path: str, key: str, get_key: str, minimum: int, count: str
    ) -> None:
        response = api.get(path, params={"pagination.count": count})
        assert invalid_fields(response) == ["pagination.count"]

    def test_pagination_is_required(
        self, api: Api, path: str, key: str, get_key: str, minimum: int
    ) -> None:
        assert invalid_fields(api.get(path)) == ["pagination.count"]

    def test_an_item_is_served_by_its_id(
        self, api: Api, path: str, key: str, get_key: str, minimum: int
    ) -> None:
        for item in first_page(api, path, key, 3)[key]:
            assert data(api.get(f"{path}/{item['id']}")) == {get_key: item}

    def test_unknown_id_is_404(
        self, api: Api, path: str, key: str, get_key: str, minimum: int
    ) -> None:
        entry = error(api.get(f"{path}/doesNotExist42"), 404, "not-found")
        assert "doesNotExist42" in entry["message"]


class TestCatalogWalk:
    def test_walking_destinations_seven_at_a_time_covers_every_item_once(self, api: Api) -> None:
        everything = first_page(api, "/catalog/destinations", "destinationsCatalog", 200)
        total = everything["pagination"]["totalEntries"]
        walked = walk(api, "/catalog/destinations", "destinationsCatalog", 7)
        ids = [item["id"] for item in walked]
        assert len(ids) == total
        assert len(set(ids)) == total
        if total <= 200:
            assert ids == [item["id"] for item in everything["destinationsCatalog"]]

    def test_walking_back_from_the_last_page_gives_the_same_order(self, api: Api) -> None:
        forward = walk(api, "/catalog/sources", "sourcesCatalog", 7)
        *_, last = pages(api, "/catalog/sources", 7)
        earlier = walk(
            api,
            "/catalog/sources",
            "sourcesCatalog",
            7,
            direction="previous",
            cursor=last["pagination"]["previous"],
        )
        assert [i["id"] for i in [*earlier, *last["sourcesCatalog"]]] == [i["id"] for i in forward]

    def test_every_page_reports_the_same_total(self, api: Api) -> None:
        totals = {p["pagination"]["totalEntries"] for p in pages(api, "/catalog/destinations", 50)}
        assert len(totals) == 1


class TestCatalogSeedItems:
    """getSourceMetadata, getDestinationMetadata and getWarehouseMetadata on seed ids."""

    @pytest.mark.parametrize(("path", "get_key", "item_id", "slug"), SEED_ITEMS)
    def test_seed_ids_are_present(
        self, api: Api, path: str, get_key: str, item_id: str, slug: str
    ) -> None:
        item = data(api.get(f"{path}/{item_id}"))[get_key]
        assert item["id"] == item_id
        assert item["slug"] == slug

    def test_the_webhook_actions_destination_has_actions_and_presets(self, api: Api) -> None:
        listed = first_page(api, "/catalog/destinations", "destinationsCatalog", 200)
        webhook = next(i for i in listed["destinationsCatalog"] if i["slug"] == "actions-webhook")
        item = data(api.get(f"/catalog/destinations/{webhook['id']}"))["destinationMetadata"]
        assert item["actions"]
        for action in item["actions"]:
            for name in ("id", "slug", "name", "defaultTrigger", "fields"):
                assert name in action, (name, action)
        assert item["presets"]
        action_ids = {a["id"] for a in item["actions"]}
        for preset in item["presets"]:
            assert preset["actionId"] in action_ids

    def test_the_catalog_is_the_same_for_every_workspace(self, api: Api, other_api: Api) -> None:
        path = "/catalog/sources/IqDTy1TpoU"
        assert data(api.get(path)) == data(other_api.get(path))

    def test_a_read_only_token_reads_the_catalog(self, readonly_api: Api) -> None:
        assert data(readonly_api.get("/catalog/warehouses/55d3d3aea3c"))
