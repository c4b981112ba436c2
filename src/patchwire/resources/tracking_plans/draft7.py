"""Is a value a valid draft-7 JSON Schema? The verdict of ``Draft7Validator.check_schema``,
checked one schema node at a time so that nodes repeated across a request's rules are
checked once.

Draft 7's meta-schema is recursive: wherever a schema may hold a schema (``properties``
values, ``items``, ``allOf`` members, ``not``…) it refers back to itself (``"$ref": "#"``).
Validating 2,000 rules against it spends most of its time resolving those references, and
re-checks identical sub-schemas (``{"type": "string"}``, the shared ``context``/``traits``
blocks) over and over. So the meta-schema is flattened once: every self-reference becomes
"an object or a boolean" and the other references are inlined. A value is valid when each of
its schema nodes passes the flattened meta-schema; ``_children`` walks exactly the places
the meta-schema refers back to itself. A node (with everything below it) that passed is
remembered by its JSON text for the rest of the request.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import orjson
from jsonschema import Draft7Validator, exceptions  # type: ignore[import-untyped]

_NODE = {"type": ["object", "boolean"]}
_NODE_MESSAGE = "is not of type 'object', 'boolean'"
_ONE = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "not",
)
_MAPS = ("definitions", "properties", "patternProperties", "dependencies")
_LISTS = ("allOf", "anyOf", "oneOf")

Path = tuple[str | int, ...]


def _flatten(schema: Any, definitions: dict[str, Any], alternative: bool = False) -> Any:
    """A meta-schema (sub-)schema with its references replaced: ``#`` by "anything" where
    ``_children`` checks the sub-schema's type itself, by "an object or a boolean" inside an
    ``anyOf`` (where that type decides which alternative holds), the others inlined."""
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref == "#":
            return dict(_NODE) if alternative else True
        return _flatten(definitions[ref.rsplit("/", 1)[-1]], definitions, alternative)
    out: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword in _MAPS and isinstance(value, dict):
            out[keyword] = {k: _flatten(v, definitions, alternative) for k, v in value.items()}
        elif keyword in _LISTS and isinstance(value, list):
            inner = alternative or keyword == "anyOf"
            out[keyword] = [_flatten(v, definitions, inner) for v in value]
        elif keyword in (*_ONE, "items"):
            out[keyword] = _flatten(value, definitions, alternative)
        else:
            out[keyword] = value
    return out


@functools.cache
def _node_validator() -> Any:
    meta = Draft7Validator.META_SCHEMA
    flat = _flatten({k: v for k, v in meta.items() if k != "$id"}, meta["definitions"])
    del flat["definitions"]
    return Draft7Validator(flat, format_checker=Draft7Validator.FORMAT_CHECKER)


def _children(node: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """The sub-schemas of ``node``: where draft 7's meta-schema says ``"$ref": "#"``."""
    for keyword in _ONE:
        if keyword in node:
            yield (keyword,), node[keyword]
    items = node.get("items")
    if isinstance(items, list):
        yield from ((("items", i), item) for i, item in enumerate(items))
    elif "items" in node:
        yield ("items",), items
    for keyword in _MAPS:
        members = node.get(keyword)
        if isinstance(members, dict):
            for name, member in members.items():
                # A dependency is a sub-schema or a list of property names (checked already).
                if not (keyword == "dependencies" and isinstance(member, list)):
                    yield (keyword, name), member
    for keyword in _LISTS:
        members = node.get(keyword)
        if isinstance(members, list):
            yield from (((keyword, i), member) for i, member in enumerate(members))


def first_error(value: Any, checked: set[bytes], path: Path = ()) -> tuple[str, str] | None:
    """``(where, why)`` of a reason ``value`` is not a draft-7 schema, or None when it is.

    ``checked`` holds the JSON text of nodes already known valid; it grows as nodes pass.
    """
    text = orjson.dumps(value) if isinstance(value, dict) else None
    if text is not None and text in checked:
        return None
    error = exceptions.best_match(_node_validator().iter_errors(value))
    if error is not None:
        return ".".join(str(p) for p in (*path, *error.absolute_path)), str(error.message)
    if text is None:
        return None  # true and false are schemas; the node check refuses anything else
    for where, child in _children(value):
        if isinstance(child, dict):
            found = first_error(child, checked, (*path, *where))
            if found is not None:
                return found
        elif not isinstance(child, bool):
            return ".".join(str(p) for p in (*path, *where)), f"{child!r} {_NODE_MESSAGE}"
    checked.add(text)
    return None
