"""The one error FQL raises: source text that is not a valid FQL statement."""

from __future__ import annotations


class FqlSyntaxError(Exception):
    """``source`` is not valid FQL.

    ``position`` is the 0-based index (in Python characters) of the first character the
    lexer or parser could not accept, ``len(source)`` when the statement ends too early, so
    API surfaces can point the user at the exact spot. ``message`` is the reason alone,
    without the position, for surfaces that render the two separately.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position
