"""Secret warehouse settings: stored for use, masked on the way out, kept when sent back.

A setting is secret when its catalog option has type ``password`` or when its key reads like
one (``password``, ``secret``, ``privateKey``, ``credentials``, ``token``…; nested objects are
checked by key name). Every response shows a secret as ``MASK``. A request that sends
``MASK`` back for a secret means "keep what is stored", so a client can PATCH the settings
it read (Terraform does) without knowing or erasing the secrets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from patchwire.core.errors import FieldError

MASK = "••••••"

_SECRET_KEY = re.compile(
    r"pass(word|wd|phrase)|secret|private[_-]?key|credential|token|api[_-]?key", re.IGNORECASE
)
_NO_NAMES: frozenset[str] = frozenset()


def secret_names(options: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The top-level keys the catalog declares as secret (option type ``password``)."""
    return frozenset(str(o["name"]) for o in options if o.get("type") == "password")


def is_secret(key: str, declared: frozenset[str]) -> bool:
    return key in declared or _SECRET_KEY.search(key) is not None


def masked(settings: Mapping[str, Any], declared: frozenset[str]) -> dict[str, Any]:
    """A copy of ``settings`` with every secret value replaced by ``MASK``."""
    return {key: _mask(key, value, declared) for key, value in settings.items()}


def _mask(key: str, value: Any, declared: frozenset[str]) -> Any:
    if value is not None and is_secret(key, declared):
        return MASK
    if isinstance(value, Mapping):
        return masked(value, _NO_NAMES)
    if isinstance(value, list):
        return [masked(item, _NO_NAMES) if isinstance(item, Mapping) else item for item in value]
    return value


def unmasked(
    incoming: Mapping[str, Any],
    stored: Mapping[str, Any],
    declared: frozenset[str],
    *,
    prefix: str,
) -> tuple[dict[str, Any], list[FieldError]]:
    """``incoming`` with each ``MASK`` sent for a secret replaced by the stored value.

    A mask with nothing stored behind it is an error: it is not a secret anyone chose.
    """
    out: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, value in incoming.items():
        field = f"{prefix}.{key}"
        kept = stored.get(key)
        if value == MASK and is_secret(key, declared):
            if kept is None:
                errors.append(
                    FieldError(
                        field,
                        f'"{key}" holds the mask Patchwire shows for stored secrets, but none '
                        "is stored here; send the secret itself",
                    )
                )
            out[key] = value if kept is None else kept
        else:
            out[key] = _unmask_nested(value, kept, field, errors)
    return out, errors


def _unmask_nested(value: Any, kept: Any, field: str, errors: list[FieldError]) -> Any:
    """Objects and arrays of objects, matched with what is stored by key and by index."""
    if isinstance(value, Mapping):
        inner, inner_errors = unmasked(
            value, kept if isinstance(kept, Mapping) else {}, _NO_NAMES, prefix=field
        )
        errors += inner_errors
        return inner
    if isinstance(value, list):
        stored = kept if isinstance(kept, list) else []
        return [
            _unmask_nested(item, stored[i] if i < len(stored) else None, f"{field}[{i}]", errors)
            for i, item in enumerate(value)
        ]
    return value
