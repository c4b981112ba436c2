"""Labels: create, list, delete, and the rule that a label in use is not deleted silently."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.factories import create_label, create_source, label_ref
from tests.support.api import Api
from tests.surfaces.public.expect import data, error, invalid_fields


def list_labels(api: Api) -> list[dict[str, Any]]:
    labels: list[dict[str, Any]] = data(api.get("/labels"))["labels"]
    return labels


def label_url(label: dict[str, Any]) -> str:
    return f"/labels/{quote(label['key'], safe='')}/{quote(label['value'], safe='')}"


class TestCreateLabel:
    def test_creates_and_lists(self, api: Api) -> None:
        body = {"label": {"key": "env", "value": "prod", "description": "Production"}}
        created = data(api.post("/labels", json=body), 201)
        assert created == {"label": {"key": "env", "value": "prod", "description": "Production"}}
        assert list_labels(api) == [created["label"]]

    def test_description_is_optional(self, api: Api) -> None:
        created = data(api.post("/labels", json={"label": {"key": "k", "value": "v"}}), 201)
        assert created == {"label": {"key": "k", "value": "v"}}

    def test_duplicate_is_a_conflict_in_the_same_workspace_only(
        self, api: Api, other_api: Api
    ) -> None:
        create_label(api, key="env", value="prod")
        response = api.post("/labels", json={"label": {"key": "env", "value": "prod"}})
        assert "env:prod" in error(response, 409, "conflict")["message"]
        assert len(list_labels(api)) == 1
        assert create_label(other_api, key="env", value="prod")["key"] == "env"

    def test_same_key_with_another_value_is_a_new_label(self, api: Api) -> None:
        create_label(api, key="env", value="prod")
        create_label(api, key="env", value="dev")
        assert [(x["key"], x["value"]) for x in list_labels(api)] == [
            ("env", "dev"),
            ("env", "prod"),
        ]

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({}, ["label"]),
            ({"label": "env:prod"}, ["label"]),
            ({"label": {}}, ["label.key", "label.value"]),
            ({"label": {"key": "env"}}, ["label.value"]),
            ({"label": {"key": "", "value": "v"}}, ["label.key"]),
            ({"label": {"key": 1, "value": True}}, ["label.key", "label.value"]),
            ({"label": {"key": "k" * 256, "value": "v"}}, ["label.key"]),
            ({"label": {"key": "k", "value": "v" * 256}}, ["label.value"]),
            ({"label": {"key": "k", "value": "v", "description": 5}}, ["label.description"]),
        ],
    )
    def test_invalid_bodies_name_every_field(
        self, api: Api, body: dict[str, Any], fields: list[str]
    ) -> None:
        assert sorted(invalid_fields(api.post("/labels", json=body))) == fields
        assert list_labels(api) == []

    @pytest.mark.parametrize("field", ["key", "value", "description"])
    def test_nul_characters_are_422(self, api: Api, field: str) -> None:
        label = {"key": "k", "value": "v", field: "a\u0000b"}
        assert invalid_fields(api.post("/labels", json={"label": label})) == [f"label.{field}"]
        assert list_labels(api) == []

    @pytest.mark.parametrize("body", [b"", b"{", b"[]", b"label"])
    def test_malformed_json_is_422(self, api: Api, body: bytes) -> None:
        response = api.post("/labels", content=body, headers={"Content-Type": "application/json"})
        assert invalid_fields(response)


class TestListLabels:
    def test_sorted_by_key_then_value(self, api: Api) -> None:
        for key, value in [("team", "web"), ("env", "prod"), ("env", "dev")]:
            create_label(api, key=key, value=value)
        assert [(x["key"], x["value"]) for x in list_labels(api)] == [
            ("env", "dev"),
            ("env", "prod"),
            ("team", "web"),
        ]

    def test_not_paginated_and_empty_at_first(self, api: Api) -> None:
        assert data(api.get("/labels")) == {"labels": []}

    def test_only_the_workspaces_own(self, api: Api, other_api: Api) -> None:
        mine = create_label(api)
        create_label(other_api)
        assert list_labels(api) == [mine]


class TestDeleteLabel:
    def test_deletes(self, api: Api) -> None:
        gone = create_label(api, key="env", value="prod")
        kept = create_label(api, key="env", value="dev")
        assert data(api.delete(label_url(gone))) == {"status": "SUCCESS"}
        assert list_labels(api) == [kept]
        error(api.delete(label_url(gone)), 404, "not-found")

    def test_keys_and_values_with_spaces_and_colons(self, api: Api) -> None:
        label = create_label(api, key="cost center", value="eu:west 1")
        assert data(api.delete(label_url(label))) == {"status": "SUCCESS"}
        assert list_labels(api) == []

    def test_unknown_label_is_404(self, api: Api) -> None:
        create_label(api, key="env", value="prod")
        error(api.delete("/labels/env/dev"), 404, "not-found")
        error(api.delete("/labels/nope/prod"), 404, "not-found")

    def test_a_label_in_use_is_refused_with_the_reason(self, api: Api) -> None:
        label = create_label(api)
        source = create_source(api)
        url = f"/sources/{source['id']}/labels"
        api.put(url, json={"labels": [label_ref(label)]})

        entry = error(api.delete(label_url(label)), 422, "failed-precondition")
        assert source["id"] in entry["message"]
        assert "attached" in entry["message"]
        assert list_labels(api) == [label]
        assert data(api.get(f"/sources/{source['id']}"))["source"]["labels"] == [label]

        api.put(url, json={"labels": []})
        assert data(api.delete(label_url(label))) == {"status": "SUCCESS"}
        assert list_labels(api) == []
