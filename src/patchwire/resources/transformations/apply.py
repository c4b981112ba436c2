"""Applying a transformation to one event, for real: both preview endpoints run exactly this.

Property references (``oldName``, ``newName``, ``propertyPaths``, ``propertyName``,
``allowProperties`` and the hashing ``paths``) are one of two forms:

* a dotted path from the event's root, such as ``properties.plan``, ``context.ip`` or
  ``traits.address.city``;
* a bare name without a dot (``plan``), meaning that key of the event's property object:
  ``traits`` on ``identify`` and ``group`` events, ``properties`` on every other type.

Paths walk objects only (no list indexes); a segment is never empty.

When ``if`` does not match (``all`` matches every event, as in destination filters), the
event comes back unchanged. When it matches, the rules run in this order, each on the
result of the one before:

1. ``newEventName`` renames the event (``event``), on ``track`` events only.
2. ``propertyRenames`` move each ``oldName`` to ``newName``, in order. A bare ``newName``
   stays beside the old key (same parent object); a dotted one is a path from the root.
   A missing ``oldName`` is skipped; a present one moves even when its value is null.
3. ``propertyValueTransformations`` set every path in ``propertyPaths`` to
   ``propertyValue``, creating missing objects on the way; a path through a value that is
   not an object is skipped rather than overwriting that value.
4. ``allowProperties`` (when given, even empty) keeps only the listed keys of the property
   object, and of any other object a listed path names (``context.ip`` keeps only ``ip`` in
   ``context``); a nested path keeps its ancestors (``properties.address.city`` keeps
   ``address`` in ``properties`` and ``city`` in it). Top-level keys (``type``, ``event``,
   ``context``…) are never dropped. This is the destination filters' ALLOW_PROPERTIES action.
5. ``fqlDefinedProperties`` set ``propertyName`` to the value of ``fql`` computed on the
   event as it arrived: a condition (comparison, ``and``, ``or``, ``!``) gives its truth
   value, ``true`` or ``false``; a path gives the value there (null when missing); a literal
   gives itself; a function (``lowercase(properties.email)``, ``length(...)``,
   ``typeof(...)``, ``contains(...)``…) gives its result.
6. ``hashPropertiesConfiguration`` replaces the value at each of its ``paths`` with its
   digest: strings are hashed as UTF-8, other values as compact JSON with sorted keys; null
   and missing values are left alone. ``algorithm`` is one of ``ALGORITHMS`` (spelled in
   any case, with or without ``-``/``_``: ``sha256``, ``SHA-256``); with a ``key`` the
   digest is an HMAC under that key. ``encoding``: ``HEX`` (the default, lower case),
   ``BASE16`` (upper-case hex, RFC 4648), ``BASE64`` or ``BASE64URL`` (RFC 4648, padded).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from patchwire.fql import Expr, evaluate, parse
from patchwire.fql.nodes import Call, ListLiteral, Literal, Path
from patchwire.fql.values import FUNCTIONS, resolve
from patchwire.resources.destination_filters.actions import apply_actions, condition_matches

ALGORITHMS: dict[str, str] = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA512": "sha512"}
"""Supported hash algorithms: their normalised name to their ``hashlib`` name."""

DEFAULT_ENCODING = "HEX"
_TRAITS_TYPES = frozenset({"identify", "group"})
_SORTED = orjson.OPT_SORT_KEYS


@dataclass(frozen=True, slots=True)
class Hashing:
    algorithm: str
    paths: Sequence[str]
    key: str | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    """A transformation's rules, as ``apply`` reads them."""

    condition: str
    new_event_name: str | None = None
    renames: Sequence[tuple[str, str]] = ()
    values: Sequence[tuple[Sequence[str], str]] = ()
    defined: Sequence[tuple[str, str]] = ()
    """``(fql, propertyName)`` pairs."""
    allow: Sequence[str] | None = None
    hashing: Hashing | None = None


def reference_error(reference: str) -> str | None:
    """Why ``reference`` is not a property reference, or None when it is one."""
    if any(not part for part in reference.split(".")):
        return "must be a property name or a dotted path such as properties.plan, no empty parts"
    return None


def algorithm_name(algorithm: str) -> str | None:
    """The ``hashlib`` name for ``algorithm`` (``sha-256`` → ``sha256``), or None."""
    return ALGORITHMS.get(algorithm.upper().replace("-", "").replace("_", ""))


