"""The contract validator itself, on small hand-made responses (no server needed)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.public.operations import public_operations
from tests.contract.checks import Verdict, check, schema_violations
from tests.contract.spec import (
    ALIASES,
    CREATED_201,
    EXTENSIONS,
    SPEC_ENV,
    ContractSpec,
    RouteTable,
    load_spec,
    media_type,
    spec_path,
)
from tests.contract.v47 import V47_FIELDS, V47_OPERATIONS, Schema

IN_CI = os.environ.get("CI") == "true"
SCOPE = Path(__file__).resolve().parents[3] / "shared/contract/scope.json"
V1 = media_type("v1")
V1BETA = media_type("v1beta")
V1ALPHA = media_type("v1alpha")
LIMIT_HEADERS = {
    "X-RateLimit-Consumed": "3",
    "X-RateLimit-Remaining": "97",
    "X-RateLimit-Reset": "Mon, 01 Jan 2024 00:01:00 GMT",
}


def _require(path: Path, what: str) -> None:
    if path.is_file():
        return
    if IN_CI:
        pytest.fail(f"{what} is missing at {path} (CI=true: it must be present)")
    pytest.skip(f"{what} is not at {path}; set {SPEC_ENV} to validate against it")


@pytest.fixture(scope="module")
def spec() -> ContractSpec:
    _require(spec_path(), "the Public API spec")
    return load_spec(spec_path())


def respond(
    method: str,
    path: str,
    body: Any,
    *,
    status: int = 200,
    content_type: str = V1,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    merged = {"Content-Type": content_type, **(LIMIT_HEADERS if headers is None else headers)}
    request = httpx.Request(method, f"http://patchwire.test{path}")
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers=merged, request=request
    )


def verdict_of(spec: ContractSpec, *args: Any, **kwargs: Any) -> Verdict:
    return check(spec, respond(*args, **kwargs))


def source(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "src_1",
        "slug": "ios",
        "name": "iOS",
        "workspaceId": "ws_1",
        "enabled": True,
        "writeKeys": ["wk_1"],
        "metadata": {
            "id": "meta_1",
            "slug": "ios",
            "name": "iOS",
            "categories": ["Mobile"],
            "description": "",
            "logos": {"default": "https://logo.test/a.svg", "alt": None},
            "options": [],
            "isCloudEventSource": False,
        },
        "settings": {"anything": {"goes": [1, 2]}},
        "labels": [{"key": "env", "value": "prod"}],
    }
    body.update(overrides)
    return body


def page(**overrides: Any) -> dict[str, Any]:
    return {"current": "MA==", "next": None, **overrides}


class TestSuccessBodies:
    def test_a_conforming_body_passes(self, spec: ContractSpec) -> None:
        verdict = verdict_of(
            spec, "GET", "/sources/src_1", {"data": {"source": source(), "trackingPlanId": None}}
        )
        assert (verdict.kind, verdict.operation_id, verdict.version) == (
            "success",
            "getSource",
            "v1",
        )
        assert verdict.violations == []

    def test_an_extra_field_is_named_with_its_path(self, spec: ContractSpec) -> None:
        body = {"data": {"source": source(buildpack="node"), "trackingPlanId": None}}
        [problem] = verdict_of(spec, "GET", "/sources/src_1", body).violations
        assert problem.startswith("$.data.source.buildpack: unexpected field 'buildpack'")
        assert "SourceV1" in problem

    def test_an_extra_field_deep_inside_is_found(self, spec: ContractSpec) -> None:
        labels = [{"key": "env", "value": "prod", "color": "red"}]
        body = {"data": {"sources": [source(labels=labels)], "pagination": page()}}
        [problem] = verdict_of(spec, "GET", "/sources", body).violations
        assert problem.startswith("$.data.sources[0].labels[0].color: unexpected field")

    def test_free_form_maps_take_anything(self, spec: ContractSpec) -> None:
        body = {"data": {"source": source(settings={"deep": {"x": [{"y": 1}]}})}}
        assert verdict_of(spec, "PATCH", "/sources/src_1", body).violations == []

    def test_a_wrong_type_is_reported(self, spec: ContractSpec) -> None:
        body = {"data": {"source": source(enabled="yes"), "trackingPlanId": None}}
        [problem] = verdict_of(spec, "GET", "/sources/src_1", body).violations
        assert problem == '$.data.source.enabled: expected boolean, got str "yes"'

    def test_a_missing_required_field_is_reported(self, spec: ContractSpec) -> None:
        body = {"data": {"source": {k: v for k, v in source().items() if k != "slug"}}}
        problems = verdict_of(spec, "PATCH", "/sources/src_1", body).violations
        assert problems == ["$.data.source.slug: missing required field (SourceV1)"]

    def test_the_envelope_holds_data_and_nothing_else(self, spec: ContractSpec) -> None:
        body = {"data": {"labels": []}, "errors": [{"type": "x"}]}
        [problem] = verdict_of(spec, "GET", "/labels", body).violations
        assert problem.startswith("$.errors: unexpected field 'errors'")
        assert verdict_of(spec, "GET", "/labels", {"labels": []}).violations == [
            "$.data: missing required field (listLabels v1 response)",
            "$.labels: unexpected field 'labels' (listLabels v1 response defines only data)",
        ]

    def test_data_is_an_object(self, spec: ContractSpec) -> None:
        [problem] = verdict_of(spec, "GET", "/labels", {"data": []}).violations
        assert problem == "$.data: expected object, got list []"


class TestNullable:
    def test_nullable_strings_take_null(self, spec: ContractSpec) -> None:
        body = {"data": {"sources": [], "pagination": page(previous=None)}}
        assert verdict_of(spec, "GET", "/sources", body).violations == []

    def test_fields_without_nullable_refuse_null(self, spec: ContractSpec) -> None:
        body = {"data": {"sources": [], "pagination": page(current=None)}}
        [problem] = verdict_of(spec, "GET", "/sources", body).violations
        assert problem == "$.data.pagination.current: expected string, got null null"

    def test_a_nullable_object_takes_null_and_is_still_strict(self, spec: ContractSpec) -> None:
        assert (
            verdict_of(spec, "GET", "/functions/f1", {"data": {"function": None}}).violations == []
        )
        body = {"data": {"function": {"id": "f1", "workspaceId": "ws"}}}
        [problem] = verdict_of(spec, "GET", "/functions/f1", body).violations
        assert problem.startswith("$.data.function.workspaceId: unexpected field 'workspaceId'")


class TestV47Additions:
    @pytest.mark.parametrize("added", V47_FIELDS, ids=lambda a: f"{a.schema}.{a.name}")
    def test_each_allowlisted_field_is_accepted_and_typed(
        self, spec: ContractSpec, added: Any
    ) -> None:
        schema = spec.component(added.schema)
        validator = Draft202012Validator(schema)
        instance = minimal(schema)
        assert schema_violations(validator, instance) == []
        instance[added.name] = minimal(schema["properties"][added.name])
        assert schema_violations(validator, instance) == []
        instance[added.name] = 12345 if added.definition.get("type") == "string" else "text"
        assert schema_violations(validator, instance), "the v47 field is typed, not just allowed"
        instance.pop(added.name)
        instance["notInV47"] = True
        assert schema_violations(validator, instance)

    def test_get_source_must_carry_tracking_plan_id(self, spec: ContractSpec) -> None:
        for content_type in (V1, V1ALPHA):
            body = {"data": {"source": source()}}
            verdict = verdict_of(spec, "GET", "/sources/s", body, content_type=content_type)
            assert verdict.violations == [
                f"$.data.trackingPlanId: missing required field (GetSource"
                f"{'V1' if content_type == V1 else 'Alpha'}Output)"
            ]

    def test_audit_events_may_carry_actor_email(self, spec: ContractSpec) -> None:
        event = {
            "id": "ev",
            "timestamp": "2024-01-01T00:00:00Z",
            "type": "Source Created",
            "actor": "user",
            "resourceId": "src",
            "resourceType": "source",
            "resourceName": "ios",
            "actorEmail": "a@example.com",
        }
        body = {"data": {"events": [event], "pagination": page()}}
        assert verdict_of(spec, "GET", "/audit-events", body).violations == []

    def test_write_key_operations_use_the_hand_written_shapes(self, spec: ContractSpec) -> None:
        created = {"data": {"source": source()}}
        path = "/sources/s/writekey"
        assert verdict_of(spec, "POST", path, created, content_type=V1ALPHA).violations == []
        assert verdict_of(spec, "POST", path, created, content_type="application/json").version == (
            "v1alpha"
        )
        removed = verdict_of(spec, "DELETE", f"{path}/wk_1", {"data": {"status": "SUCCESS"}})
        assert removed.violations[0].startswith("Content-Type: expected one of")
        removed = verdict_of(
            spec, "DELETE", f"{path}/wk_1", {"data": {"status": "DONE"}}, content_type=V1ALPHA
        )
        assert removed.operation_id == "removeWriteKeyFromSource"
        assert removed.violations == [
            "$.data.status: expected one of ['SUCCESS'], got str \"DONE\""
        ]


class TestMatching:
    @pytest.mark.parametrize(
        ("method", "path", "operation_id"),
        [
            ("POST", "/warehouses/validation", "createValidationInWarehouse"),
            ("GET", "/warehouses/validation", "getWarehouse"),
            ("GET", "/regulations/sources/s1", "listRegulationsFromSource"),
            ("GET", "/regulations/r1", "getRegulation"),
            ("POST", "/destination/filters/preview", "previewDestinationFilter"),
            ("GET", "/destination/d1/filters", "listFiltersFromDestination"),
            ("DELETE", "/labels/env/prod", "deleteLabel"),
            ("POST", "/sources/s1/labels", "addLabelsToSource"),
            ("DELETE", "/group/g1/users", "removeUsersFromUserGroup"),
            ("GET", "/", "getWorkspace"),
            ("GET", "/workspaces", "getWorkspace"),
            ("GET", "/workspaces/", "getWorkspace"),
            ("GET", "/sources/", "listSources"),
            ("PATCH", "/sources/s1/", "updateSource"),
            ("POST", "/sources/s1/writekey", "createWriteKeyForSource"),
            ("GET", "/insert-function-instances/i1", "getInsertFunctionInstance"),
            ("GET", "/labels/a%2Fb/c", None),  # an encoded slash stays inside its segment
        ],
    )
    def test_literal_segments_win(
        self, spec: ContractSpec, method: str, path: str, operation_id: str | None
    ) -> None:
        matched = spec.match(method, path)
        assert matched is not None
        assert (matched.target.operation_id if matched.target else None) == operation_id

    def test_unknown_paths_are_left_alone(self, spec: ContractSpec) -> None:
        assert spec.match("GET", "/v1beta/workspaces") is None
        verdict = verdict_of(spec, "GET", "/v1beta/workspaces", {"anything": 1}, status=200)
        assert (verdict.kind, verdict.violations) == ("unknown", [])


class TestExtensions:
    @pytest.fixture
    def routes(self) -> RouteTable[str]:
        table: RouteTable[str] = RouteTable()
        table.add("POST", "/transformations/{transformationId}/preview", "previewStored")
        return table

    def test_successes_are_counted_not_validated(
        self, spec: ContractSpec, routes: RouteTable[str]
    ) -> None:
        response = respond("POST", "/transformations/t1/preview", {"anything": True})
        verdict = check(spec, response, routes)
        assert (verdict.kind, verdict.operation_id, verdict.violations) == (
            "extension",
            "previewStored",
            [],
        )

    def test_errors_follow_the_envelope(self, spec: ContractSpec, routes: RouteTable[str]) -> None:
        path = "/transformations/t1/preview"
        good = failure(404, {"type": "not-found"}, path=path, method="POST")
        bad = failure(404, {"kind": "missing"}, path=path, method="POST")
        assert check(spec, good, routes).violations == []
        assert check(spec, bad, routes).violations == [
            "$.errors[0].kind: unexpected field 'kind' (RequestError defines only type, message, "
            "field, data, status)",
            "$.errors[0].type: missing required field (RequestError)",
        ]


class TestVersions:
    def test_each_version_uses_its_own_schema(self, spec: ContractSpec) -> None:
        listed = spec.operations["listLabels"]
        assert listed.schemas["v1"]["properties"]["data"]["title"] == "ListLabelsV1Output"
        assert listed.schemas["v1alpha"]["properties"]["data"]["title"] == "ListLabelsAlphaOutput"
        body = {"data": {"labels": [{"key": "a", "value": "b"}]}}
        for content_type, version in [
            (V1, "v1"),
            (V1BETA, "v1beta"),
            (V1ALPHA, "v1alpha"),
            ("application/json", "v1"),
            ("application/json; charset=utf-8", "v1"),
        ]:
            verdict = verdict_of(spec, "GET", "/labels", body, content_type=content_type)
            assert (verdict.version, verdict.violations) == (version, [])

    def test_json_means_the_most_stable_version_offered(self, spec: ContractSpec) -> None:
        body = {"data": {"versions": [], "pagination": page()}}
        verdict = verdict_of(
            spec, "GET", "/functions/f/versions", body, content_type="application/json"
        )
        assert (verdict.version, verdict.violations) == ("v1alpha", [])

    def test_a_version_the_operation_lacks_is_a_violation(self, spec: ContractSpec) -> None:
        body = {"data": {"method": "get", "message": "m", "headers": {}}}
        assert verdict_of(spec, "GET", "/echo", body, content_type=V1ALPHA).violations == []
        [problem] = verdict_of(spec, "GET", "/echo", body, content_type=V1BETA).violations
        assert problem.startswith("Content-Type: expected one of")


class TestStatusAndHeaders:
    def test_the_seven_creates_answer_201(self, spec: ContractSpec) -> None:
        body = {"data": {"source": source()}}
        assert verdict_of(spec, "POST", "/sources", body, status=201).violations == []
        assert verdict_of(spec, "POST", "/sources", body, status=200).violations == [
            "status: expected 201, got 200"
        ]

    def test_other_creates_answer_200(self, spec: ContractSpec) -> None:
        body = {"data": {"trackingPlan": {"id": "tp", "type": "LIVE"}}}
        [problem] = verdict_of(spec, "POST", "/tracking-plans", body, status=201).violations
        assert problem == "status: expected 200, got 201"

    def test_echo_answers_the_status_it_was_asked_for(self, spec: ContractSpec) -> None:
        body = {"data": {"method": "get", "message": "m", "headers": {}}}
        asked = "/echo?message=m&statusCode=202"
        assert verdict_of(spec, "GET", asked, body, status=202).violations == []
        assert verdict_of(spec, "GET", asked, body, status=200).violations == [
            "status: expected 202, got 200"
        ]

    def test_successes_carry_the_rate_limit_headers(self, spec: ContractSpec) -> None:
        body: dict[str, Any] = {"data": {"labels": []}}
        bare = verdict_of(spec, "GET", "/labels", body, headers={})
        assert bare.violations == [
            "headers: missing X-RateLimit-Consumed, X-RateLimit-Remaining, X-RateLimit-Reset "
            "on a success"
        ]
        bad = {**LIMIT_HEADERS, "X-RateLimit-Remaining": "-1", "X-RateLimit-Reset": "soon"}
        assert len(verdict_of(spec, "GET", "/labels", body, headers=bad).violations) == 2


def failure(status: int, *entries: dict[str, Any], **kwargs: Any) -> httpx.Response:
    kwargs.setdefault("content_type", "application/json")
    kwargs.setdefault("headers", {})
    return respond(
        kwargs.pop("method", "GET"),
        kwargs.pop("path", "/sources/s1"),
        {"errors": list(entries)},
        status=status,
        **kwargs,
    )


class TestErrors:
    @pytest.mark.parametrize(
        ("status", "kind"),
        [(401, "unauthorized"), (403, "forbidden"), (404, "not-found"), (413, "PayloadLimitError")],
    )
    def test_pinned_types_pass_and_others_fail(
        self, spec: ContractSpec, status: int, kind: str
    ) -> None:
        assert check(spec, failure(status, {"type": kind, "message": "m"})).violations == []
        [problem] = check(spec, failure(status, {"type": "Oops", "message": "m"})).violations
        assert problem == f"$.errors[0].type: expected {kind!r} for {status}, got 'Oops'"

    def test_the_envelope_is_strict_and_not_empty(self, spec: ContractSpec) -> None:
        assert check(spec, failure(409)).violations == [
            "$.errors: expected at least 1 item(s), got list []"
        ]
        extra = failure(409, {"type": "conflict", "code": 6})
        assert check(spec, extra).violations[0].startswith("$.errors[0].code: unexpected field")
        untyped = failure(409, {"message": "m"})
        assert check(spec, untyped).violations == [
            "$.errors[0].type: missing required field (RequestError)"
        ]

    def test_errors_are_plain_json(self, spec: ContractSpec) -> None:
        response = failure(404, {"type": "not-found"}, content_type=V1)
        assert check(spec, response).violations == [
            f"Content-Type: expected application/json, got {V1!r}"
        ]

    def test_input_validation_names_its_field(self, spec: ContractSpec) -> None:
        named = {"type": "input-validation", "message": "required", "field": "source.slug"}
        assert check(spec, failure(422, named)).violations == []
        [problem] = check(
            spec, failure(422, {"type": "input-validation", "message": "m"})
        ).violations
        assert problem == "$.errors[0].field: an input-validation error must name its field"
        other = {"type": "failed-precondition", "message": "label in use"}
        assert check(spec, failure(422, other)).violations == []

    def test_rate_limited_carries_points_and_retry_after(self, spec: ContractSpec) -> None:
        data = {"remainingPoints": 0, "msBeforeNext": 1200, "consumedPoints": 21}
        entry = {"type": "RequestError", "message": "Too many requests", "data": data}
        assert check(spec, failure(429, entry, headers={"Retry-After": "2"})).violations == []
        assert check(spec, failure(429, entry)).violations == [
            "headers: a 429 must carry Retry-After (pinned answer D2)"
        ]
        bare = {"type": "RequestError", "message": "Too many requests"}
        assert check(spec, failure(429, bare, headers={"Retry-After": "2"})).violations == [
            "$.errors[0].data: expected an object with remainingPoints, msBeforeNext, "
            "consumedPoints"
        ]

    def test_errors_echo_was_asked_for_skip_the_per_status_shapes(self, spec: ContractSpec) -> None:
        triggered = failure(
            422,
            {"type": "input-validation", "message": "boom"},
            path="/echo?message=boom&triggerError=true",
        )
        assert check(spec, triggered).violations == []
        genuine = failure(422, {"type": "input-validation", "message": "m"}, path="/echo")
        assert check(spec, genuine).violations

    def test_a_method_the_path_lacks_is_still_an_error_envelope(self, spec: ContractSpec) -> None:
        response = respond(
            "PUT", "/sources/s1", {"errors": []}, status=405, content_type="application/json"
        )
        verdict = check(spec, response)
        assert (verdict.kind, verdict.operation_id) == ("error", None)
        assert verdict.violations == ["$.errors: expected at least 1 item(s), got list []"]


class TestAgainstPatchwire:
    """Patchwire's own table of operations against the spec (and the v47 additions)."""

    def test_every_served_operation_is_in_the_spec(self, spec: ContractSpec) -> None:
        aliases = {(method, path) for method, path, _ in ALIASES}
        v47 = {extra.operation_id for extra in V47_OPERATIONS}
        for operation in public_operations():
            if (operation.method, operation.path) in aliases:
                continue
            if operation.operation_id in EXTENSIONS:
                assert operation.operation_id not in spec.operations
                continue
            known = spec.operations.get(operation.operation_id)
            assert known is not None, (
                f"{operation.operation_id} ({operation.method} {operation.path}) is neither in "
                "the spec nor in v47; a deliberate extension belongs in spec.EXTENSIONS"
            )
            assert (known.method, known.template) == (operation.method, operation.path)
            assert known.in_v36 == (operation.operation_id not in v47)

    def test_extensions_do_not_shadow_spec_operations(self, spec: ContractSpec) -> None:
        for operation in served(extensions=True):
            concrete = re.sub(r"\{[^}]+\}", "x", operation.path)
            matched = spec.match(operation.method, concrete)
            assert matched is None or matched.target is None, operation.operation_id

    def test_served_operations_answer_the_pinned_status(self, spec: ContractSpec) -> None:
        wrong = {
            op.operation_id: op.status
            for op in served()
            if op.status != spec.operations[op.operation_id].success_status
        }
        assert wrong == {}

    def test_served_operations_offer_the_spec_versions(self, spec: ContractSpec) -> None:
        wrong = {
            op.operation_id: (op.versions, spec.operations[op.operation_id].versions)
            for op in served()
            if tuple(op.versions) != spec.operations[op.operation_id].versions
        }
        assert wrong == {}

    def test_the_201_list_matches_scope_json(self) -> None:
        _require(SCOPE, "the contract scope file")
        operations = json.loads(SCOPE.read_text())["public_api_operations"]
        assert {o["operationId"] for o in operations if o["success_status"] == 201} == CREATED_201

    def test_every_converted_schema_is_valid_json_schema(self, spec: ContractSpec) -> None:
        for schema in spec.components():
            Draft202012Validator.check_schema(schema)
        Draft202012Validator.check_schema(spec.error_schema)


def served(*, extensions: bool = False) -> list[Operation]:
    """Patchwire's operations: those the spec defines, or (``extensions``) the others."""
    return [op for op in public_operations() if (op.operation_id in EXTENSIONS) == extensions]


def minimal(schema: Schema) -> Any:
    """The smallest instance of ``schema``: required fields only, first enum value."""
    if "anyOf" in schema:
        return None
    if "allOf" in schema:
        return minimal(schema["allOf"][0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: minimal(props[name]) for name in schema.get("required", [])}
    return {"string": "x", "number": 1, "integer": 1, "boolean": True, "array": []}.get(str(kind))
