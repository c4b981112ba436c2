"""Tracking plan rules: list, replace, upsert, remove. Services never commit.

Decisions the spec leaves open:
- A rule is identified by ``type`` + ``key``. TRACK, PAGE and SCREEN rules need a key (the
  event or page name); IDENTIFY, GROUP and COMMON rules are one per plan and take none (a
  non-empty key on them is a 422, so what is stored is what a client reads back).
- ``jsonSchema`` is kept as the JSON text of the value sent (compact, key order as sent) and
  served untouched, so infrastructure-as-code tools see no drift. It must be a valid draft-7
  JSON Schema; a text already stored under the same rule was checked when it came in and is
  not checked again.
- replace (PUT) is a declaration: the plan's rules become exactly the ones sent, in that
  order, with the versions sent. A rule that comes back unchanged keeps its timestamps; an
  identical replace changes nothing and records no event.
- update (PATCH) upserts. A new rule starts at the version sent. Changing a stored rule
  (schema or key) bumps its version to the stored version + 1, or to the version sent when
  that is higher, so versions never go backwards. Sending a stored rule unchanged (same
  schema, no higher version) changes nothing. ``newKey`` renames; a rename whose ``key`` no
  longer exists but whose ``newKey`` does updates that rule, so a retried rename is harmless.
  Renaming onto another existing rule is a 409.
- remove (DELETE) removes the rules named by ``type`` + ``key`` whatever their stored
  version (the version is checked for form only). Rules the plan does not have are ignored:
  after the call none of the named rules exist, which is what the caller asked for.
- At most ``tracking_plan_max_rules`` rules per request (a 422 naming the cap).
- Any change records one "Tracking Plan Modified" event (the name Segment's audit trail
  uses for every change to a plan) and moves the plan's ``updatedAt``.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import AlreadyExists, InvalidArgument
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import TrackingPlan, TrackingPlanRule
from patchwire.resources.tracking_plans import repository
from patchwire.resources.tracking_plans.repository import StoredRule
from patchwire.resources.tracking_plans.rule_checks import (
    MAX_VERSION,
    CheckedRule,
    check_removals,
    check_rules,
    describe,
    schema_errors,
)
from patchwire.resources.tracking_plans.schemas import RemoveRuleIn, RuleIn, UpsertRuleIn

MODIFIED = "Tracking Plan Modified"
RESOURCE = "tracking_plan"


def _rule_id() -> str:
    # Rule ids never reach the wire; hex is as unique as base62 and far cheaper by the
    # thousand.
    return secrets.token_hex(11)


def _modified(
    session: AsyncSession, principal: Principal, plan: TrackingPlan, now: datetime
) -> None:
    plan.updated_at = now
    audit.record(
        session,
        principal,
        MODIFIED,
        resource_id=plan.id,
        resource_type=RESOURCE,
        resource_name=plan.name,
    )


async def list_page(
    session: AsyncSession,
    principal: Principal,
    plan_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[TrackingPlanRule]:
    await repository.get(session, principal.workspace_id, plan_id)
    return await repository.rules_page(session, principal.workspace_id, plan_id, request, codec)


def _row(
    plan: TrackingPlan, rule: CheckedRule, key: str, version: int, position: int
) -> dict[str, Any]:
    return {
        "id": _rule_id(),
        "workspace_id": plan.workspace_id,
        "tracking_plan_id": plan.id,
        "type": rule.type,
        "rule_key": key,
        "json_schema": rule.text,
        "version": version,
        "position": position,
    }


async def replace(
    session: AsyncSession, principal: Principal, plan_id: str, rules: Sequence[RuleIn], cap: int
) -> None:
    ws = principal.workspace_id
    checked, errors = check_rules(rules, cap)
    plan = await repository.get(session, ws, plan_id, for_update=True)
    stored = await repository.stored_rules(session, ws, plan_id)
    by_key = {(s.type, s.key): s for s in stored}

    def already_stored(rule: CheckedRule) -> bool:
        old = by_key.get((rule.type, rule.key))
        return old is not None and old.text == rule.text

    errors += schema_errors(checked, already_stored)
    if errors:
        raise InvalidArgument.for_fields(errors)
    before = [(s.type, s.key, s.text, s.version) for s in stored]
    if before == [(r.type, r.key, r.text, r.version) for r in checked]:
        return
    now = utcnow()
    rows = []
    for position, rule in enumerate(checked):
        row = _row(plan, rule, rule.key, rule.version, position)
        old = by_key.get((rule.type, rule.key))
        unchanged = old is not None and old.text == rule.text and old.version == rule.version
        row["created_at"] = old.created_at if old else now
        row["updated_at"] = old.updated_at if old and unchanged else now
        row["deprecated_at"] = old.deprecated_at if old else None
        rows.append(row)
    await repository.delete_rules(session, ws, plan_id)
    await repository.insert_rules(session, rows)
    _modified(session, principal, plan, now)


def _resolve(
    checked: Sequence[CheckedRule], by_key: dict[tuple[str, str], StoredRule]
) -> list[StoredRule | None]:
    """The stored rule each upsert changes (None: it adds one); 409 for a rename onto
    another rule."""
    resolved: list[StoredRule | None] = []
    for rule in checked:
        row = by_key.get((rule.type, rule.key))
        if row is None and rule.new_key:
            row = by_key.get((rule.type, rule.new_key))
        target = rule.new_key or rule.key
        if row is not None and target != row.key and (rule.type, target) in by_key:
            raise AlreadyExists(
                f"rules[{rule.index}].newKey: the plan already has a "
                f"{describe(rule.type, target)} rule; remove it first or pick another key"
            )
        resolved.append(row)
    return resolved


async def upsert(
    session: AsyncSession,
    principal: Principal,
    plan_id: str,
    rules: Sequence[UpsertRuleIn],
    cap: int,
) -> None:
    ws = principal.workspace_id
    checked, errors = check_rules(rules, cap)
    plan = await repository.get(session, ws, plan_id, for_update=True)
    keys = {r.key for r in checked} | {r.new_key for r in checked if r.new_key}
    stored = await repository.stored_rules(session, ws, plan_id, keys)
    by_key = {(s.type, s.key): s for s in stored}
    resolved = _resolve(checked, by_key)
    texts = {rule.index: row.text for rule, row in zip(checked, resolved, strict=True) if row}
    errors += schema_errors(checked, lambda rule: texts.get(rule.index) == rule.text)
    if errors:
        raise InvalidArgument.for_fields(errors)

    now = utcnow()
    changes: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    position: int | None = None
    for rule, old in zip(checked, resolved, strict=True):
        target = rule.new_key or rule.key
        if old is None:
            if position is None:
                position = await repository.next_position(session, ws, plan_id)
            row = _row(plan, rule, target, rule.version, position)
            rows.append(row | {"created_at": now, "updated_at": now})
            position += 1
        elif target != old.key or old.text != rule.text or rule.version > old.version:
            version = min(max(rule.version, old.version + 1), MAX_VERSION)
            changes.append(
                {
                    "id": old.id,
                    "rule_key": target,
                    "json_schema": rule.text,
                    "version": version,
                    "updated_at": now,
                }
            )
    if not changes and not rows:
        return
    await repository.update_rules(session, ws, changes)
    await repository.insert_rules(session, rows)
    _modified(session, principal, plan, now)


async def remove(
    session: AsyncSession,
    principal: Principal,
    plan_id: str,
    rules: Sequence[RemoveRuleIn],
    cap: int,
) -> None:
    ws = principal.workspace_id
    named = check_removals(rules, cap)
    plan = await repository.get(session, ws, plan_id, for_update=True)
    stored = await repository.stored_rules(session, ws, plan_id, {key for _, key in named})
    ids = [s.id for s in stored if (s.type, s.key) in named]
    if await repository.delete_rules(session, ws, plan_id, ids):
        _modified(session, principal, plan, utcnow())
