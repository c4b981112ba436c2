"""Functions: the 14 operations of the Functions tag (functions, versions, deployments and
insert-function instances), each with its happy path (read back) and its error paths."""

from __future__ import annotations

import re
from typing import Any

import pytest

from patchwire.db.models import InsertFunctionInstance
from tests.factories import create_source
from tests.factories.destinations import create_destination
from tests.support.api import Api
from tests.surfaces.public.expect import audit_events, data, error, invalid_fields, walk

MASK = "••••••"
V1 = "application/vnd.segment.v1+json"
UNKNOWN_FUNCTION = "sfnc_wXzcDGFR3KmjLDrtSawNHf"
UNKNOWN_INSTANCE = "64edfa55c43ed978ee4f2b7c"
CODE = "async function onTrack(event, settings) {\n  return event\n}\n"
NEW_CODE = "async function onTrack(event, settings) {\n  event.properties.seen = true\n}\n"
ID_SHAPES = {
    "SOURCE": re.compile(r"^sfnc_[A-Za-z0-9]{22}$"),
    "DESTINATION": re.compile(r"^dfn_[0-9a-f]{24}$"),
    "INSERT_DESTINATION": re.compile(r"^ifnd_[0-9a-f]{24}$"),
}
FUNCTION_FIELDS = {
    "id",
    "resourceType",
    "createdAt",
    "createdBy",
    "code",
    "deployedAt",
    "settings",
    "displayName",
    "description",
    "logoUrl",
    "catalogId",
    "isLatestVersion",
}
LIST_ITEM_FIELDS = {
    "id",
    "resourceType",
    "createdAt",
    "createdBy",
    "displayName",
    "description",
    "logoUrl",
    "catalogId",
}


def setting(name: str, kind: str = "STRING", **flags: bool) -> dict[str, Any]:
    return {
        "name": name,
        "label": name.title(),
        "description": f"The {name}",
        "type": kind,
        "required": flags.get("required", False),
        "sensitive": flags.get("sensitive", False),
    }


SOURCE_SETTINGS = [setting("apiKey"), setting("mySecret", sensitive=True)]
INSERT_SETTINGS = [
    setting("region", required=True),
    setting("token", required=True, sensitive=True),
    setting("dryRun", "BOOLEAN"),
    setting("tags", "ARRAY"),
    setting("headers", "TEXT_MAP"),
    setting("password", sensitive=True),
]


def create_function(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"code": CODE, "displayName": "My function", "resourceType": "SOURCE", **fields}
    function: dict[str, Any] = data(api.post("/functions", json=body))["function"]
    return function


def get_function(api: Api, function_id: str) -> dict[str, Any]:
    function: dict[str, Any] = data(api.get(f"/functions/{function_id}"))["function"]
    return function


def versions(api: Api, function_id: str) -> list[dict[str, Any]]:
    return walk(api, f"/functions/{function_id}/versions", "versions", 200)


