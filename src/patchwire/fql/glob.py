"""Glob patterns for ``match()``, compiled once per distinct pattern.

Syntax, per Segment's FQL reference: ``*`` is any run of characters (empty included),
``?`` exactly one character, ``[abc]`` / ``[a-z]`` one character from a set or range, and
``\\x`` the character ``x`` itself. A pattern must match the whole string, case-sensitively.
Two choices the reference leaves open: ``[^...]`` negates a set (as in Go's glob matching,
which FQL's engine is written in), and a malformed pattern (``[`` never closed, a range
running backwards, a trailing ``\\``) matches nothing rather than failing the statement.
"""

from __future__ import annotations

import re
from functools import lru_cache


class _BadPattern(Exception):
    pass


@lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern[str] | None:
    """The regex equivalent of ``pattern``, or ``None`` when it is malformed."""
    try:
        return re.compile(_translate(pattern), re.DOTALL)
    except _BadPattern:
        return None


def glob_matches(pattern: str, text: str) -> bool:
    compiled = compile_glob(pattern)
    return compiled is not None and compiled.fullmatch(text) is not None


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            chars, i = _char_class(pattern, i + 1)
            out.append(chars)
            continue
        else:
            if c == "\\":
                i += 1
                if i == len(pattern):
                    raise _BadPattern
            out.append(re.escape(pattern[i]))
        i += 1
    return "".join(out)


def _char_class(pattern: str, i: int) -> tuple[str, int]:
    """``[...]`` starting just after ``[``, as a regex class and the index after ``]``."""
    negate = i < len(pattern) and pattern[i] == "^"
    i += negate
    items: list[str] = []
    while True:
        if i >= len(pattern):
            raise _BadPattern
        if pattern[i] == "]" and items:
            break
        low, i = _class_char(pattern, i)
        if i + 1 < len(pattern) and pattern[i] == "-" and pattern[i + 1] != "]":
            high, i = _class_char(pattern, i + 1)
            if high < low:
                raise _BadPattern
            items.append(f"{re.escape(low)}-{re.escape(high)}")
        else:
            items.append(re.escape(low))
    return f"[{'^' if negate else ''}{''.join(items)}]", i + 1


def _class_char(pattern: str, i: int) -> tuple[str, int]:
    if pattern[i] == "\\":
        i += 1
        if i == len(pattern):
            raise _BadPattern
    return pattern[i], i + 1