def apply(rules: Rules, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The event after the transformation: a new dict; ``payload`` is never changed."""
    event: dict[str, Any] = copy.deepcopy(dict(payload))
    if not condition_matches(rules.condition, event):
        return event
    arrived = copy.deepcopy(event)
    if rules.new_event_name is not None and event.get("type") == "track":
        event["event"] = rules.new_event_name
    for old, new in rules.renames:
        _rename(event, old, new)
    for paths, value in rules.values:
        for reference in paths:
            _set(event, _path(event, reference), value)
    if rules.allow is not None:
        event = _allow(event, rules.allow)
    for source, reference in rules.defined:
        _set(event, _path(event, reference), _fql_value(parse(source), arrived))
    if rules.hashing is not None:
        _hash(event, rules.hashing)
    return event


def _property_object(event: Mapping[str, Any]) -> str:
    return "traits" if event.get("type") in _TRAITS_TYPES else "properties"


def _path(event: Mapping[str, Any], reference: str) -> tuple[str, ...]:
    parts = tuple(reference.split("."))
    return parts if len(parts) > 1 else (_property_object(event), reference)


def _parent(event: dict[str, Any], path: Sequence[str], *, create: bool) -> dict[str, Any] | None:
    """The object holding ``path``'s last key; missing objects are made when ``create``."""
    node = event
    for part in path[:-1]:
        child = node.get(part)
        if child is None and create:
            child = node[part] = {}
        if not isinstance(child, dict):
            return None
        node = child
    return node


def _set(event: dict[str, Any], path: Sequence[str], value: Any) -> None:
    parent = _parent(event, path, create=True)
    if parent is not None:
        parent[path[-1]] = value


def _rename(event: dict[str, Any], old: str, new: str) -> None:
    old_path = _path(event, old)
    parent = _parent(event, old_path, create=False)
    if parent is None or old_path[-1] not in parent:
        return
    value = parent.pop(old_path[-1])
    new_path = tuple(new.split(".")) if "." in new else (*old_path[:-1], new)
    _set(event, new_path, value)


def _allow(event: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    fields: dict[str, list[str]] = {_property_object(event): []}
    for reference in allowed:
        path = _path(event, reference)
        for depth in range(1, len(path)):
            fields.setdefault(".".join(path[:depth]), []).append(path[depth])
    action = {"type": "ALLOW_PROPERTIES", "fields": fields}
    kept = apply_actions("all", [action], event)
    return event if kept is None else kept


def _fql_value(expr: Expr, event: Mapping[str, Any]) -> Any:
    """The value of an FQL expression: operands give their value, conditions their truth.

    Operands (literals, lists, paths and function calls) are exactly what function arguments
    may be, so this covers every call the parser accepts."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, ListLiteral):
        return list(expr.values)
    if isinstance(expr, Path):
        return copy.deepcopy(resolve(event, expr.segments))
    if isinstance(expr, Call):
        return FUNCTIONS[expr.function](*[_fql_value(arg, event) for arg in expr.args])
    return evaluate(expr, event)


def _digest(value: Any, hashing: Hashing) -> str:
    data = value.encode() if isinstance(value, str) else orjson.dumps(value, option=_SORTED)
    name = algorithm_name(hashing.algorithm)
    if name is None:  # writes and previews check the algorithm first
        raise ValueError(f"unsupported hash algorithm {hashing.algorithm!r}")
    if hashing.key is not None:
        raw = hmac.new(hashing.key.encode(), data, name).digest()
    else:
        raw = hashlib.new(name, data).digest()
    encoding = hashing.encoding or DEFAULT_ENCODING
    if encoding == "BASE16":
        return raw.hex().upper()
    if encoding == "BASE64":
        return base64.b64encode(raw).decode()
    if encoding == "BASE64URL":
        return base64.urlsafe_b64encode(raw).decode()
    return raw.hex()


def _hash(event: dict[str, Any], hashing: Hashing) -> None:
    for reference in hashing.paths:
        path = _path(event, reference)
        parent = _parent(event, path, create=False)
        if parent is not None and parent.get(path[-1]) is not None:
            parent[path[-1]] = _digest(parent[path[-1]], hashing)