def walk_back(
    api: Api, url: str, key: str, count: int, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every item, reached from the last page by following ``previous`` cursors."""
    query: dict[str, Any] = {**(params or {}), "pagination.count": count}
    page = data(api.get(url, params=query))
    while page["pagination"]["next"] is not None:
        cursor = page["pagination"]["next"]
        page = data(api.get(url, params={**query, "pagination.cursor": cursor}))
    cursor = page["pagination"]["current"]
    return walk(api, url, key, count, params=params, direction="previous", cursor=cursor)


def event_types(api: Api, resource_id: str) -> list[str]:
    """Audit event types for one resource, oldest first."""
    return [e["type"] for e in reversed(audit_events(api, resourceId=resource_id))]


def create_insert_function(api: Api) -> dict[str, Any]:
    return create_function(
        api,
        resourceType="INSERT_DESTINATION",
        displayName="Enrich",
        settings=INSERT_SETTINGS,
    )


def new_destination(api: Api) -> str:
    destination_id: str = create_destination(api, create_source(api)["id"])["id"]
    return destination_id


def create_instance(
    api: Api, function: dict[str, Any], destination_id: str, **fields: Any
) -> dict[str, Any]:
    body = {
        "functionId": function["id"],
        "integrationId": destination_id,
        "name": "Enrich orders",
        "settings": {"region": "eu", "token": "s3cr3t"},
        **fields,
    }
    instance: dict[str, Any] = data(api.post("/insert-function-instances", json=body))[
        "insertFunctionInstance"
    ]
    return instance


def stored_settings(api: Api, instance_id: str) -> dict[str, Any]:
    """What the database holds for an instance: the only place a secret can be seen."""

    async def work() -> dict[str, Any]:
        async with api.runtime.sessions() as session:
            instance = await session.get(InsertFunctionInstance, instance_id)
            assert instance is not None
            return dict(instance.settings)

    return api.run(work)


@pytest.fixture
def insert_function(api: Api) -> dict[str, Any]:
    return create_insert_function(api)


@pytest.fixture
def destination_id(api: Api) -> str:
    return new_destination(api)


class TestCreateFunction:
    def test_returns_the_function_and_reads_back(self, api: Api) -> None:
        function = create_function(
            api,
            displayName="PAPI Source Function",
            description="My source function",
            logoUrl="https://example.com/logo.png",
            settings=SOURCE_SETTINGS,
        )
        assert set(function) == FUNCTION_FIELDS
        assert ID_SHAPES["SOURCE"].match(function["id"])
        assert function["catalogId"] == function["id"].removeprefix("sfnc_")
        assert function["resourceType"] == "SOURCE"
        assert function["code"] == CODE
        assert function["displayName"] == "PAPI Source Function"
        assert function["description"] == "My source function"
        assert function["logoUrl"] == "https://example.com/logo.png"
        assert function["settings"] == SOURCE_SETTINGS
        assert function["deployedAt"] is None
        assert function["isLatestVersion"] is False
        assert function["createdAt"].endswith("Z")
        assert get_function(api, function["id"]) == function

    def test_created_by_is_the_caller_and_the_audit_trail_says_so(self, api: Api) -> None:
        function = create_function(api, displayName="Audited")
        [event] = audit_events(api, resourceId=function["id"])
        assert event["type"] == "Source Function Created"
        assert event["resourceType"] == "function"
        assert event["resourceName"] == "Audited"
        assert function["createdBy"] == event["actor"]

    @pytest.mark.parametrize("resource_type", sorted(ID_SHAPES))
    def test_ids_take_the_shape_of_their_type(self, api: Api, resource_type: str) -> None:
        function = create_function(api, resourceType=resource_type)
        assert ID_SHAPES[resource_type].match(function["id"])
        assert function["id"].endswith(function["catalogId"])
        assert function["resourceType"] == resource_type

    def test_ids_are_never_reused(self, api: Api) -> None:
        assert len({create_function(api)["id"] for _ in range(3)}) == 3

    def test_unset_optional_fields_are_left_out(self, api: Api) -> None:
        function = create_function(api)
        assert set(function) == FUNCTION_FIELDS - {"description", "logoUrl"}
        assert function["settings"] == []

    def test_the_first_version_holds_the_code(self, api: Api) -> None:
        function = create_function(api)
        [version] = versions(api, function["id"])
        assert version["code"] == CODE
        assert version["author"] == function["createdBy"]
        assert version["isDeployed"] is False

    def test_a_one_megabyte_function_is_stored_whole(self, api: Api) -> None:
        code = "// " + "x" * (1024 * 1024) + "\n" + CODE
        function = create_function(api, code=code)
        assert get_function(api, function["id"])["code"] == code
        assert versions(api, function["id"])[0]["code"] == code

    def test_every_missing_required_field_has_its_own_entry(self, api: Api) -> None:
        assert sorted(invalid_fields(api.post("/functions", json={}))) == [
            "function.code",
            "function.displayName",
            "function.resourceType",
        ]

    @pytest.mark.parametrize("resource_type", ["INSERT_SOURCE", "source", "WAREHOUSE", ""])
    def test_resource_types_outside_the_enum_are_refused(
        self, api: Api, resource_type: str
    ) -> None:
        body = {"code": CODE, "displayName": "f", "resourceType": resource_type}
        assert invalid_fields(api.post("/functions", json=body)) == ["function.resourceType"]

    def test_wrong_json_types_are_named_not_coerced(self, api: Api) -> None:
        body = {
            "code": 5,
            "displayName": ["f"],
            "resourceType": "SOURCE",
            "logoUrl": 1,
            "settings": {},
        }
        assert sorted(invalid_fields(api.post("/functions", json=body))) == [
            "function.code",
            "function.displayName",
            "function.logoUrl",
            "function.settings",
        ]

    def test_empty_code_and_name_are_refused(self, api: Api) -> None:
        body = {"code": "", "displayName": "", "resourceType": "SOURCE"}
        assert sorted(invalid_fields(api.post("/functions", json=body))) == [
            "function.code",
            "function.displayName",
        ]

    def test_setting_names_must_be_unique(self, api: Api) -> None:
        settings = [setting("apiKey"), setting("other"), setting("apiKey", "BOOLEAN")]
        response = api.post(
            "/functions",
            json={"code": CODE, "displayName": "f", "resourceType": "SOURCE", "settings": settings},
        )
        entry = error(response, 422, "input-validation")
        assert entry["field"] == "function.settings[2].name"
        assert "settings[0]" in entry["message"]

    def test_setting_types_and_fields_are_checked(self, api: Api) -> None:
        incomplete = {"name": "b", "type": "STRING"}
        settings = [setting("a", "NUMBER"), incomplete, {**setting("c"), "required": "yes"}]
        response = api.post(
            "/functions",
            json={"code": CODE, "displayName": "f", "resourceType": "SOURCE", "settings": settings},
        )
        assert sorted(invalid_fields(response)) == [
            "function.settings[0].type",
            "function.settings[1].description",
            "function.settings[1].label",
            "function.settings[1].required",
            "function.settings[1].sensitive",
            "function.settings[2].required",
        ]

    def test_failed_creates_leave_nothing_behind(self, api: Api) -> None:
        api.post("/functions", json={"code": CODE, "displayName": "f", "resourceType": "X"})
        listed = data(
            api.get("/functions", params={"resourceType": "SOURCE", "pagination.count": 10})
        )
        assert listed["functions"] == []

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        body = {"code": CODE, "displayName": "f", "resourceType": "SOURCE"}
        error(readonly_api.post("/functions", json=body), 403, "forbidden")
        listed = data(
            api.get("/functions", params={"resourceType": "SOURCE", "pagination.count": 10})
        )
        assert listed["functions"] == []

    def test_a_missing_token_is_401(self, api: Api) -> None:
        body = {"code": CODE, "displayName": "f", "resourceType": "SOURCE"}
        error(api.as_token(None).post("/functions", json=body), 401, "unauthorized")


class TestGetFunction:
    def test_read_only_tokens_may_read(self, api: Api, readonly_api: Api) -> None:
        function = create_function(api)
        assert get_function(readonly_api, function["id"]) == function

    def test_unknown_id_is_404(self, api: Api) -> None:
        entry = error(api.get(f"/functions/{UNKNOWN_FUNCTION}"), 404, "not-found")
        assert UNKNOWN_FUNCTION in entry["message"]

    def test_another_workspaces_function_is_404(self, api: Api, other_api: Api) -> None:
        function = create_function(other_api)
        error(api.get(f"/functions/{function['id']}"), 404, "not-found")

    def test_a_missing_token_is_401(self, api: Api) -> None:
        function = create_function(api)
        error(api.as_token(None).get(f"/functions/{function['id']}"), 401, "unauthorized")


class TestListFunctions:
    def test_lists_one_type_in_creation_order_across_pages(self, api: Api) -> None:
        sources = [create_function(api, displayName=f"s{i}") for i in range(3)]
        create_function(api, resourceType="DESTINATION")
        create_function(api, resourceType="INSERT_DESTINATION")
        params = {"resourceType": "SOURCE"}
        items = walk(api, "/functions", "functions", 2, params=params)
        assert [f["id"] for f in items] == [f["id"] for f in sources]
        assert walk_back(api, "/functions", "functions", 2, params=params) == items

    def test_items_are_list_items_without_code_or_settings(self, api: Api) -> None:
        function = create_function(
            api, description="d", logoUrl="https://example.com/l.png", settings=SOURCE_SETTINGS
        )
        page = data(api.get("/functions", params={"resourceType": "SOURCE", "pagination.count": 5}))
        [item] = page["functions"]
        assert set(item) == LIST_ITEM_FIELDS
        assert item == {k: v for k, v in function.items() if k in LIST_ITEM_FIELDS}
        assert page["pagination"]["totalEntries"] == 1
        assert page["pagination"]["next"] is None

    @pytest.mark.parametrize("resource_type", ["DESTINATION", "INSERT_DESTINATION"])
    def test_each_type_has_its_own_list(self, api: Api, resource_type: str) -> None:
        create_function(api)
        function = create_function(api, resourceType=resource_type)
        items = walk(api, "/functions", "functions", 10, params={"resourceType": resource_type})
        assert [f["id"] for f in items] == [function["id"]]

    def test_resource_type_is_required(self, api: Api) -> None:
        response = api.get("/functions", params={"pagination.count": 10})
        assert invalid_fields(response) == ["resourceType"]

    def test_resource_type_must_be_in_the_enum(self, api: Api) -> None:
        response = api.get(
            "/functions", params={"resourceType": "WAREHOUSE", "pagination.count": 1}
        )
        assert invalid_fields(response) == ["resourceType"]

    def test_pagination_is_required(self, api: Api) -> None:
        response = api.get("/functions", params={"resourceType": "SOURCE"})
        assert invalid_fields(response) == ["pagination.count"]

    def test_a_cursor_of_another_type_is_refused(self, api: Api) -> None:
        for _ in range(2):
            create_function(api)
        page = data(api.get("/functions", params={"resourceType": "SOURCE", "pagination.count": 1}))
        response = api.get(
            "/functions",
            params={
                "resourceType": "DESTINATION",
                "pagination.count": 1,
                "pagination.cursor": page["pagination"]["next"],
            },
        )
        assert invalid_fields(response) == ["pagination.cursor"]

    def test_other_workspaces_functions_are_not_listed(self, api: Api, other_api: Api) -> None:
        create_function(other_api)
        assert walk(api, "/functions", "functions", 10, params={"resourceType": "SOURCE"}) == []


class TestUpdateFunction:
    def test_changes_only_the_named_fields(self, api: Api) -> None:
        function = create_function(
            api, description="d", logoUrl="https://example.com/a.png", settings=SOURCE_SETTINGS
        )
        response = api.patch(f"/functions/{function['id']}", json={"displayName": "Renamed"})
        updated = data(response)["function"]
        assert updated == {**function, "displayName": "Renamed"}
        assert get_function(api, function["id"]) == updated
        assert len(versions(api, function["id"])) == 1
        assert event_types(api, function["id"]) == [
            "Source Function Created",
            "Source Function Modified",
        ]

    def test_a_code_change_makes_a_new_version(self, api: Api) -> None:
        function = create_function(api)
        updated = data(api.patch(f"/functions/{function['id']}", json={"code": NEW_CODE}))
        assert updated["function"]["code"] == NEW_CODE
        assert [v["code"] for v in versions(api, function["id"])] == [NEW_CODE, CODE]

    def test_sending_the_same_code_changes_nothing(self, api: Api) -> None:
        function = create_function(api)
        updated = data(api.patch(f"/functions/{function['id']}", json={"code": CODE}))
        assert updated["function"] == function
        assert len(versions(api, function["id"])) == 1
        assert event_types(api, function["id"]) == ["Source Function Created"]

    def test_an_empty_body_changes_nothing(self, api: Api) -> None:
        function = create_function(api)
        assert data(api.patch(f"/functions/{function['id']}", json={}))["function"] == function
        assert event_types(api, function["id"]) == ["Source Function Created"]

    def test_settings_are_replaced_and_checked(self, api: Api) -> None:
        function = create_function(api, settings=SOURCE_SETTINGS)
        url = f"/functions/{function['id']}"
        new = [setting("endpoint", required=True)]
        assert data(api.patch(url, json={"settings": new}))["function"]["settings"] == new
        duplicated = [setting("x"), setting("x")]
        assert invalid_fields(api.patch(url, json={"settings": duplicated})) == [
            "function.settings[1].name"
        ]
        assert get_function(api, function["id"])["settings"] == new

    def test_null_clears_description_and_logo(self, api: Api) -> None:
        function = create_function(api, description="d", logoUrl="https://example.com/a.png")
        url = f"/functions/{function['id']}"
        updated = data(api.patch(url, json={"description": None, "logoUrl": None}))["function"]
        assert "description" not in updated
        assert "logoUrl" not in updated

    def test_null_code_name_and_settings_are_refused(self, api: Api) -> None:
        function = create_function(api)
        response = api.patch(
            f"/functions/{function['id']}",
            json={"code": None, "displayName": None, "settings": None},
        )
        assert sorted(invalid_fields(response)) == [
            "function.code",
            "function.displayName",
            "function.settings",
        ]
        assert get_function(api, function["id"]) == function

    def test_the_resource_type_cannot_change(self, api: Api) -> None:
        function = create_function(api)
        response = api.patch(f"/functions/{function['id']}", json={"resourceType": "DESTINATION"})
        assert data(response)["function"]["resourceType"] == "SOURCE"

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_function(other_api)
        for function_id in (UNKNOWN_FUNCTION, foreign["id"]):
            response = api.patch(f"/functions/{function_id}", json={"displayName": "x"})
            error(response, 404, "not-found")
        assert get_function(other_api, foreign["id"]) == foreign

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        function = create_function(api)
        response = readonly_api.patch(f"/functions/{function['id']}", json={"code": NEW_CODE})
        error(response, 403, "forbidden")
        assert get_function(api, function["id"]) == function


class TestDeleteFunction:
    def test_deletes_the_function_and_its_versions(self, api: Api) -> None:
        function = create_function(api, displayName="Doomed")
        assert data(api.delete(f"/functions/{function['id']}")) == {"status": "SUCCESS"}
        error(api.get(f"/functions/{function['id']}"), 404, "not-found")
        error(
            api.get(f"/functions/{function['id']}/versions", params={"pagination.count": 1}),
            404,
            "not-found",
        )
        error(api.delete(f"/functions/{function['id']}"), 404, "not-found")
        assert event_types(api, function["id"]) == [
            "Source Function Created",
            "Source Function Deleted",
        ]

    def test_deletes_its_insert_instances(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        data(api.delete(f"/functions/{insert_function['id']}"))
        error(api.get(f"/insert-function-instances/{instance['id']}"), 404, "not-found")
        assert event_types(api, instance["id"]) == [
            "Insert Function Instance Created",
            "Insert Function Instance Deleted",
        ]
        assert event_types(api, insert_function["id"])[-1] == "Insert Function Deleted"

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_function(other_api)
        for function_id in (UNKNOWN_FUNCTION, foreign["id"]):
            error(api.delete(f"/functions/{function_id}"), 404, "not-found")
        assert get_function(other_api, foreign["id"]) == foreign

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        function = create_function(api)
        error(readonly_api.delete(f"/functions/{function['id']}"), 403, "forbidden")
        assert get_function(api, function["id"]) == function


class TestCreateFunctionDeployment:
    def test_deploys_the_latest_version(self, api: Api) -> None:
        function = create_function(api)
        response = api.post(f"/functions/{function['id']}/deploy")
        assert data(response) == {"functionDeployment": {"status": "SUCCESS"}}
        deployed = get_function(api, function["id"])
        assert deployed["isLatestVersion"] is True
        assert deployed["deployedAt"].endswith("Z")
        [version] = versions(api, function["id"])
        assert version["isDeployed"] is True
        assert version["deployedAt"] == deployed["deployedAt"]
        assert event_types(api, function["id"]) == [
            "Source Function Created",
            "Source Function Deployed",
        ]

    def test_a_code_change_leaves_the_deployment_behind_until_redeployed(self, api: Api) -> None:
        function = create_function(api)
        api.post(f"/functions/{function['id']}/deploy")
        first = get_function(api, function["id"])
        changed = data(api.patch(f"/functions/{function['id']}", json={"code": NEW_CODE}))
        assert changed["function"]["isLatestVersion"] is False
        assert changed["function"]["deployedAt"] == first["deployedAt"]
        newest, oldest = versions(api, function["id"])
        assert (newest["isDeployed"], oldest["isDeployed"]) == (False, True)
        assert "deployedAt" not in newest

        data(api.post(f"/functions/{function['id']}/deploy"))
        again = get_function(api, function["id"])
        assert again["isLatestVersion"] is True
        assert again["deployedAt"] > first["deployedAt"]
        newest, oldest = versions(api, function["id"])
        assert (newest["isDeployed"], oldest["isDeployed"]) == (True, False)
        assert oldest["deployedAt"] == first["deployedAt"]

    @pytest.mark.parametrize("resource_type", ["DESTINATION", "INSERT_DESTINATION"])
    def test_only_source_functions_are_deployed(self, api: Api, resource_type: str) -> None:
        function = create_function(api, resourceType=resource_type)
        response = api.post(f"/functions/{function['id']}/deploy")
        entry = error(response, 422, "failed-precondition")
        assert resource_type in entry["message"]
        assert get_function(api, function["id"]) == function

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_function(other_api)
        for function_id in (UNKNOWN_FUNCTION, foreign["id"]):
            error(api.post(f"/functions/{function_id}/deploy"), 404, "not-found")
        assert get_function(other_api, foreign["id"])["deployedAt"] is None

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        function = create_function(api)
        error(readonly_api.post(f"/functions/{function['id']}/deploy"), 403, "forbidden")
        assert get_function(api, function["id"])["deployedAt"] is None


class TestListFunctionVersions:
    def test_newest_first_across_pages(self, api: Api) -> None:
        function = create_function(api, code="// 0")
        for i in range(1, 5):
            api.patch(f"/functions/{function['id']}", json={"code": f"// {i}"})
        url = f"/functions/{function['id']}/versions"
        listed = walk(api, url, "versions", 2)
        assert [v["code"] for v in listed] == [f"// {i}" for i in range(4, -1, -1)]
        assert len({v["id"] for v in listed}) == 5
        assert walk_back(api, url, "versions", 2) == listed
        first = data(api.get(url, params={"pagination.count": 2}))
        assert first["pagination"]["totalEntries"] == 5
        for version in listed:
            assert set(version) == {"id", "author", "code", "isDeployed", "createdAt", "updatedAt"}
            assert version["author"] == function["createdBy"]

    def test_the_operation_is_alpha_only(self, api: Api) -> None:
        function = create_function(api)
        response = api.get(
            f"/functions/{function['id']}/versions",
            params={"pagination.count": 1},
            headers={"Accept": V1},
        )
        error(response, 406, "not-acceptable")

    def test_pagination_is_required(self, api: Api) -> None:
        function = create_function(api)
        response = api.get(f"/functions/{function['id']}/versions")
        assert invalid_fields(response) == ["pagination.count"]

    def test_unknown_and_foreign_functions_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_function(other_api)
        for function_id in (UNKNOWN_FUNCTION, foreign["id"]):
            response = api.get(f"/functions/{function_id}/versions", params={"pagination.count": 1})
            error(response, 404, "not-found")


class TestGetFunctionVersion:
    def test_reads_one_version(self, api: Api, readonly_api: Api) -> None:
        function = create_function(api)
        api.patch(f"/functions/{function['id']}", json={"code": NEW_CODE})
        newest, oldest = versions(api, function["id"])
        for version in (newest, oldest):
            url = f"/functions/{function['id']}/versions/{version['id']}"
            assert data(readonly_api.get(url)) == {"version": version}

    def test_a_version_of_another_function_is_404(self, api: Api) -> None:
        first, second = create_function(api), create_function(api)
        [version] = versions(api, first["id"])
        response = api.get(f"/functions/{second['id']}/versions/{version['id']}")
        entry = error(response, 404, "not-found")
        assert version["id"] in entry["message"]

    def test_unknown_ids_and_foreign_functions_are_404(self, api: Api, other_api: Api) -> None:
        function = create_function(api)
        error(api.get(f"/functions/{function['id']}/versions/nope"), 404, "not-found")
        foreign = create_function(other_api)
        [version] = versions(other_api, foreign["id"])
        error(api.get(f"/functions/{foreign['id']}/versions/{version['id']}"), 404, "not-found")


class TestRestoreFunctionVersion:
    def test_restores_old_code_as_a_new_latest_version(self, api: Api) -> None:
        function = create_function(api)
        api.patch(f"/functions/{function['id']}", json={"code": NEW_CODE})
        second, first = versions(api, function["id"])
        response = api.post(
            f"/functions/{function['id']}/versions", json={"versionId": first["id"]}
        )
        restored = data(response)["version"]
        assert restored["id"] not in (first["id"], second["id"])
        assert restored["code"] == CODE
        assert restored["author"] == function["createdBy"]
        assert get_function(api, function["id"])["code"] == CODE
        assert versions(api, function["id"]) == [restored, second, first]
        assert event_types(api, function["id"]) == [
            "Source Function Created",
            "Source Function Modified",
            "Source Function Modified",
        ]

    def test_restoring_the_current_code_changes_nothing(self, api: Api) -> None:
        function = create_function(api)
        [version] = versions(api, function["id"])
        response = api.post(
            f"/functions/{function['id']}/versions", json={"versionId": version["id"]}
        )
        assert data(response) == {"version": version}
        assert versions(api, function["id"]) == [version]

    def test_a_restored_version_is_not_deployed_until_deployed(self, api: Api) -> None:
        function = create_function(api)
        api.post(f"/functions/{function['id']}/deploy")
        api.patch(f"/functions/{function['id']}", json={"code": NEW_CODE})
        first = versions(api, function["id"])[-1]
        restored = data(
            api.post(f"/functions/{function['id']}/versions", json={"versionId": first["id"]})
        )["version"]
        assert restored["isDeployed"] is False
        assert get_function(api, function["id"])["isLatestVersion"] is False

    def test_unknown_missing_and_foreign_versions_are_named(self, api: Api) -> None:
        function, other = create_function(api), create_function(api)
        [foreign_version] = versions(api, other["id"])
        url = f"/functions/{function['id']}/versions"
        for body in ({"versionId": "nope"}, {"versionId": foreign_version["id"]}, {}):
            assert invalid_fields(api.post(url, json=body)) == ["versionId"]
        assert len(versions(api, function["id"])) == 1

    def test_unknown_and_foreign_functions_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_function(other_api)
        [version] = versions(other_api, foreign["id"])
        for function_id in (UNKNOWN_FUNCTION, foreign["id"]):
            response = api.post(
                f"/functions/{function_id}/versions", json={"versionId": version["id"]}
            )
            error(response, 404, "not-found")

    def test_read_only_tokens_are_refused(self, api: Api, readonly_api: Api) -> None:
        function = create_function(api)
        [version] = versions(api, function["id"])
        response = readonly_api.post(
            f"/functions/{function['id']}/versions", json={"versionId": version["id"]}
        )
        error(response, 403, "forbidden")


class TestCreateInsertFunctionInstance:
    def test_creates_with_sensitive_settings_masked(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        settings = {
            "region": "eu",
            "token": "s3cr3t",
            "dryRun": True,
            "tags": ["a", "b"],
            "headers": {"X-Team": "data"},
        }
        instance = create_instance(api, insert_function, destination_id, settings=settings)
        assert re.fullmatch(r"[0-9a-f]{24}", instance["id"])
        assert instance["name"] == "Enrich orders"
        assert instance["integrationId"] == destination_id
        assert instance["classId"] == insert_function["catalogId"]
        assert instance["enabled"] is True
        assert instance["settings"] == {**settings, "token": MASK}
        assert instance["encryptedSettings"] == {"token": MASK}
        assert stored_settings(api, instance["id"]) == settings
        got = data(api.get(f"/insert-function-instances/{instance['id']}"))
        assert got == {"insertFunctionInstance": instance}
        assert event_types(api, instance["id"]) == ["Insert Function Instance Created"]

    def test_the_function_may_be_named_by_its_catalog_id(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(
            api, insert_function, destination_id, functionId=insert_function["catalogId"]
        )
        assert instance["classId"] == insert_function["catalogId"]

    def test_it_can_be_created_disabled(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id, enabled=False)
        assert instance["enabled"] is False

    def test_settings_are_checked_against_the_function(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        settings = {"token": 5, "dryRun": "yes", "tags": "a", "headers": [], "colour": "red"}
        response = api.post(
            "/insert-function-instances",
            json={
                "functionId": insert_function["id"],
                "integrationId": destination_id,
                "name": "n",
                "settings": settings,
            },
        )
        prefix = "insertFunctionInstance.settings"
        assert sorted(invalid_fields(response)) == [
            f"{prefix}.{name}"
            for name in ("colour", "dryRun", "headers", "region", "tags", "token")
        ]

    def test_the_mask_is_not_a_value(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        body = {
            "functionId": insert_function["id"],
            "integrationId": destination_id,
            "name": "n",
            "settings": {"region": "eu", "token": MASK},
        }
        response = api.post("/insert-function-instances", json=body)
        assert invalid_fields(response) == ["insertFunctionInstance.settings.token"]

    def test_the_mask_is_an_ordinary_value_for_plain_settings(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        settings = {"region": MASK, "token": "t"}
        instance = create_instance(api, insert_function, destination_id, settings=settings)
        assert instance["settings"]["region"] == MASK
        assert stored_settings(api, instance["id"])["region"] == MASK

    def test_the_function_must_be_an_insert_function_of_the_workspace(
        self, api: Api, other_api: Api, destination_id: str
    ) -> None:
        source_function = create_function(api)
        foreign = create_insert_function(other_api)
        for function_id in (source_function["id"], foreign["id"], "ifnd_nope"):
            body: dict[str, Any] = {
                "functionId": function_id,
                "integrationId": destination_id,
                "name": "n",
                "settings": {},
            }
            response = api.post("/insert-function-instances", json=body)
            assert invalid_fields(response) == ["insertFunctionInstance.functionId"]

    def test_the_integration_must_be_a_destination_of_the_workspace(
        self, api: Api, other_api: Api, insert_function: dict[str, Any]
    ) -> None:
        foreign_destination = new_destination(other_api)
        source_id = create_source(api)["id"]
        for integration_id in (foreign_destination, source_id, "nope"):
            body = {
                "functionId": insert_function["id"],
                "integrationId": integration_id,
                "name": "n",
                "settings": {"region": "eu", "token": "t"},
            }
            response = api.post("/insert-function-instances", json=body)
            assert invalid_fields(response) == ["insertFunctionInstance.integrationId"]

    def test_every_missing_required_field_has_its_own_entry(self, api: Api) -> None:
        assert sorted(invalid_fields(api.post("/insert-function-instances", json={}))) == [
            "insertFunctionInstance.functionId",
            "insertFunctionInstance.integrationId",
            "insertFunctionInstance.name",
            "insertFunctionInstance.settings",
        ]

    def test_read_only_tokens_are_refused(
        self, api: Api, readonly_api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        body = {
            "functionId": insert_function["id"],
            "integrationId": destination_id,
            "name": "n",
            "settings": {"region": "eu", "token": "t"},
        }
        error(readonly_api.post("/insert-function-instances", json=body), 403, "forbidden")
        params = {"functionId": insert_function["id"]}
        assert walk(api, "/insert-function-instances", "instances", 10, params=params) == []


class TestListInsertFunctionInstances:
    def test_lists_a_functions_instances_masked_across_pages(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        made = [
            create_instance(api, insert_function, destination_id, name=f"i{i}") for i in range(3)
        ]
        other_function = create_insert_function(api)
        create_instance(api, other_function, destination_id)
        for function_id in (insert_function["id"], insert_function["catalogId"]):
            params = {"functionId": function_id}
            listed = walk(api, "/insert-function-instances", "instances", 2, params=params)
            assert listed == made
            assert walk_back(api, "/insert-function-instances", "instances", 2, params) == made
        assert all(i["settings"]["token"] == MASK for i in made)

    def test_function_id_is_required(self, api: Api) -> None:
        response = api.get("/insert-function-instances", params={"pagination.count": 1})
        assert invalid_fields(response) == ["functionId"]

    def test_pagination_is_required(self, api: Api, insert_function: dict[str, Any]) -> None:
        response = api.get(
            "/insert-function-instances", params={"functionId": insert_function["id"]}
        )
        assert invalid_fields(response) == ["pagination.count"]

    def test_unknown_foreign_and_non_insert_functions_are_404(
        self, api: Api, other_api: Api
    ) -> None:
        foreign = create_insert_function(other_api)
        source_function = create_function(api)
        for function_id in (foreign["id"], source_function["id"], "ifnd_nope"):
            response = api.get(
                "/insert-function-instances",
                params={"functionId": function_id, "pagination.count": 1},
            )
            error(response, 404, "not-found")


class TestGetInsertFunctionInstance:
    def test_read_only_tokens_may_read_and_see_no_secret(
        self, api: Api, readonly_api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        got = data(readonly_api.get(f"/insert-function-instances/{instance['id']}"))
        assert got["insertFunctionInstance"] == instance
        assert "s3cr3t" not in str(got)

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_instance(
            other_api, create_insert_function(other_api), new_destination(other_api)
        )
        for instance_id in (UNKNOWN_INSTANCE, foreign["id"]):
            error(api.get(f"/insert-function-instances/{instance_id}"), 404, "not-found")


class TestUpdateInsertFunctionInstance:
    def test_sending_back_what_was_read_keeps_the_secret(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        settings = {**instance["settings"], "region": "us"}
        updated = data(api.patch(url, json={"settings": settings}))["insertFunctionInstance"]
        assert updated["settings"] == {"region": "us", "token": MASK}
        assert updated["encryptedSettings"] == {"token": MASK}
        assert stored_settings(api, instance["id"]) == {"region": "us", "token": "s3cr3t"}
        assert data(api.get(url))["insertFunctionInstance"] == updated
        assert event_types(api, instance["id"]) == [
            "Insert Function Instance Created",
            "Insert Function Instance Modified",
        ]

    def test_settings_merge_and_null_removes(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(
            api,
            insert_function,
            destination_id,
            settings={"region": "eu", "token": "t", "password": "pw", "tags": ["a"]},
        )
        url = f"/insert-function-instances/{instance['id']}"
        response = api.patch(url, json={"settings": {"password": "new", "tags": None}})
        updated = data(response)["insertFunctionInstance"]
        assert updated["settings"] == {"region": "eu", "token": MASK, "password": MASK}
        assert updated["encryptedSettings"] == {"token": MASK, "password": MASK}
        assert stored_settings(api, instance["id"]) == {
            "region": "eu",
            "token": "t",
            "password": "new",
        }

    def test_name_and_enabled_alone(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        updated = data(api.patch(url, json={"name": "Renamed", "enabled": False}))
        got = updated["insertFunctionInstance"]
        assert got == {
            **instance,
            "name": "Renamed",
            "enabled": False,
            "updatedAt": got["updatedAt"],
        }
        assert got["updatedAt"] > instance["updatedAt"]
        assert stored_settings(api, instance["id"]) == {"region": "eu", "token": "s3cr3t"}

    def test_an_unchanged_update_records_nothing(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        same = data(
            api.patch(url, json={"settings": instance["settings"], "name": instance["name"]})
        )
        assert same["insertFunctionInstance"] == instance
        assert event_types(api, instance["id"]) == ["Insert Function Instance Created"]

    def test_invalid_changes_are_named_and_change_nothing(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        response = api.patch(
            url,
            json={"name": None, "settings": {"region": None, "dryRun": 1, "colour": "red"}},
        )
        prefix = "insertFunctionInstance"
        assert sorted(invalid_fields(response)) == [
            f"{prefix}.name",
            f"{prefix}.settings.colour",
            f"{prefix}.settings.dryRun",
            f"{prefix}.settings.region",
        ]
        assert invalid_fields(api.patch(url, json={"settings": None})) == [f"{prefix}.settings"]
        assert data(api.get(url))["insertFunctionInstance"] == instance

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_instance(
            other_api, create_insert_function(other_api), new_destination(other_api)
        )
        for instance_id in (UNKNOWN_INSTANCE, foreign["id"]):
            response = api.patch(f"/insert-function-instances/{instance_id}", json={"settings": {}})
            error(response, 404, "not-found")

    def test_read_only_tokens_are_refused(
        self, api: Api, readonly_api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        error(readonly_api.patch(url, json={"name": "x", "settings": {}}), 403, "forbidden")
        assert data(api.get(url))["insertFunctionInstance"] == instance


class TestDeleteInsertFunctionInstance:
    def test_deletes_the_instance(
        self, api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        assert data(api.delete(url)) == {"status": "SUCCESS"}
        error(api.get(url), 404, "not-found")
        error(api.delete(url), 404, "not-found")
        assert get_function(api, insert_function["id"]) == insert_function
        assert event_types(api, instance["id"]) == [
            "Insert Function Instance Created",
            "Insert Function Instance Deleted",
        ]

    def test_unknown_and_foreign_ids_are_404(self, api: Api, other_api: Api) -> None:
        foreign = create_instance(
            other_api, create_insert_function(other_api), new_destination(other_api)
        )
        for instance_id in (UNKNOWN_INSTANCE, foreign["id"]):
            error(api.delete(f"/insert-function-instances/{instance_id}"), 404, "not-found")
        data(other_api.get(f"/insert-function-instances/{foreign['id']}"))

    def test_read_only_tokens_are_refused(
        self, api: Api, readonly_api: Api, insert_function: dict[str, Any], destination_id: str
    ) -> None:
        instance = create_instance(api, insert_function, destination_id)
        url = f"/insert-function-instances/{instance['id']}"
        error(readonly_api.delete(url), 403, "forbidden")
        data(api.get(url))
