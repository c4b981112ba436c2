"""An insert-function instance's settings, checked against its function's definitions.

Each function declares its settings (``FunctionSettingV1``: name, type, required,
sensitive). An instance may hold only those, with values of the declared type, and must
hold the required ones.

Sensitive values never leave in clear. On the wire an instance's ``settings`` shows every
stored value, with each sensitive one replaced by ``MASK`` (the same mask warehouse
secrets use), and ``encryptedSettings`` lists the sensitive settings that hold a value,
also masked: it says a value is stored without saying what it is. Sending ``MASK`` back
for a sensitive setting means "keep the stored value", so a client can send back the
settings it read. A stored key the function no longer defines is shown masked too (its
sensitivity is unknown) and is dropped by the next update of the instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from patchwire.catalog.settings_validation import validate_settings
from patchwire.core.errors import FieldError
from patchwire.resources.warehouses.secrets import MASK

# Function setting types as the catalog validator names its option types.
_KINDS = {"STRING": "string", "BOOLEAN": "boolean", "ARRAY": "array", "TEXT_MAP": "map"}


def _definitions(function_settings: list[Any]) -> dict[str, Mapping[str, Any]]:
    return {str(d["name"]): d for d in function_settings if isinstance(d, Mapping) and "name" in d}


def merged(
    function_settings: list[Any],
    stored: Mapping[str, Any],
    incoming: Mapping[str, Any],
    *,
    prefix: str,
) -> tuple[dict[str, Any], list[FieldError]]:
    """``stored`` updated by ``incoming`` (``null`` removes a key), and every problem.

    The result holds only keys the function defines; the whole is validated, so a
    required setting must be present after the update, not necessarily in it.
    """
    definitions = _definitions(function_settings)
    out = {key: value for key, value in stored.items() if key in definitions}
    errors: list[FieldError] = []
    for key, value in incoming.items():
        field = f"{prefix}.{key}"
        definition = definitions.get(key)
        if definition is None:
            if value is not None:
                errors.append(FieldError(field, f'"{key}" is not a setting of this function'))
        elif value is None:
            out.pop(key, None)
        elif value == MASK and definition.get("sensitive"):
            if key not in out:
                errors.append(
                    FieldError(
                        field,
                        f'"{key}" holds the mask Patchwire shows for sensitive settings, but '
                        "no value is stored; send the value itself",
                    )
                )
        else:
            out[key] = value
    options: list[Mapping[str, Any]] = [
        {
            "name": name,
            "type": _KINDS.get(str(d.get("type")), "string"),
            "required": bool(d.get("required")),
        }
        for name, d in definitions.items()
    ]
    named = {e.field for e in errors}
    errors += [
        e
        for e in validate_settings(options, out, prefix=prefix, allow_unknown=False)
        if e.field not in named
    ]
    return out, errors


def wire(
    function_settings: list[Any], stored: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(settings, encryptedSettings)`` as an instance shows them: no sensitive value."""
    definitions = _definitions(function_settings)
    settings: dict[str, Any] = {}
    encrypted: dict[str, Any] = {}
    for key, value in stored.items():
        definition = definitions.get(key)
        if definition is not None and not definition.get("sensitive"):
            settings[key] = value
        else:
            settings[key] = encrypted[key] = MASK
    return settings, encrypted
