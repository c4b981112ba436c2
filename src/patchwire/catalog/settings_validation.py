"""Checking an integration's ``settings`` against its catalog ``options``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from patchwire.core.errors import FieldError

_STRINGS = {"string", "text", "password", "select", "color", "datetime"}


def _type_ok(kind: str, value: Any) -> bool:
    if kind in _STRINGS:
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "number":
        # Real clients (and the spec's own examples) send ports as "5439": accept numeric text.
        return (isinstance(value, int | float) and not isinstance(value, bool)) or _numeric(value)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind in ("map", "object"):
        return isinstance(value, dict)
    return True


def _numeric(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def _describe(kind: str) -> str:
    if kind in _STRINGS:
        return "a string"
    return {
        "boolean": "a boolean",
        "number": "a number",
        "integer": "an integer",
        "array": "an array",
        "map": "an object",
        "object": "an object",
    }.get(kind, kind)


def validate_settings(
    options: list[Mapping[str, Any]],
    settings: Mapping[str, Any],
    *,
    prefix: str,
    check_required: bool = True,
    allow_unknown: bool = True,
) -> list[FieldError]:
    """Every problem at once: missing required options, wrong types, unknown keys.

    ``check_required`` is off for partial updates that merge into stored settings.
    """
    errors: list[FieldError] = []
    by_name = {str(o["name"]): o for o in options}
    for name, value in settings.items():
        option = by_name.get(name)
        field = f"{prefix}.{name}"
        if option is None:
            if not allow_unknown:
                errors.append(FieldError(field, f'"{name}" is not a setting of this integration'))
            continue
        kind = str(option.get("type", "string"))
        if value is None:
            if option.get("required"):
                errors.append(FieldError(field, f'"{name}" is required and cannot be null'))
            continue
        if not _type_ok(kind, value):
            errors.append(FieldError(field, f'"{name}" must be {_describe(kind)}'))
    if check_required:
        for name, option in by_name.items():
            if option.get("required") and settings.get(name) is None:
                if "defaultValue" in option and option["defaultValue"] is not None:
                    continue
                errors.append(FieldError(f"{prefix}.{name}", f'"{name}" is required'))
    return errors


def merge_settings(stored: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """PATCH semantics for settings: named keys change, ``null`` removes one, others stay."""
    merged = dict(stored)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
