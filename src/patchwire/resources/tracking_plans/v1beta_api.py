"""Tracking plans on the Config API, over the same plan and rule services as the Public API.

How the Config wire maps onto the store (``surfaces/v1beta/mapping.py`` holds the table):
- ``name`` is ``workspaces/{ws}/tracking-plans/{id}`` with the plan's own id; ``display_name``
  is its name. The Config API knew live plans only: it creates ``LIVE`` plans and serves only
  those (a library or template plan made on the Public API is a 404 here).
- ``rules.events[]`` are the TRACK rules (``name`` = key, ``rules`` = jsonSchema, ``version``);
  ``global``, ``identify`` and ``group`` are the COMMON, IDENTIFY and GROUP rules' schemas.
  PAGE and SCREEN rules have no Config spelling: they are not shown and updates keep them.
- The Public RuleV1 has no description, so an event's ``description`` is kept as the
  top-level ``description`` of its JSON Schema (where the Public API's own event schemas
  carry it). Reads show it as the event's ``description`` and not inside ``rules``, so what a
  Config client sends is what it reads back. Event ``rules`` that carry a different
  description of their own are a 400: one of the two would be lost.
- A ``version`` left out keeps the stored rule's version, or moves it on by one when the
  rule changes (1 for a new rule). A rule sent back unchanged keeps its stored JSON text
  byte for byte, so a GET-then-PUT changes nothing.
- update (PUT) follows seed 001's update mask: ``display_name``, ``rules``, or one part of
  the rules (``rules.events``, ``rules.global``…), with or without the ``tracking_plan.``
  prefix, the mask at the top level or inside ``tracking_plan``. No mask changes nothing; a
  masked part with no value is cleared (a plan cannot lose its display name: 400).
- Source connections name sources by resource name (by slug in the delete path). A batch
  connects all of its sources or, on any error, none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Final

import orjson
from pydantic import Field

from patchwire.core.errors import FieldError, InvalidArgument, NotFound
from patchwire.core.pagination import MAX_COUNT
from patchwire.db.models import TrackingPlan
from patchwire.resources.sources import repository as sources
from patchwire.resources.sources.schemas import WireModel
from patchwire.resources.tracking_plans import repository, rules, service
from patchwire.resources.tracking_plans.repository import KIND, StoredRule
from patchwire.resources.tracking_plans.schemas import (
    CreateTrackingPlanIn,
    Description,
    PlanName,
    RuleIn,
    RuleKey,
    UpdateTrackingPlanIn,
    validate_strict,
)
from patchwire.surfaces.public.operation import Operation
from patchwire.surfaces.v1beta import names
from patchwire.surfaces.v1beta.call import ConfigCall
from patchwire.surfaces.v1beta.mapping import TRACKING_PLAN_RULE_TYPES as PART_TYPES
from patchwire.surfaces.v1beta.operation import cop
from patchwire.surfaces.v1beta.update_mask import mask_paths
from patchwire.surfaces.v1beta.wire import page_out, timestamp

LIVE: Final = "LIVE"
PART_OF_TYPE = {rule_type: part for part, rule_type in PART_TYPES.items()}
MASKABLE = frozenset({"display_name", "rules", *(f"rules.{part}" for part in PART_TYPES)})
WHERE = "tracking_plan.rules"

JsonObject = dict[str, Any]


class EventIn(WireModel):
    name: Annotated[RuleKey, Field(min_length=1)]
    description: Description | None = None
    rules: JsonObject = Field(default_factory=dict)
    version: float | None = None


class RulesIn(WireModel):
    events: list[EventIn] | None = None
    global_: JsonObject | None = Field(default=None, alias="global")
    identify: JsonObject | None = None
    group: JsonObject | None = None

    def schemas(self) -> dict[str, JsonObject | None]:
        return {"global": self.global_, "identify": self.identify, "group": self.group}


class TrackingPlanIn(WireModel):
    display_name: PlanName | None = None
    rules: RulesIn | None = None


def _canonical(value: Any) -> bytes:
    """Equality of JSON values regardless of key order (and ``1`` is not ``true``)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def event_view(schema: Any) -> tuple[Any, str]:
    """A stored event schema as the Config API shows it: ``(rules, description)``."""
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        rest = dict(schema)
        return rest, rest.pop("description")
    return schema, ""


