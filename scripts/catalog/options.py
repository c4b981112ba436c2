"""Builder for IntegrationOptionBeta objects (catalog `options[]` entries).

`type` is one of OPTION_TYPES. The server validates instance settings against these options,
so `required` is true only for settings an integration cannot be created without.
"""

from __future__ import annotations

from typing import Any

OPTION_TYPES = (
    "string",
    "text",
    "password",
    "boolean",
    "number",
    "integer",
    "array",
    "map",
    "object",
    "select",
)

_NO_DEFAULT = object()


def opt(
    name: str,
    type_: str,
    label: str,
    description: str,
    *,
    required: bool = False,
    default: Any = _NO_DEFAULT,
) -> dict[str, Any]:
    """One option. Non-required options get a type-appropriate default unless told otherwise."""
    if type_ not in OPTION_TYPES:
        raise ValueError(f"option {name!r}: unknown type {type_!r}")
    option: dict[str, Any] = {
        "name": name,
        "type": type_,
        "required": required,
        "description": description,
        "label": label,
    }
    if default is _NO_DEFAULT and not required:
        default = {
            "string": "",
            "text": "",
            "password": "",
            "boolean": False,
            "array": [],
            "map": {},
            "object": {},
        }.get(type_, _NO_DEFAULT)
    if default is not _NO_DEFAULT:
        option["defaultValue"] = default
    return option


def secret(name: str, label: str, description: str, *, required: bool = True) -> dict[str, Any]:
    return opt(name, "password", label, description, required=required)


def key(name: str, label: str, description: str) -> dict[str, Any]:
    """A required plain-text identifier (API key, app id, tracking id...)."""
    return opt(name, "string", label, description, required=True)


def flag(name: str, label: str, description: str, default: bool = False) -> dict[str, Any]:
    return opt(name, "boolean", label, description, default=default)
