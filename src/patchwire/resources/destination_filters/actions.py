"""Applying a destination filter to one event, for real: the preview endpoint (and the
transformation preview) run exactly this.

Filter semantics: when ``if`` matches (the literal ``all`` matches every event), each action
runs in order — DROP discards the event; SAMPLE keeps a deterministic ``percent`` of events
(hashing the value at ``path``, or the whole event when no path is given, so a preview is
repeatable); DROP_PROPERTIES removes the listed keys; ALLOW_PROPERTIES keeps only the listed
keys. ``fields`` maps an object path (``""`` = the top level, ``properties``,
``context.device``…) to the keys it lists.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from patchwire.fql import matches

MATCH_ALL = "all"


def condition_matches(condition: str, event: Mapping[str, Any]) -> bool:
    return condition.strip() == MATCH_ALL or matches(condition, event)


def _resolve(event: Any, path: str) -> Any:
    node = event
    for part in (p for p in path.split(".") if p):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _sample_fraction(event: Mapping[str, Any], path: str | None) -> float:
    seed = _resolve(event, path) if path else event
    digest = hashlib.sha256(orjson.dumps(seed, option=orjson.OPT_SORT_KEYS)).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _object_at(event: dict[str, Any], path: str) -> dict[str, Any] | None:
    node = _resolve(event, path) if path else event
    return node if isinstance(node, dict) else None


def _keys(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [str(v) for v in value]
    return []


def apply_actions(
    condition: str, actions: Sequence[Mapping[str, Any]], payload: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The event after the filter: a new dict, or None when the filter drops it."""
    event: dict[str, Any] = copy.deepcopy(dict(payload))
    if not condition_matches(condition, event):
        return event
    for action in actions:
        kind = action.get("type")
        if kind == "DROP":
            return None
        if kind == "SAMPLE":
            percent = float(action.get("percent") or 0)
            if _sample_fraction(event, action.get("path")) >= percent:
                return None
        elif kind in ("DROP_PROPERTIES", "ALLOW_PROPERTIES"):
            for path, listed in (action.get("fields") or {}).items():
                target = _object_at(event, str(path))
                if target is None:
                    continue
                keys = set(_keys(listed))
                for key in list(target):
                    if (key in keys) == (kind == "DROP_PROPERTIES"):
                        del target[key]
    return event
