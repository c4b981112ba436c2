"""Seed 001's update-mask rules, in one place.

- Only fields named in ``update_mask.paths`` change (pinned C2: no mask → nothing changes).
- A named field with no value in the body is cleared to its zero value.
- The mask may sit at the top level or inside the resource object (C3), and a path may be
  written with or without the ``<resource>.`` prefix (C4).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from patchwire.core.errors import InvalidArgument


def mask_paths(body: Mapping[str, Any], resource_key: str) -> set[str]:
    """Normalised field paths from the mask (``destination.enabled`` → ``enabled``)."""
    resource = body.get(resource_key)
    mask = body.get("update_mask")
    if mask is None and isinstance(resource, Mapping):
        mask = resource.get("update_mask")
    if mask is None:
        return set()
    paths = mask.get("paths") if isinstance(mask, Mapping) else None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise InvalidArgument.for_field("update_mask.paths", "update_mask.paths must be strings")
    prefix = f"{resource_key}."
    return {p[len(prefix) :] if p.startswith(prefix) else p for p in paths}


def masked_values(
    body: Mapping[str, Any], resource_key: str, fields: Mapping[str, type]
) -> dict[str, Any]:
    """The changes an update asks for: each masked field with its value or its zero value.

    ``fields`` lists the updatable fields and their types; masking anything else is a 400.
    """
    resource = body.get(resource_key, {})
    if not isinstance(resource, Mapping):
        raise InvalidArgument.for_field(resource_key, f"{resource_key} must be an object")
    changes: dict[str, Any] = {}
    for path in sorted(mask_paths(body, resource_key)):
        kind = fields.get(path)
        if kind is None:
            allowed = ", ".join(sorted(fields))
            raise InvalidArgument.for_field(
                "update_mask.paths", f"'{path}' cannot be updated; updatable: {allowed}"
            )
        value = resource.get(path)
        if value is None:
            value = kind()  # the zero value: "", False, 0, [], {}
        elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidArgument.for_field(f"{resource_key}.{path}", f"must be {kind.__name__}")
        changes[path] = value
    return changes
