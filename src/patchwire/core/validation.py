"""Turning pydantic validation errors into our field errors, with dotted paths."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from patchwire.core.errors import FieldError, InvalidArgument

M = TypeVar("M", bound=BaseModel)


def dotted(loc: tuple[int | str, ...], prefix: str = "") -> str:
    """``("labels", 0, "key")`` → ``labels[0].key`` (with ``prefix.`` in front if given)."""
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out


def _message(error: Any, field: str) -> str:
    kind = error["type"]
    name = field.rsplit(".", 1)[-1] if field else "body"
    if kind == "missing":
        return f'"{name}" is required'
    if kind == "extra_forbidden":
        return f'"{name}" is not allowed'
    if kind in ("json_invalid", "json_type"):
        return "The request body is not valid JSON"
    if kind == "model_type" or kind == "model_attributes_type":
        return f'"{name}" must be an object'
    return f'"{name}": {error["msg"]}'


def field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    out: list[FieldError] = []
    for error in exc.errors(include_url=False):
        loc = tuple(
            p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        field = dotted(loc, prefix) if loc else (prefix or "body")
        out.append(FieldError(field, _message(error, field)))
    return out


def parse_json_model(model: type[M], raw: bytes, prefix: str = "") -> M:
    """Validate a JSON body strictly: wrong types are errors, not coercions."""
    try:
        parsed = model.model_validate_json(raw or b"{}", strict=True)
    except ValidationError as exc:
        raise InvalidArgument.for_fields(field_errors(exc, prefix)) from exc
    unstorable = unstorable_values(raw, prefix)
    if unstorable:
        raise InvalidArgument.for_fields(unstorable)
    return parsed


# What a body needs to hold for ``unstorable_values`` to have anything to find: an escaped
# NUL, a NaN/Infinity token, a 19+ digit number or a two-digit positive exponent.
_SUSPECT = re.compile(rb"\\u0000|NaN|Infinity|\d{19}|[eE]\+?\d{2}")
_LIMIT = 2**63


class _NonFinite:
    """Stands for a NaN/Infinity token so the walk can name its field."""


def unstorable_values(raw: bytes, prefix: str = "") -> list[FieldError]:
    """Values the JSON parser lets through that no store or renderer keeps intact: strings
    with NUL characters (PostgreSQL text and jsonb refuse them), NaN and infinities, and
    numbers of magnitude 2^63 or more (the response encoder refuses integers beyond 64 bits,
    and PostgreSQL jsonb hands large floats back as such integers). Schema-free maps such as
    ``settings`` can hold any of these, so the whole body is checked, but only bodies that
    contain one of the telltale byte patterns are decoded a second time."""
    if not _SUSPECT.search(raw):
        return []
    try:
        doc = json.loads(raw, parse_constant=lambda _: _NonFinite())
    except (ValueError, RecursionError):
        return []  # the parser that validated the body accepted it; nothing more to say
    errors: list[FieldError] = []
    _walk(doc, (), prefix, errors)
    return errors


def _walk(value: Any, loc: tuple[int | str, ...], prefix: str, out: list[FieldError]) -> None:
    field = dotted(loc, prefix) if loc else (prefix or "body")
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                out.append(FieldError(field, "Keys must not contain NUL characters"))
            else:
                _walk(item, (*loc, key), prefix, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*loc, index), prefix, out)
    elif isinstance(value, str):
        if "\x00" in value:
            out.append(FieldError(field, "Text must not contain NUL characters"))
    elif isinstance(value, _NonFinite) or (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not (-_LIMIT <= value < _LIMIT)
    ):
        out.append(FieldError(field, "Numbers must be finite, from -2^63 up to 2^63"))


def parse_python_model(model: type[M], data: Any, prefix: str = "") -> M:
    """Validate already-decoded data (query parameters), coercing strings where sensible."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidArgument.for_fields(field_errors(exc, prefix)) from exc
