"""Tracking Plans on the Public API: wire shapes in and out, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel

from patchwire.core.validation import parse_python_model
from patchwire.db.models import TrackingPlan, TrackingPlanRule
from patchwire.resources.sources.public_api import source_out
from patchwire.resources.tracking_plans import rules, service
from patchwire.resources.tracking_plans.rule_checks import check_count
from patchwire.resources.tracking_plans.schemas import (
    AddSourceIn,
    CreateTrackingPlanIn,
    RemoveRulesIn,
    ReplaceRulesIn,
    UpdateRulesIn,
    UpdateTrackingPlanIn,
    decode_json,
    validate_strict,
)
from patchwire.surfaces.public.call import Call
from patchwire.surfaces.public.operation import Handler, Operation, op
from patchwire.surfaces.public.wire import page_out

M = TypeVar("M", bound=BaseModel)

PAYLOAD_LIMIT = 2 * 1024 * 1024
"""The spec's Migration section: tracking-plan requests carry about 2 MB at most."""


def success() -> dict[str, Any]:
    return {"status": "SUCCESS"}


def timestamp(value: datetime) -> str:
    """``2006-01-02T15:04:05.000Z``, the form Segment's examples use."""
    value = value.astimezone(UTC)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def plan_out(plan: TrackingPlan) -> dict[str, Any]:
    out: dict[str, Any] = {"id": plan.id, "name": plan.name, "slug": plan.slug or ""}
    if plan.description is not None:
        out["description"] = plan.description
    out |= {
        "type": plan.type,
        "updatedAt": timestamp(plan.updated_at),
        "createdAt": timestamp(plan.created_at),
    }
    return out


def rule_out(rule: TrackingPlanRule) -> dict[str, Any]:
    """``RuleV1``; ``jsonSchema`` is the stored JSON text, embedded as is (never re-encoded)."""
    out: dict[str, Any] = {"key": rule.rule_key} if rule.rule_key else {}
    out |= {
        "type": rule.type,
        "version": rule.version,
        "jsonSchema": orjson.Fragment(rule.json_schema),
        "createdAt": timestamp(rule.created_at),
        "updatedAt": timestamp(rule.updated_at),
    }
    if rule.deprecated_at is not None:
        out["deprecatedAt"] = timestamp(rule.deprecated_at)
    return out


def rules_body(call: Call, model: type[M]) -> M:
    """A rule-carrying body: decoded by orjson (key order kept), the rule cap checked before
    any rule is, then validated strictly."""
    data = decode_json(call.raw_body)
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        check_count(len(data["rules"]), call.runtime.settings.tracking_plan_max_rules)
    return validate_strict(model, data)


def removal_query(call: Call) -> RemoveRulesIn:
    """``rules`` from the query string in any deepObject spelling; a lone object (no index)
    counts as a list of one."""
    named = call.query.get("rules")
    query = {} if named is None else {"rules": [named] if isinstance(named, dict) else named}
    return parse_python_model(RemoveRulesIn, query)


async def list_tracking_plans(call: Call) -> dict[str, Any]:
    page = await service.list_page(
        call.session, call.principal, call.page(), call.runtime.cursors, call.q_str("type")
    )
    return {"trackingPlans": [plan_out(p) for p in page.items], "pagination": page_out(page)}


async def create_tracking_plan(call: Call) -> dict[str, Any]:
    data = call.body(CreateTrackingPlanIn)
    plan = await service.create(call.session, call.principal, data)
    return {"trackingPlan": plan_out(plan)}


async def get_tracking_plan(call: Call) -> dict[str, Any]:
    plan = await service.get(call.session, call.principal, call.path["trackingPlanId"])
    return {"trackingPlan": plan_out(plan)}


async def update_tracking_plan(call: Call) -> dict[str, Any]:
    data = call.body(UpdateTrackingPlanIn)
    await service.update(call.session, call.principal, call.path["trackingPlanId"], data)
    return success()


async def delete_tracking_plan(call: Call) -> dict[str, Any]:
    await service.delete(call.session, call.principal, call.path["trackingPlanId"])
    return success()


async def list_rules(call: Call) -> dict[str, Any]:
    page = await rules.list_page(
        call.session, call.principal, call.path["trackingPlanId"], call.page(), call.runtime.cursors
    )
    return {"rules": [rule_out(r) for r in page.items], "pagination": page_out(page)}


async def replace_rules(call: Call) -> dict[str, Any]:
    data = rules_body(call, ReplaceRulesIn)
    cap = call.runtime.settings.tracking_plan_max_rules
    await rules.replace(call.session, call.principal, call.path["trackingPlanId"], data.rules, cap)
    return success()


async def update_rules(call: Call) -> dict[str, Any]:
    data = rules_body(call, UpdateRulesIn)
    cap = call.runtime.settings.tracking_plan_max_rules
    await rules.upsert(call.session, call.principal, call.path["trackingPlanId"], data.rules, cap)
    return success()


async def remove_rules(call: Call) -> dict[str, Any]:
    data = removal_query(call)
    cap = call.runtime.settings.tracking_plan_max_rules
    await rules.remove(call.session, call.principal, call.path["trackingPlanId"], data.rules, cap)
    return success()


async def add_source(call: Call) -> dict[str, Any]:
    data = call.body(AddSourceIn)
    await service.add_source(
        call.session, call.principal, call.path["trackingPlanId"], data.sourceId
    )
    return success()


async def list_sources(call: Call) -> dict[str, Any]:
    page, views = await service.sources_page(
        call.session, call.principal, call.path["trackingPlanId"], call.page(), call.runtime.cursors
    )
    catalog = call.runtime.catalog
    return {"sources": [source_out(v, catalog) for v in views], "pagination": page_out(page)}


async def remove_source(call: Call) -> dict[str, Any]:
    source_id = call.q_str("sourceId", required=True, max_length=255) or ""
    await service.remove_source(
        call.session, call.principal, call.path["trackingPlanId"], source_id
    )
    return success()


def _op(operation_id: str, method: str, path: str, handler: Handler) -> Operation:
    return op(operation_id, method, path, handler, max_body_bytes=PAYLOAD_LIMIT)


PLAN = "/tracking-plans/{trackingPlanId}"

OPERATIONS: list[Operation] = [
    _op("listTrackingPlans", "GET", "/tracking-plans", list_tracking_plans),
    _op("createTrackingPlan", "POST", "/tracking-plans", create_tracking_plan),
    _op("getTrackingPlan", "GET", PLAN, get_tracking_plan),
    _op("updateTrackingPlan", "PATCH", PLAN, update_tracking_plan),
    _op("deleteTrackingPlan", "DELETE", PLAN, delete_tracking_plan),
    _op("listRulesFromTrackingPlan", "GET", f"{PLAN}/rules", list_rules),
    _op("replaceRulesInTrackingPlan", "PUT", f"{PLAN}/rules", replace_rules),
    _op("updateRulesInTrackingPlan", "PATCH", f"{PLAN}/rules", update_rules),
    _op("removeRulesFromTrackingPlan", "DELETE", f"{PLAN}/rules", remove_rules),
    _op("addSourceToTrackingPlan", "POST", f"{PLAN}/sources", add_source),
    _op("listSourcesFromTrackingPlan", "GET", f"{PLAN}/sources", list_sources),
    _op("removeSourceFromTrackingPlan", "DELETE", f"{PLAN}/sources", remove_source),
]
