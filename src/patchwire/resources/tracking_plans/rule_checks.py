"""Checking incoming rules: the per-request cap, keys, versions, duplicates, draft-7 schemas.

Every problem becomes one field error named after the rule (``rules[3].jsonSchema``), so a
client fixing a large plan sees all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from patchwire.core.errors import FieldError, InvalidArgument
from patchwire.resources.tracking_plans.draft7 import first_error
from patchwire.resources.tracking_plans.schemas import RemoveRuleIn, RuleIn, UpsertRuleIn

KEYED_TYPES = frozenset({"TRACK", "PAGE", "SCREEN"})
"""Rules for named calls carry the name as their key; IDENTIFY, GROUP and COMMON rules are
one per plan and have none."""
MAX_VERSION = 2_147_483_647
_MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class CheckedRule:
    """A rule that passed the field checks, with its stored form."""

    index: int
    type: str
    key: str
    new_key: str | None
    text: str
    version: int
    value: Any


def check_count(count: int, cap: int) -> None:
    if count > cap:
        raise InvalidArgument.for_field(
            "rules",
            f"A request may carry at most {cap} rules and this one has {count}; "
            "send them in several requests (updateRulesInTrackingPlan adds to a plan)",
        )


def stored_text(value: Any) -> str:
    """The JSON text a ``jsonSchema`` is kept (and later served) as: compact, key order
    exactly as sent. Raises ``ValueError`` for values JSON cannot carry."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError as exc:
        raise ValueError(f"cannot be stored as JSON: {exc}") from None


def _key(rule_type: str, field: str, given: str | None, errors: list[FieldError]) -> str:
    if rule_type in KEYED_TYPES:
        if not given:
            errors.append(FieldError(field, f"{rule_type} rules need a key (the event name)"))
        return given or ""
    if given:
        errors.append(FieldError(field, f"{rule_type} rules have no key; leave it out"))
    return ""


def _version(version: float, field: str, errors: list[FieldError]) -> int:
    if not version.is_integer() or not 1 <= version <= MAX_VERSION:
        errors.append(FieldError(field, f"version must be a whole number from 1 to {MAX_VERSION}"))
        return 1
    return int(version)


def check_removals(rules: Sequence[RemoveRuleIn], cap: int) -> set[tuple[str, str]]:
    """The ``(type, key)`` of each rule to remove, after the same key and version checks."""
    check_count(len(rules), cap)
    errors: list[FieldError] = []
    named: set[tuple[str, str]] = set()
    for i, rule in enumerate(rules):
        named.add((rule.type, _key(rule.type, f"rules[{i}].key", rule.key, errors)))
        _version(rule.version, f"rules[{i}].version", errors)
    if errors:
        raise InvalidArgument.for_fields(errors)
    return named


def check_rules(rules: Sequence[RuleIn], cap: int) -> tuple[list[CheckedRule], list[FieldError]]:
    """Field checks (not the JSON Schema check, which may be skipped for stored rules)."""
    check_count(len(rules), cap)
    errors: list[FieldError] = []
    checked: list[CheckedRule] = []
    seen: dict[tuple[str, str], int] = {}
    for i, rule in enumerate(rules):
        where = f"rules[{i}]"
        before = len(errors)
        key = _key(rule.type, f"{where}.key", rule.key, errors)
        new_key = None
        if isinstance(rule, UpsertRuleIn) and rule.newKey is not None:
            new_key = _key(rule.type, f"{where}.newKey", rule.newKey, errors) or None
        version = _version(rule.version, f"{where}.version", errors)
        try:
            text = stored_text(rule.jsonSchema)
        except ValueError as exc:
            errors.append(FieldError(f"{where}.jsonSchema", str(exc)))
            text = ""
        for name, value in (("key", key), ("newKey", new_key)):
            if value is None or len(errors) > before:
                continue
            other = seen.setdefault((rule.type, value), i)
            if other != i:
                errors.append(
                    FieldError(
                        f"{where}.{name}" if value else f"{where}.type",
                        f"rules[{other}] already names the {describe(rule.type, value)} rule; "
                        "a request names each rule once",
                    )
                )
        if len(errors) == before:
            checked.append(CheckedRule(i, rule.type, key, new_key, text, version, rule.jsonSchema))
    return checked, errors


def describe(rule_type: str, key: str) -> str:
    return f"{rule_type} '{key}'" if key else rule_type


def schema_reason(value: Any, checked: set[bytes]) -> str | None:
    """Why ``value`` is not a valid draft-7 JSON Schema, or None when it is."""
    try:
        found = first_error(value, checked)
    except RecursionError:
        return "is nested too deeply to check"
    if found is None:
        return None
    where, message = found
    if len(message) > _MAX_REASON:
        message = message[: _MAX_REASON - 1] + "…"
    at = f" (at {where})" if where else ""
    return f"is not a valid JSON Schema (draft 7): {message}{at}"


def schema_errors(
    rules: Sequence[CheckedRule], known_valid: Callable[[CheckedRule], bool]
) -> list[FieldError]:
    """Draft-7 check of every rule except those ``known_valid`` vouches for (a schema text
    already stored was checked when it came in)."""
    errors: list[FieldError] = []
    checked: set[bytes] = set()
    for rule in rules:
        if known_valid(rule):
            continue
        reason = schema_reason(rule.value, checked)
        if reason is not None:
            errors.append(
                FieldError(
                    f"rules[{rule.index}].jsonSchema",
                    f"The {describe(rule.type, rule.key)} rule's jsonSchema {reason}",
                )
            )
    return errors
