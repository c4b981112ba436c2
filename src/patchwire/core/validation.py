"""Turning pydantic validation errors into our field errors, with dotted paths."""

from __future__ import annotations

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
        return model.model_validate_json(raw or b"{}", strict=True)
    except ValidationError as exc:
        raise InvalidArgument.for_fields(field_errors(exc, prefix)) from exc


def parse_python_model(model: type[M], data: Any, prefix: str = "") -> M:
    """Validate already-decoded data (query parameters), coercing strings where sensible."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidArgument.for_fields(field_errors(exc, prefix)) from exc
