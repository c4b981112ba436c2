"""FQL inputs (triggers, filter conditions, transformation ``if``) checked the same way."""

from __future__ import annotations

from patchwire.core.errors import FieldError
from patchwire.fql import FqlSyntaxError, validate


def fql_error(field: str, expression: str) -> FieldError | None:
    """A field error naming the position and reason when ``expression`` is not valid FQL."""
    try:
        validate(expression)
    except FqlSyntaxError as exc:
        return FieldError(field, f"Invalid FQL at position {exc.position}: {exc.message}")
    return None
