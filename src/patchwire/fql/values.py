"""What FQL makes of event values: their types, strict equality, built-in functions.

Events are JSON-shaped (dicts, lists, str, int/float, bool, None). Decisions, following
Segment's FQL reference where it speaks and saying so where it does not:

* ``typeof`` names are Segment's: ``"string"``, ``"number"``, ``"bool"``, ``"list"``,
  ``"null"``; a nested object, which the reference does not name, is ``"object"``, and a
  non-JSON Python value is ``"unknown"`` and equals nothing, not even itself.
* ``=`` is true only for the same type and an equal value (lists and objects compared
  deeply with the same rule), so ``1 = '1'`` and ``true = 1`` are false; ``1 = 1.0`` is true.
* ``<``, ``<=``, ``>``, ``>=`` compare two numbers numerically or two strings by code point
  (the reference lists numbers only); any other pairing is false.
* ``contains``/``match`` are false unless both arguments are strings (so false for null).
* ``length`` counts UTF-8 bytes of a string (``'ア'`` is 3, as the reference says) or
  items of a list, is 0 for null, and null for anything else.
* The string functions return null for a non-string, as the reference says of
  ``lowercase(null)``; ``titlecase`` upper-cases the first letter of each space-separated
  word and leaves the rest as written.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from patchwire.fql.glob import glob_matches
from patchwire.fql.nodes import CompareOp, Function

_ORDER: dict[CompareOp, Callable[[Any, Any], bool]] = {
    CompareOp.LT: operator.lt,
    CompareOp.LE: operator.le,
    CompareOp.GT: operator.gt,
    CompareOp.GE: operator.ge,
}


_PLAIN = frozenset({str, int, float, bool, type(None)})


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return "unknown"


def same(left: Any, right: Any) -> bool:
    """FQL's ``=``: same type and equal value, deeply."""
    if type(left) is type(right) and type(left) in _PLAIN:
        return bool(left == right)
    kind = type_name(left)
    if kind != type_name(right) or kind == "unknown":
        return False
    if kind == "list":
        return len(left) == len(right) and all(map(same, left, right))
    if kind == "object":
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    return bool(left == right)


def compare(op: CompareOp, left: Any, right: Any) -> bool:
    if op is CompareOp.EQ:
        return same(left, right)
    if op is CompareOp.NE:
        return not same(left, right)
    if op is CompareOp.IN:
        return type_name(right) == "list" and any(same(left, item) for item in right)
    kind = type_name(left)
    return kind in ("number", "string") and kind == type_name(right) and _ORDER[op](left, right)


def resolve(event: Mapping[str, Any], segments: Sequence[str]) -> Any:
    """The value at a path; ``None`` (FQL's null) wherever the path leads nowhere.

    A segment of ASCII digits also indexes into a list (``items.\\0`` is the first item),
    since Segment events carry lists such as ``properties.products``.
    """
    current: Any = event
    for segment in segments:
        if isinstance(current, Mapping):
            current = current.get(segment)
        elif isinstance(current, list | tuple) and segment.isascii() and segment.isdigit():
            index = int(segment)
            current = current[index] if index < len(current) else None
        else:
            return None
    return current


def _contains(text: Any, part: Any) -> bool:
    return isinstance(text, str) and isinstance(part, str) and part in text


def _match(text: Any, pattern: Any) -> bool:
    return isinstance(text, str) and isinstance(pattern, str) and glob_matches(pattern, text)


def _length(value: Any) -> int | None:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    return len(value) if isinstance(value, list | tuple) else None


def _on_string(transform: Callable[[str], str]) -> Callable[[Any], str | None]:
    def apply(value: Any) -> str | None:
        return transform(value) if isinstance(value, str) else None

    return apply


def _titlecase(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


FUNCTIONS: dict[Function, Callable[..., Any]] = {
    Function.CONTAINS: _contains,
    Function.MATCH: _match,
    Function.LENGTH: _length,
    Function.LOWERCASE: _on_string(str.lower),
    Function.UPPERCASE: _on_string(str.upper),
    Function.SNAKECASE: _on_string(lambda text: text.replace(" ", "_")),
    Function.KEBABCASE: _on_string(lambda text: text.replace(" ", "-")),
    Function.TITLECASE: _on_string(_titlecase),
    Function.TYPEOF: type_name,
}
