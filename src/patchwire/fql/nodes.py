"""The FQL syntax tree: immutable values, so a parsed statement can be cached and shared.

Positions are not kept: they matter only while parsing (for ``FqlSyntaxError``), and
leaving them out makes two parses of equivalent text compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Scalar = str | int | float | bool | None


class CompareOp(StrEnum):
    """Binary operators that compare two values; each spelled as in FQL source."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    IN = "in"


class Function(StrEnum):
    """Built-in functions, named as in Segment's FQL reference.

    ``contains`` and ``match`` are the two that fql-ts knows; the rest are documented by
    Segment but rejected by fql-ts, so statements using them are ours alone to judge.
    """

    CONTAINS = "contains"
    MATCH = "match"
    LENGTH = "length"
    LOWERCASE = "lowercase"
    UPPERCASE = "uppercase"
    SNAKECASE = "snakecase"
    KEBABCASE = "kebabcase"
    TITLECASE = "titlecase"
    TYPEOF = "typeof"


@dataclass(frozen=True, slots=True)
class Literal:
    """A string, number, ``true``/``false`` or ``null`` written in the source."""

    value: Scalar


@dataclass(frozen=True, slots=True)
class ListLiteral:
    """``[v, ...]``; items are literal scalars only, as in Segment's ``in`` examples."""

    values: tuple[Scalar, ...]


@dataclass(frozen=True, slots=True)
class Path:
    """A dotted field path such as ``context.library.name``, escapes already resolved."""

    segments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Call:
    function: Function
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class And:
    """All operands at once (not nested pairs), so long chains never recurse deeply."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Expr, ...]


Expr = Literal | ListLiteral | Path | Call | Compare | Not | And | Or