def rules_out(stored: Sequence[StoredRule]) -> dict[str, Any]:
    out: dict[str, Any] = {"events": []}
    for rule in stored:
        part = PART_OF_TYPE.get(rule.type)
        if part == "events":
            schema, description = event_view(orjson.loads(rule.text))
            out["events"].append(
                {
                    "name": rule.key,
                    "description": description,
                    "rules": schema,
                    "version": rule.version,
                }
            )
        elif part is not None:
            out[part] = orjson.Fragment(rule.text)
    return out


def plan_out(
    plan: TrackingPlan, workspace_slug: str, stored: Sequence[StoredRule]
) -> dict[str, Any]:
    return {
        "name": names.tracking_plan(workspace_slug, plan.id),
        "display_name": plan.name,
        "rules": rules_out(stored),
        "create_time": timestamp(plan.created_at),
        "update_time": timestamp(plan.updated_at),
    }


def _rule_in(rule_type: str, key: str, value: Any, version: float) -> RuleIn:
    """A rule for the rule service (its fields were checked on the way in, or are stored)."""
    return RuleIn.model_validate(
        {"type": rule_type, "key": key or None, "jsonSchema": value, "version": float(version)}
    )


def _kept(rule: StoredRule) -> RuleIn:
    return _rule_in(rule.type, rule.key, orjson.loads(rule.text), rule.version)


def _rule(
    rule_type: str, key: str, value: Any, version: float | None, old: StoredRule | None
) -> RuleIn:
    """A rule to store; one whose Config view did not change keeps its stored text."""

    def view(schema: Any) -> bytes:
        return _canonical(event_view(schema) if rule_type == "TRACK" else schema)

    stored = None if old is None else orjson.loads(old.text)
    unchanged = old is not None and view(value) == view(stored)
    if unchanged:
        value = stored
    if version is None:
        version = 1 if old is None else old.version + (0 if unchanged else 1)
    return _rule_in(rule_type, key, value, version)


def _event_schema(event: EventIn, where: str) -> JsonObject:
    """The event's ``rules`` with its ``description`` kept inside as the top-level one."""
    if not event.description:
        return event.rules
    own = event.rules.get("description")
    if own is None:
        return {**event.rules, "description": event.description}
    if own != event.description:
        raise InvalidArgument.for_field(
            f"{where}.description",
            f"{where}.description differs from the description inside its rules; Patchwire "
            "keeps one description per event (in its JSON Schema): send one, or the same in both",
        )
    return event.rules


def desired_rules(
    given: RulesIn | None, parts: set[str], stored: Sequence[StoredRule]
) -> list[tuple[RuleIn, str]]:
    """The plan's whole rule list after a Config write of the rule ``parts``, each rule with
    the Config location it came from: the parts as given (absent: none), the other parts and
    the PAGE/SCREEN rules as stored. Always in one order (events, global, identify, group,
    then the rest), so rewriting a plan as it is changes nothing."""
    by_key = {(s.type, s.key): s for s in stored}
    events = (given.events if given else None) or []
    schemas = given.schemas() if given else {}
    out: list[tuple[RuleIn, str]] = []
    for part, rule_type in PART_TYPES.items():
        if part not in parts:
            out += [(_kept(s), WHERE) for s in stored if s.type == rule_type]
        elif part == "events":
            for i, event in enumerate(events):
                where = f"{WHERE}.events[{i}]"
                value = _event_schema(event, where)
                old = by_key.get((rule_type, event.name))
                out.append((_rule(rule_type, event.name, value, event.version, old), where))
        elif (schema := schemas.get(part)) is not None:
            old = by_key.get((rule_type, ""))
            out.append((_rule(rule_type, "", schema, None, old), f"{WHERE}.{part}"))
    out += [(_kept(s), WHERE) for s in stored if s.type not in PART_OF_TYPE]
    return out


_PUBLIC_PLACE = re.compile(r"\brules\[(\d+)\](?:\.(\w+))?")
_EVENT_FIELD = {"jsonSchema": "rules", "key": "name", "type": "name", "version": "version"}


def _in_config_terms(exc: InvalidArgument, where: Sequence[str]) -> InvalidArgument:
    """The rule service's field errors (``rules[3].jsonSchema``) named as Config fields."""

    def place(found: re.Match[str]) -> str:
        at = where[int(found.group(1))]
        field = found.group(2)
        return f"{at}.{_EVENT_FIELD.get(field, field)}" if field and at.endswith("]") else at

    def rename(text: str) -> str:
        return WHERE if text == "rules" else _PUBLIC_PLACE.sub(place, text)

    errors = [FieldError(rename(e.field), rename(e.message)) for e in exc.field_errors]
    return InvalidArgument.for_fields(errors) if errors else exc


