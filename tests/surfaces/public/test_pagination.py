"""Keyset pagination over listSources: walks both ways, and stability while the list changes."""

from __future__ import annotations

from typing import Any

from tests.factories import create_source
from tests.support.api import Api
from tests.surfaces.public.expect import data, pages, walk


def page(api: Api, count: int, cursor: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"pagination.count": count}
    if cursor is not None:
        params["pagination.cursor"] = cursor
    return data(api.get("/sources", params=params))


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


class TestWalkingSources:
    def test_forward_with_next_then_back_with_previous(self, api: Api) -> None:
        created = ids([create_source(api, slug=f"s{i:02}") for i in range(25)])

        forward = list(pages(api, "/sources", 4))
        assert [len(p["sources"]) for p in forward] == [4, 4, 4, 4, 4, 4, 1]
        assert [sid for p in forward for sid in ids(p["sources"])] == created
        assert {p["pagination"]["totalEntries"] for p in forward} == {25}
        assert forward[0]["pagination"]["previous"] is None
        assert all(p["pagination"]["previous"] is not None for p in forward[1:])

        # back from the last page, one page at a time, landing on the same pages
        back = list(
            pages(
                api,
                "/sources",
                4,
                direction="previous",
                cursor=forward[-1]["pagination"]["previous"],
            )
        )
        assert [ids(p["sources"]) for p in reversed(back)] == [
            ids(p["sources"]) for p in forward[:-1]
        ]
        assert all(p["pagination"]["next"] is not None for p in back)

    def test_the_walk_helper_sees_every_item_once(self, api: Api) -> None:
        created = ids([create_source(api) for _ in range(7)])
        assert ids(walk(api, "/sources", "sources", 3)) == created
        assert ids(walk(api, "/sources", "sources", 7)) == created
        assert ids(walk(api, "/sources", "sources", 200)) == created

    def test_a_page_exactly_at_the_end_has_no_next(self, api: Api) -> None:
        for _ in range(4):
            create_source(api)
        first = page(api, 2)
        second = page(api, 2, first["pagination"]["next"])
        assert len(second["sources"]) == 2
        assert second["pagination"]["next"] is None

    def test_walking_back_never_goes_before_the_first_item(self, api: Api) -> None:
        created = ids([create_source(api) for _ in range(5)])
        second = page(api, 2, page(api, 2)["pagination"]["next"])
        first_again = page(api, 2, second["pagination"]["previous"])
        assert ids(first_again["sources"]) == created[:2]
        assert first_again["pagination"]["previous"] is None
        assert ids(page(api, 2, first_again["pagination"]["next"])["sources"]) == created[2:4]


class TestPagingWhileTheListChanges:
    def test_inserts_during_a_walk_skip_and_repeat_nothing(self, api: Api) -> None:
        original = ids([create_source(api) for _ in range(10)])
        added: list[str] = []
        seen: list[str] = []
        current = page(api, 3)
        while True:
            seen += ids(current["sources"])
            added += ids([create_source(api) for _ in range(2)])
            cursor = current["pagination"]["next"]
            if cursor is None:
                break
            current = page(api, 3, cursor)
        assert [sid for sid in seen if sid in original] == original
        assert len(seen) == len(set(seen))
        assert set(seen) <= set(original) | set(added)
        # sources made after the walk began come after every original one
        assert seen[: len(original)] == original

    def test_inserts_while_walking_back_skip_and_repeat_nothing(self, api: Api) -> None:
        original = ids([create_source(api) for _ in range(9)])
        last = page(api, 3)
        while last["pagination"]["next"] is not None:
            last = page(api, 3, last["pagination"]["next"])
        seen = ids(last["sources"])
        current = last
        while current["pagination"]["previous"] is not None:
            create_source(api)
            current = page(api, 3, current["pagination"]["previous"])
            seen = ids(current["sources"]) + seen
        assert seen == original

    def test_deletes_during_a_walk_cause_no_errors(self, api: Api) -> None:
        created = ids([create_source(api) for _ in range(10)])
        first = page(api, 3)
        assert ids(first["sources"]) == created[:3]
        # delete the row the cursor points after, and one the next page would hold
        for gone in (created[2], created[4]):
            assert data(api.delete(f"/sources/{gone}")) == {"status": "SUCCESS"}
        second = page(api, 3, first["pagination"]["next"])
        assert ids(second["sources"]) == [created[3], created[5], created[6]]
        assert second["pagination"]["totalEntries"] == 8
        back = page(api, 3, second["pagination"]["previous"])
        assert ids(back["sources"]) == created[:2]
        rest = walk(api, "/sources", "sources", 3, cursor=second["pagination"]["next"])
        assert ids(rest) == created[7:]

    def test_deleting_everything_ahead_ends_the_walk_cleanly(self, api: Api) -> None:
        created = ids([create_source(api) for _ in range(4)])
        first = page(api, 2)
        for gone in created[2:]:
            api.delete(f"/sources/{gone}")
        after = page(api, 2, first["pagination"]["next"])
        assert after["sources"] == []
        assert after["pagination"]["next"] is None
        assert after["pagination"]["totalEntries"] == 2
