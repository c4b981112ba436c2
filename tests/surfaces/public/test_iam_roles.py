"""listRoles: the fixed role catalog, paginated, with stable ids."""

from __future__ import annotations

from tests.support.api import Api
from tests.support.tenants import ROLE
from tests.surfaces.public.expect import data, error, invalid_fields, walk


class TestListRoles:
    def test_lists_the_catalog_with_stable_ids_in_order(self, api: Api) -> None:
        roles = walk(api, "/roles", "roles", 200)
        assert [(r["name"], r["id"]) for r in roles] == list(ROLE.items())
        assert all(set(r) == {"id", "name", "description"} and r["description"] for r in roles)

    def test_pages_in_both_directions(self, api: Api) -> None:
        forward = walk(api, "/roles", "roles", 3)
        assert [r["id"] for r in forward] == list(ROLE.values())
        first = data(api.get("/roles", params={"pagination[count]": 4}))
        assert first["pagination"]["totalEntries"] == len(ROLE)
        second = data(
            api.get(
                "/roles",
                params={"pagination.count": 4, "pagination.cursor": first["pagination"]["next"]},
            )
        )
        back = data(
            api.get(
                "/roles",
                params={
                    "pagination.count": 4,
                    "pagination.cursor": second["pagination"]["previous"],
                },
            )
        )
        assert back["roles"] == first["roles"]

    def test_read_only_token_may_list(self, readonly_api: Api) -> None:
        assert len(data(readonly_api.get("/roles", params={"pagination.count": 50}))["roles"]) == 10

    def test_needs_pagination(self, api: Api) -> None:
        assert invalid_fields(api.get("/roles")) == ["pagination.count"]

    def test_needs_a_valid_token(self, client: Api) -> None:
        response = client.as_token("pw_not-a-token").get("/roles", params={"pagination.count": 5})
        error(response, 401, "unauthorized")