def _same_rules(wanted: Sequence[RuleIn], stored: Sequence[StoredRule]) -> bool:
    def mine(r: RuleIn) -> tuple[str, str, bytes, float]:
        return (r.type, r.key or "", orjson.dumps(r.jsonSchema), r.version)

    def theirs(s: StoredRule) -> tuple[str, str, bytes, float]:
        return (s.type, s.key, s.text.encode(), float(s.version))

    return sorted(map(mine, wanted)) == sorted(map(theirs, stored))


async def _write_rules(
    call: ConfigCall, plan: TrackingPlan, given: RulesIn | None, parts: set[str]
) -> None:
    stored = await repository.stored_rules(call.session, call.principal.workspace_id, plan.id)
    wanted = desired_rules(given, parts, stored)
    if _same_rules([r for r, _ in wanted], stored):
        return  # what is stored, perhaps in another order: keep the plan as it is
    # The per-request cap counts the rules this request carries, not those kept as stored.
    cap = call.runtime.settings.tracking_plan_max_rules
    carried = sum(1 for _, where in wanted if where != WHERE)
    if carried > cap:
        raise InvalidArgument.for_field(
            WHERE, f"{WHERE}: a request may carry at most {cap} rules and this one has {carried}"
        )
    try:
        await rules.replace(
            call.session, call.principal, plan.id, [r for r, _ in wanted], max(cap, len(wanted))
        )
    except InvalidArgument as exc:
        raise _in_config_terms(exc, [where for _, where in wanted]) from exc


async def _stored(call: ConfigCall, plan_id: str) -> list[StoredRule]:
    return await repository.stored_rules(call.session, call.principal.workspace_id, plan_id)


async def _plan(call: ConfigCall, *, lock: bool = False) -> tuple[str, TrackingPlan]:
    """The path's workspace slug and live plan (404 for any other plan). ``lock`` holds the
    plan's row so that a masked update reads and replaces its rules as one step."""
    ws = call.workspace()
    plan_id = call.path["plan"]
    plan = await repository.get(call.session, call.principal.workspace_id, plan_id, for_update=lock)
    if plan.type != LIVE:
        raise NotFound.resource(KIND, plan_id)
    return ws, plan


def _resource(body: dict[str, Any], *, required: bool) -> dict[str, Any]:
    resource = body.get("tracking_plan", None if required else {})
    if not isinstance(resource, dict):
        raise InvalidArgument.for_field("tracking_plan", "tracking_plan must be an object")
    return resource


