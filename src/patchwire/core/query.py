"""Query strings in OpenAPI ``deepObject`` style, in every spelling real clients send.

``pagination.count=2``, ``pagination[count]=2`` (percent-encoded or not), ``userIds[]=a``,
``userIds[0]=a``, ``rules[0][type]=TRACK``, repeated keys and comma lists all parse into
plain nested dicts and lists.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_TOKEN = re.compile(r"\[([^\]]*)\]|\.([^.\[]+)")


def _path(key: str) -> list[str]:
    head = re.split(r"[.\[]", key, maxsplit=1)[0]
    parts = [head]
    for bracket, dotted in _TOKEN.findall(key[len(head) :]):
        parts.append(dotted if dotted else bracket)
    return parts


def parse_query(raw: str) -> dict[str, Any]:
    """Nested dict of the query; a key seen twice (or ``[]``) becomes a list."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(raw, keep_blank_values=True):
        parts = _path(key)
        node: dict[str, Any] = root
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if last:
                _store(node, part, value)
            else:
                if part == "":
                    part = str(_next_index(node))
                child = node.get(part)
                if not isinstance(child, dict):
                    child = {}
                    node[part] = child
                node = child
    return {k: _listify(v) for k, v in root.items()}


def _next_index(node: dict[str, Any]) -> int:
    return len(node)


def _store(node: dict[str, Any], part: str, value: str) -> None:
    if part == "":
        node[str(_next_index(node))] = value
        return
    existing = node.get(part)
    if existing is None:
        node[part] = value
    elif isinstance(existing, list):
        existing.append(value)
    else:
        node[part] = [existing, value]


def _listify(value: Any) -> Any:
    """Turn dicts whose keys are all indices into lists (``rules[0][type]``)."""
    if isinstance(value, dict):
        converted = {k: _listify(v) for k, v in value.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    return value