async def list_tracking_plans(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    page = await service.list_page(
        call.session, call.principal, call.page(), call.runtime.cursors, LIVE
    )
    items = [plan_out(plan, ws, await _stored(call, plan.id)) for plan in page.items]
    return page_out("tracking_plans", items, page)


async def create_tracking_plan(call: ConfigCall) -> dict[str, Any]:
    ws = call.workspace()
    resource = _resource(call.json(), required=True)
    data = validate_strict(TrackingPlanIn, resource, "tracking_plan")
    if data.display_name is None:
        raise InvalidArgument.for_field(
            "tracking_plan.display_name", "tracking_plan.display_name is required"
        )
    created = CreateTrackingPlanIn(name=data.display_name, type=LIVE)
    plan = await service.create(call.session, call.principal, created)
    if data.rules is not None:
        await _write_rules(call, plan, data.rules, set(PART_TYPES))
    return plan_out(plan, ws, await _stored(call, plan.id))


async def get_tracking_plan(call: ConfigCall) -> dict[str, Any]:
    ws, plan = await _plan(call)
    return plan_out(plan, ws, await _stored(call, plan.id))


def _masked_only(resource: dict[str, Any], paths: set[str]) -> dict[str, Any]:
    """The masked fields of ``resource``: a value outside the mask is ignored, even a bad one."""
    out: dict[str, Any] = {
        k: resource[k] for k in ("display_name", "rules") if k in paths and k in resource
    }
    given = resource.get("rules")
    named = {p.removeprefix("rules.") for p in paths if p.startswith("rules.")}
    if "rules" not in paths and named and given is not None:
        out["rules"] = (
            {k: v for k, v in given.items() if k in named} if isinstance(given, dict) else given
        )
    return out


async def update_tracking_plan(call: ConfigCall) -> dict[str, Any]:
    ws, plan = await _plan(call, lock=True)
    body = call.json()
    resource = _resource(body, required=False)
    paths = mask_paths(body, "tracking_plan")
    unknown = sorted(paths - MASKABLE)
    if unknown:
        raise InvalidArgument.for_field(
            "update_mask.paths",
            f"'{unknown[0]}' cannot be updated; updatable: {', '.join(sorted(MASKABLE))}",
        )
    data = validate_strict(TrackingPlanIn, _masked_only(resource, paths), "tracking_plan")
    if "display_name" in paths:
        if not data.display_name:
            raise InvalidArgument.for_field(
                "tracking_plan.display_name",
                "tracking_plan.display_name cannot be cleared: a tracking plan needs a name",
            )
        renamed = UpdateTrackingPlanIn(name=data.display_name)
        await service.update(call.session, call.principal, plan.id, renamed)
    parts = (
        set(PART_TYPES)
        if "rules" in paths
        else {p.removeprefix("rules.") for p in paths} & set(PART_TYPES)
    )
    if parts:
        await _write_rules(call, plan, data.rules, parts)
    return plan_out(plan, ws, await _stored(call, plan.id))


async def delete_tracking_plan(call: ConfigCall) -> dict[str, Any]:
    _, plan = await _plan(call)
    await service.delete(call.session, call.principal, plan.id)
    return {}


def connection_out(workspace_slug: str, source_slug: str, plan_id: str) -> dict[str, Any]:
    return {"source_name": names.source(workspace_slug, source_slug), "tracking_plan_id": plan_id}


async def _connect(call: ConfigCall, plan: TrackingPlan, source_slug: str) -> None:
    source = await sources.get_by_slug(call.session, call.principal.workspace_id, source_slug)
    await service.add_source(call.session, call.principal, plan.id, source.id)


async def create_connection(call: ConfigCall) -> dict[str, Any]:
    ws, plan = await _plan(call)
    given = call.json().get("source_name")
    if not isinstance(given, str) or not given:
        raise InvalidArgument.for_field(
            "source_name", "source_name is required: workspaces/{ws}/sources/{slug}"
        )
    slug = names.source_slug_in(given, ws, "source_name")
    await _connect(call, plan, slug)
    return connection_out(ws, slug, plan.id)


async def batch_create_connections(call: ConfigCall) -> dict[str, Any]:
    ws, plan = await _plan(call)
    given = call.json().get("source_names")
    if not isinstance(given, list) or not 1 <= len(given) <= MAX_COUNT:
        raise InvalidArgument.for_field(
            "source_names", f"source_names must list 1 to {MAX_COUNT} source resource names"
        )
    slugs: dict[str, None] = {}
    for i, name in enumerate(given):
        if not isinstance(name, str):
            raise InvalidArgument.for_field(f"source_names[{i}]", "must be a source resource name")
        slugs[names.source_slug_in(name, ws, f"source_names[{i}]")] = None
    for slug in slugs:
        await _connect(call, plan, slug)
    return {"connections": [connection_out(ws, slug, plan.id) for slug in slugs]}


async def list_connections(call: ConfigCall) -> dict[str, Any]:
    ws, plan = await _plan(call)
    page, views = await service.sources_page(
        call.session, call.principal, plan.id, call.page(), call.runtime.cursors
    )
    items = [connection_out(ws, view.source.slug, plan.id) for view in views]
    return page_out("connections", items, page)


async def delete_connection(call: ConfigCall) -> dict[str, Any]:
    _, plan = await _plan(call)
    source = await sources.get_by_slug(
        call.session, call.principal.workspace_id, call.path["source"]
    )
    await service.remove_source(call.session, call.principal, plan.id, source.id)
    return {}


PLANS = "/workspaces/{workspace}/tracking-plans"
PLAN = f"{PLANS}/{{plan}}"
CONNECTIONS = f"{PLAN}/source-connections"

OPERATIONS: list[Operation] = [
    cop("listTrackingPlans", "GET", PLANS, list_tracking_plans),
    cop("createTrackingPlan", "POST", PLANS, create_tracking_plan),
    cop("getTrackingPlan", "GET", PLAN, get_tracking_plan),
    cop("updateTrackingPlan", "PUT", PLAN, update_tracking_plan),
    cop("deleteTrackingPlan", "DELETE", PLAN, delete_tracking_plan),
    cop("createTrackingPlanSourceConnection", "POST", CONNECTIONS, create_connection),
    cop(
        "batchCreateTrackingPlanSourceConnections",
        "POST",
        f"{CONNECTIONS}:batchCreateConnections",
        batch_create_connections,
    ),
    cop("listTrackingPlanSourceConnections", "GET", CONNECTIONS, list_connections),
    cop(
        "deleteTrackingPlanSourceConnection",
        "DELETE",
        f"{CONNECTIONS}/{{source}}",
        delete_connection,
    ),
]
